import Foundation

/// A descriptor that a registry keeps under its spec name.
protocol IdentifiedDescriptor: Sendable {
    var identifier: String { get }
}

/// The bookkeeping both registries share: a locked list of descriptors, names checked once.
final class DescriptorStore<Descriptor: IdentifiedDescriptor>: @unchecked Sendable {
    private let lock = NSLock()
    private var descriptors: [Descriptor]
    /// Names taken by families or optimizers that are not descriptors (cases of the spec enums).
    private let reserved: @Sendable () -> [String]

    init(shipped: [Descriptor], reserved: @escaping @Sendable () -> [String]) {
        descriptors = shipped
        self.reserved = reserved
    }

    /// Adds `descriptor` unless its name is malformed or taken.
    func register(_ descriptor: Descriptor) throws(RegistrationError) {
        let name = descriptor.identifier
        let valid = name.first.map { ("a"..."z").contains($0) } == true
            && name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        guard valid else { throw .invalidIdentifier(name) }
        let reservedNames = reserved()
        lock.lock()
        defer { lock.unlock() }
        guard !reservedNames.contains(name), !descriptors.contains(where: { $0.identifier == name }) else {
            throw .duplicate(name)
        }
        descriptors.append(descriptor)
    }

    /// Every descriptor, in registration order.
    var all: [Descriptor] {
        lock.lock()
        defer { lock.unlock() }
        return descriptors
    }

    func descriptor(_ identifier: String) -> Descriptor? {
        all.first { $0.identifier == identifier }
    }
}

/// Why a registry refused a descriptor.
public enum RegistrationError: Error, CustomStringConvertible, Equatable {
    case duplicate(String)
    case invalidIdentifier(String)

    public var description: String {
        switch self {
        case .duplicate(let name): "the name '\(name)' is already registered"
        case .invalidIdentifier(let name): "identifier '\(name)' must match [a-z][a-z0-9_]*"
        }
    }
}

/// A registered optimizee family or optimizer as a spec selects it: its name and validated section.
public struct RegisteredSpec: Sendable, Equatable {
    public var identifier: String
    public var section: SpecSection

    public init(identifier: String, section: SpecSection) {
        self.identifier = identifier
        self.section = section
    }
}

public typealias RegisteredOptimizeeSpec = RegisteredSpec
public typealias RegisteredOptimizerSpec = RegisteredSpec
