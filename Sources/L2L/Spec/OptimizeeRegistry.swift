import Foundation
import L2LOptimizees

/// What an optimizee family can do, so that a spec pairing it with an optimizer that needs more
/// is rejected with a position before anything runs.
public struct OptimizeeCapabilities: Sendable, Equatable {
    /// Evaluations return model outputs and targets (needed by `inner.optimizer: enkf`).
    public var providesOutputs: Bool
    /// Parameters are binary genes (needed by `inner.optimizer: nne`).
    public var binaryParameters: Bool

    public init(providesOutputs: Bool = false, binaryParameters: Bool = false) {
        self.providesOutputs = providesOutputs
        self.binaryParameters = binaryParameters
    }
}

/// A problem a descriptor's cross-key check found, at a key relative to its section.
public struct SpecSectionIssue: Sendable, Equatable {
    /// The key, relative to the section (`upper`, `parameters[2].high`); empty for the section itself.
    public var key: String
    public var message: String

    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }
}

/// Where an optimizee is built: the inner run it serves.
public struct OptimizeeContext: Sendable {
    /// The run's coordinates; `coordinates.taskSeed` defines the task.
    public var coordinates: RunCoordinates

    public init(coordinates: RunCoordinates) {
        self.coordinates = coordinates
    }
}

/// Everything l2l needs to know about one optimizee family that is not built into the spec
/// enum: its YAML name under `optimizee`, its keys (read, validated with file:line:column,
/// searchable by dotted path and listed in `docs/spec.md`), cross-key rules, capabilities, and
/// how to build one optimizee per task.
///
/// ```swift
/// try OptimizeeRegistry.register(OptimizeeDescriptor(
///     identifier: "sine_fit", doc: "Fit a sine's phase.",
///     keys: [SpecKey("frequency", .real(.closed(0.1, 10)), .value(.double(1)), "Frequency in Hz.")],
///     make: { section, context in SineFit(frequency: section.double("frequency")!, taskSeed: context.coordinates.taskSeed) }))
/// ```
public struct OptimizeeDescriptor: IdentifiedDescriptor {
    /// The key under `optimizee` (`[a-z][a-z0-9_]*`).
    public var identifier: String
    /// One line for `docs/spec.md` and the `optimizee` key list.
    public var doc: String
    /// The section's keys.
    public var keys: [SpecKey]
    /// Whether `outer.search_space` may name this section's keys.
    public var searchable: Bool
    /// The capabilities of the family the section describes.
    public var capabilities: @Sendable (SpecSection) -> OptimizeeCapabilities
    /// Rules involving several keys; run only when every key is valid on its own.
    public var check: @Sendable (SpecSection) -> [SpecSectionIssue]
    /// One optimizee for the run in `context`.
    public var make: @Sendable (SpecSection, OptimizeeContext) throws -> any Optimizee

    public init(
        identifier: String, doc: String, keys: [SpecKey], searchable: Bool = true,
        capabilities: @escaping @Sendable (SpecSection) -> OptimizeeCapabilities = { _ in OptimizeeCapabilities() },
        check: @escaping @Sendable (SpecSection) -> [SpecSectionIssue] = { _ in [] },
        make: @escaping @Sendable (SpecSection, OptimizeeContext) throws -> any Optimizee
    ) {
        self.identifier = identifier
        self.doc = doc
        self.keys = keys
        self.searchable = searchable
        self.capabilities = capabilities
        self.check = check
        self.make = make
    }

    /// The section's schema.
    var mapping: SpecMapping {
        SpecMapping(title: "optimizee.\(identifier)", doc: doc, keys: keys, searchable: searchable)
    }
}

/// The optimizee families added beside the built-in ones: `external` (a user's program, see
/// docs/external-protocol.md) and whatever a Swift package registers before it loads a spec.
public enum OptimizeeRegistry {
    /// The names of the families built into ``OptimizeeSpec`` (not registrable): the schema's own keys.
    static var builtInIdentifiers: [String] { SpecSchema.optimizee(registered: []).keys.map(\.name) }

    /// What the families of ``OptimizeeSpec``'s cases can do (the registered ones say it in their descriptors).
    static let builtInCapabilities: [String: OptimizeeCapabilities] = [
        "function": OptimizeeCapabilities(providesOutputs: true),
        "classifier": OptimizeeCapabilities(providesOutputs: true),
        "reservoir": OptimizeeCapabilities(providesOutputs: true),
        "morris_lecar": OptimizeeCapabilities(providesOutputs: true),
        "connectome": OptimizeeCapabilities(),
        "genotype_classifier": OptimizeeCapabilities(binaryParameters: true),
    ]

    /// The registered families l2l itself ships (documented in `docs/spec.md`).
    static let shipped: [OptimizeeDescriptor] = [ExternalOptimizeeDescriptor.descriptor]

    private static let store = DescriptorStore(shipped: shipped, reserved: { builtInIdentifiers })

    /// Adds `descriptor`; specs loaded afterwards may name it under `optimizee`.
    public static func register(_ descriptor: OptimizeeDescriptor) throws(RegistrationError) {
        try store.register(descriptor)
    }

    /// Every registered descriptor, in registration order.
    public static var descriptors: [OptimizeeDescriptor] { store.all }

    /// The descriptor named `identifier`, if registered.
    public static func descriptor(_ identifier: String) -> OptimizeeDescriptor? { store.descriptor(identifier) }
}
