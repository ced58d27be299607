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
public struct OptimizerDescriptor: IdentifiedDescriptor {
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

/// The optimizers that are descriptors: l2l's GA, CEM, OpenAI-ES, random and grid search, TPE, and those a Swift package registers.
public enum OptimizerRegistry {
    /// The registered optimizers l2l itself ships (documented in `docs/spec.md`).
    static let shipped: [OptimizerDescriptor] = [
        GeneticAlgorithm.descriptor, CrossEntropyMethod.descriptor, OpenAIEvolutionStrategy.descriptor,
        RandomSearch.descriptor, GridSearch.descriptor, TreeParzenEstimator.descriptor,
    ]

    private static let store = DescriptorStore(
        shipped: shipped, reserved: { SpecSchema.enumOptimizerVariant.cases.map(\.value) })

    /// Adds `descriptor`; specs loaded afterwards may name it as `optimizer:`.
    public static func register(_ descriptor: OptimizerDescriptor) throws(RegistrationError) {
        try store.register(descriptor)
    }

    /// Every registered descriptor (l2l's shipped ones first), in registration order.
    public static var descriptors: [OptimizerDescriptor] { store.all }

    public static func descriptor(_ identifier: String) -> OptimizerDescriptor? { store.descriptor(identifier) }
}
