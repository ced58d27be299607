import Foundation
import L2LNumerics
import L2LOptimizers
import L2LOptimizees

/// What an optimizer needs of the loop it runs in, checked when a spec is loaded.
public struct OptimizerCapabilities: Sendable, Equatable {
    /// It may run the outer loop (it is told a fitness only).
    public var outerCapable: Bool
    /// It fits model outputs to targets (an `OutputFittingOptimizer`), so its optimizee must return them.
    public var needsOutputs: Bool

    public init(outerCapable: Bool = true, needsOutputs: Bool = false) {
        self.outerCapable = outerCapable
        self.needsOutputs = needsOutputs
    }
}

/// Everything the spec needs to offer an ask/tell optimizer not built into
/// ``OptimizerAlgorithm``: its name under `optimizer:`, its keys beside it (validated with
/// file:line:column, searchable as `inner.<key>`), cross-key rules, capabilities and `make`.
/// Its checkpoints resume through the `Optimizer` protocol's `State` like the built-ins'.
public struct OptimizerDescriptor: Sendable {
    /// The value of `optimizer:` (`[a-z][a-z0-9_]*`).
    public var identifier: String
    public var doc: String
    /// The keys beside `optimizer` and `iterations`.
    public var keys: [SpecKey]
    public var capabilities: OptimizerCapabilities
    /// Rules involving several keys, on the section (`inner` or `outer`), keys relative to it.
    public var check: @Sendable (SpecSection) -> [SpecSectionIssue]
    /// The optimizer for a search space.
    public var make: @Sendable (_ section: SpecSection, _ space: SearchSpace, _ initialPoint: [Double]?, _ random: RandomStream) throws -> any Optimizer
    /// Per key, a rule on its value beyond the type's range (from ``SpecField``s): applied to the
    /// file's value and to every value a search space may try.
    public var valueRules: [String: @Sendable (SpecScalar) -> String?] = [:]
    /// The typed configuration a section describes (for a descriptor built from fields), else the section.
    public var configuration: @Sendable (SpecSection) -> any Sendable = { $0 }
    /// The section that describes a typed configuration (for a descriptor built from fields).
    public var section: @Sendable (_ path: String, _ configuration: Any) -> SpecSection? = { _, _ in nil }

    public init(
        identifier: String, doc: String, keys: [SpecKey], capabilities: OptimizerCapabilities = OptimizerCapabilities(),
        check: @escaping @Sendable (SpecSection) -> [SpecSectionIssue] = { _ in [] },
        make: @escaping @Sendable (SpecSection, SearchSpace, [Double]?, RandomStream) throws -> any Optimizer
    ) {
        self.identifier = identifier
        self.doc = doc
        self.keys = keys
        self.capabilities = capabilities
        self.check = check
        self.make = make
    }
}

/// The optimizers a Swift package added beside the built-in ones.
public enum OptimizerRegistry {
    /// The registered optimizers l2l itself ships (documented in `docs/spec.md`).
    static let shipped: [OptimizerDescriptor] = [
        GeneticAlgorithm.descriptor, CrossEntropyMethod.descriptor, OpenAIEvolutionStrategy.descriptor,
    ]

    private final class Storage: @unchecked Sendable {
        let lock = NSLock()
        var descriptors: [OptimizerDescriptor] = OptimizerRegistry.shipped
    }

    private static let storage = Storage()

    /// Adds `descriptor`; specs loaded afterwards may name it as `optimizer:`.
    public static func register(_ descriptor: OptimizerDescriptor) throws(OptimizeeRegistry.RegistrationError) {
        let name = descriptor.identifier
        let valid = name.first.map { ("a"..."z").contains($0) } == true
            && name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        guard valid else { throw .invalidIdentifier(name) }
        storage.lock.lock()
        defer { storage.lock.unlock() }
        guard !SpecSchema.enumOptimizerVariant.cases.contains(where: { $0.value == name }),
            !storage.descriptors.contains(where: { $0.identifier == name })
        else { throw .duplicate(name) }
        storage.descriptors.append(descriptor)
    }

    public static var descriptors: [OptimizerDescriptor] {
        storage.lock.lock()
        defer { storage.lock.unlock() }
        return storage.descriptors
    }

    public static func descriptor(_ identifier: String) -> OptimizerDescriptor? {
        descriptors.first { $0.identifier == identifier }
    }
}

/// A registered optimizer as a spec selects it: its name and validated section.
public struct RegisteredOptimizerSpec: Sendable, Equatable {
    public var identifier: String
    public var section: SpecSection

    public init(identifier: String, section: SpecSection) {
        self.identifier = identifier
        self.section = section
    }
}
