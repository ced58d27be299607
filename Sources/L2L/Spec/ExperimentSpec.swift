import L2LNetworks
import L2LOptimizers
import L2LOptimizees

/// A validated experiment spec: what the outer loop tunes, the inner optimizer it tunes,
/// the optimizee family, the train/test tasks and what is recorded.
///
/// Build one with ``SpecLoader/load(contentsOf:)`` or ``SpecLoader/parse(_:fileName:)``; every
/// value has passed the checks declared in the spec schema (see `docs/spec.md`).
///
/// ```swift
/// let spec = try SpecLoader.load(contentsOf: "experiments/quickstart.yaml")
/// let tuned = try spec.applying([(path: "inner.elite_fraction", value: .double(0.3))])
/// ```
public struct ExperimentSpec: Sendable, Equatable {
    /// Experiment name, `[A-Za-z0-9_.-]+`.
    public var name: String
    /// Master seed of the experiment.
    public var seed: UInt64
    /// Default output file path, if the spec names one.
    public var output: String?
    /// The outer loop: its optimizer, fitness aggregation and search space.
    public var outer: OuterLoopSpec
    /// The inner optimizer whose hyperparameters are tuned.
    public var inner: OptimizerSpec
    /// The problem family the inner optimizer solves.
    public var optimizee: OptimizeeSpec
    /// Train and test task seeds.
    public var tasks: TasksSpec
    /// What the recorder stores.
    public var record: RecordSpec
    /// File name and exact original text of the spec.
    public var source: SpecSource
    /// The scale merged over the file's values (`l2l run --scale NAME`; see `scales` in
    /// `docs/spec.md`); nil: the file's own values.
    public var scale: String?
    /// The scales the file declares, in file order.
    public var declaredScales: [String] = []

    /// Where results go when the command line names no file: `output`, else `results/<name>.h5`
    /// (`results/<name>-<scale>.h5` at a scale).
    public var defaultOutputPath: String {
        output ?? "results/\(name)\(scale.map { "-\($0)" } ?? "").h5"
    }

    /// Assignments made by ``applying(_:)`` so far, replayed onto `source.text` by the next call.
    /// Not part of equality: two specs with equal values behave identically.
    var appliedAssignments: [SpecAssignment] = []

    /// The absolute directory of the spec file, where relative data paths are looked up first
    /// (see ``DataSearchPath``); nil for a spec given as text. Not part of equality.
    public var sourceDirectory: String?

    public static func == (lhs: ExperimentSpec, rhs: ExperimentSpec) -> Bool {
        lhs.name == rhs.name && lhs.seed == rhs.seed && lhs.output == rhs.output && lhs.outer == rhs.outer
            && lhs.inner == rhs.inner && lhs.optimizee == rhs.optimizee && lhs.tasks == rhs.tasks
            && lhs.record == rhs.record && lhs.source == rhs.source && lhs.scale == rhs.scale
    }
}

/// One assignment of ``ExperimentSpec/applying(_:)``.
struct SpecAssignment: Sendable, Equatable {
    var path: String
    var value: SpecScalar
}

/// Where a spec came from: the file name and its exact text (stored with the results).
public struct SpecSource: Sendable, Equatable {
    public var fileName: String
    public var text: String

    public init(fileName: String, text: String) {
        self.fileName = fileName
        self.text = text
    }
}

/// The outer loop: an optimizer over the inner optimizer's hyperparameters.
public struct OuterLoopSpec: Sendable, Equatable {
    /// The outer optimizer and its iteration count.
    public var optimizer: OptimizerSpec
    /// How inner runs are aggregated into one outer fitness.
    public var fitness: OuterFitness
    /// The hyperparameters tuned (never empty).
    public var searchSpace: [SearchSpaceEntry]
    /// The final-report metric each inner run is scored by (`mean`/`median`), e.g.
    /// `train_accuracy_after_signsgd`; nil: the run's final best fitness.
    public var fitnessMetric: String?
    /// Early stopping of unpromising sets' inner runs (`outer.early_stopping`); nil: every run goes to the end.
    public var earlyStopping: EarlyStoppingSpec?

    public init(
        optimizer: OptimizerSpec, fitness: OuterFitness, searchSpace: [SearchSpaceEntry], fitnessMetric: String? = nil,
        earlyStopping: EarlyStoppingSpec? = nil
    ) {
        self.optimizer = optimizer
        self.fitness = fitness
        self.searchSpace = searchSpace
        self.fitnessMetric = fitnessMetric
        self.earlyStopping = earlyStopping
    }
}

/// How the outer loop scores one hyperparameter vector.
///
/// `mean` / `median`: of the final best fitness of each inner run over train tasks × repeats;
/// `auc`: the mean over runs of the normalized area under the best-so-far curve.
public enum OuterFitness: String, Sendable, Equatable, CaseIterable {
    case mean
    case median
    case areaUnderCurve = "auc"
}

/// An optimizer with its hyperparameters and iteration budget.
public struct OptimizerSpec: Sendable, Equatable {
    /// Iterations (generations) to run, `>= 1`.
    public var iterations: Int
    /// The algorithm and its configuration.
    public var algorithm: OptimizerAlgorithm
    /// Seconds one evaluation may take before it counts as failed (inner only; nil = no limit).
    public var evaluationTimeLimit: Double?
    /// Re-scoring of the run's best points on validation draws before it reports them (inner
    /// only, `inner.rescore_top` > 0; nil = off).
    public var rescore: IncumbentRescore?

    public init(iterations: Int, algorithm: OptimizerAlgorithm, evaluationTimeLimit: Double? = nil, rescore: IncumbentRescore? = nil) {
        self.iterations = iterations
        self.algorithm = algorithm
        self.evaluationTimeLimit = evaluationTimeLimit
        self.rescore = rescore
    }
}

/// The optimizer algorithms a spec can name.
public enum OptimizerAlgorithm: Sendable, Equatable {
    /// YAML `optimizer: mads`.
    case meshAdaptiveDirectSearch(MeshAdaptiveDirectSearch.Configuration)
    /// YAML `optimizer: enomad`.
    case enomad(ENOMAD.Configuration)
    /// YAML `optimizer: enkf`; its `covariance` and `maxFullCovariance` come from `record`.
    case ensembleKalmanFilter(EnsembleKalmanFilter.Configuration)
    /// YAML `optimizer: cmaes`; its `covariance` and `maxFullCovariance` come from `record`.
    case cmaes(CMAES.Configuration)
    /// YAML `optimizer: nne`: allele-frequency evolution over binary genotypes.
    case alleleFrequencyEvolution(AlleleFrequencyEvolution.Configuration)
    /// YAML `inner.optimizer: neuromodulated`: not an ask/tell optimizer but the dopamine/noradrenaline
    /// lifetime learning rule of the Go/No-Go learner (`optimizee.gonogo`), run for `iterations` trials.
    /// Valid for `inner` only.
    case neuromodulated(NeuromodulationConstants)
    /// YAML `inner.optimizer: signsgd | dopaminergic | adam`: a lifetime learning rule of the digit
    /// classifier `optimizee.plastic_classifier`, run for `iterations` mini-batches. Valid for `inner` only.
    case plasticity(PlasticityRuleSpec)
    /// YAML `optimizer: <identifier>` of an optimizer in ``OptimizerRegistry``: `ga`, `cem`, `openai_es`, or one
    /// a Swift package registered.
    case registered(RegisteredOptimizerSpec)

    /// The algorithm of a registered optimizer type with a typed configuration, e.g.
    /// `.registered(OpenAIEvolutionStrategy.self, .init(population: 20))`; nil when `O` is not registered
    /// through ``SpecField``s.
    public static func registered<O: Optimizer>(_ type: O.Type, _ configuration: O.Configuration, at path: String = "inner") -> OptimizerAlgorithm? {
        guard let descriptor = OptimizerRegistry.descriptor(O.identifier),
            let section = descriptor.section(path, configuration)
        else { return nil }
        return .registered(RegisteredOptimizerSpec(identifier: O.identifier, section: section))
    }

    /// The typed configuration of a registered optimizer built from ``SpecField``s, if this is one of type `C`.
    public func configuration<C>(as type: C.Type) -> C? {
        guard case .registered(let registered) = self, let descriptor = OptimizerRegistry.descriptor(registered.identifier)
        else { return nil }
        return descriptor.configuration(registered.section) as? C
    }

    /// The YAML name of the lifetime rule.
    public static let neuromodulatedIdentifier = "neuromodulated"

    /// The YAML name: `"ga"`, `"cem"`, `"mads"`, `"enomad"`, `"enkf"`, `"openai_es"`, `"cmaes"`, `"nne"` or `"neuromodulated"`.
    public var identifier: String {
        switch self {
        case .meshAdaptiveDirectSearch: MeshAdaptiveDirectSearch.identifier
        case .enomad: ENOMAD.identifier
        case .ensembleKalmanFilter: EnsembleKalmanFilter.identifier
        case .cmaes: CMAES.identifier
        case .alleleFrequencyEvolution: AlleleFrequencyEvolution.identifier
        case .neuromodulated: Self.neuromodulatedIdentifier
        case .plasticity(let rule): rule.identifier
        case .registered(let registered): registered.identifier
        }
    }
}

/// One tuned hyperparameter of the outer search space.
public struct SearchSpaceEntry: Sendable, Equatable {
    /// Dotted path into the spec, e.g. `inner.elite_fraction`, `optimizee.function.dimension`.
    public var path: String
    /// The distribution / domain searched.
    public var kind: SearchKind

    public init(path: String, kind: SearchKind) {
        self.path = path
        self.kind = kind
    }
}

/// The domain of a search-space entry.
public enum SearchKind: Sendable, Equatable {
    /// YAML `kind: uniform`: a real in `[low, high]`.
    case uniform(low: Double, high: Double)
    /// YAML `kind: log_uniform`: a real in `[low, high]`, searched on a log scale (`low > 0`).
    case logUniform(low: Double, high: Double)
    /// YAML `kind: integer`: an integer in `low...high`.
    case integer(low: Int, high: Int)
    /// YAML `kind: choice`: one of `values`.
    case choice([SpecScalar])
}

/// The problem family the inner optimizer solves.
public enum OptimizeeSpec: Sendable, Equatable {
    /// YAML `optimizee: {function: {...}}`.
    case function(FunctionOptimizeeSpec)
    /// YAML `optimizee: {classifier: {...}}`.
    case classifier(ClassifierOptimizeeSpec)
    /// YAML `optimizee: {reservoir: {...}}`.
    case reservoir(ReservoirOptimizeeSpec)
    /// YAML `optimizee: {morris_lecar: {...}}`.
    case morrisLecar(MorrisLecarOptimizeeSpec)
    /// YAML `optimizee: {connectome: {...}}`.
    case connectome(ConnectomeOptimizeeSpec)
    /// YAML `optimizee: {genotype_classifier: {...}}`: a digit classifier whose weights are `W x` of a binary genotype x.
    case genotypeClassifier(GenotypeClassifierOptimizeeSpec)
    /// YAML `optimizee: {gonogo: {...}}`; trained only by `inner.optimizer: neuromodulated`.
    case gonogo(GoNoGoOptimizeeSpec)
    /// YAML `optimizee: {plastic_classifier: {...}}`; trained only by `inner.optimizer: signsgd | dopaminergic | adam`.
    case plasticClassifier(PlasticClassifierOptimizeeSpec)
    /// YAML `optimizee: {<identifier>: {...}}` of a family in ``OptimizeeRegistry``: `external`
    /// (a user's program) or one a Swift package registered.
    case registered(RegisteredOptimizeeSpec)
}

/// Train and test task families.
public struct TasksSpec: Sendable, Equatable {
    public var train: TaskFamilySpec
    public var test: TaskFamilySpec
    /// Inner runs per task and hyperparameter vector, `>= 1`.
    public var repeats: Int

    public init(train: TaskFamilySpec, test: TaskFamilySpec, repeats: Int = 1) {
        self.train = train
        self.test = test
        self.repeats = repeats
    }
}

/// A run of consecutive task seeds.
public struct TaskFamilySpec: Sendable, Equatable {
    /// Number of tasks, `>= 1`.
    public var count: Int
    /// The first task seed (YAML `first_seed`).
    public var firstSeed: UInt64

    public init(count: Int, firstSeed: UInt64) {
        self.count = count
        self.firstSeed = firstSeed
    }

    /// `firstSeed ..< firstSeed + count` (validated not to overflow).
    public var seeds: [UInt64] {
        (0..<UInt64(max(count, 0))).map { firstSeed &+ $0 }
    }
}

/// What the recorder stores besides the per-iteration summaries.
public struct RecordSpec: Sendable, Equatable {
    /// Every inner candidate and its fitness.
    public var candidates: Bool
    /// The inner optimizer's state per iteration.
    public var state: Bool
    /// The parameter covariance `enkf` and `cmaes` record per iteration (YAML `covariance`).
    public var covariance: CovarianceRecording
    /// Largest parameter count for which `covariance: full` is accepted (YAML `max_full_covariance`).
    public var maxFullCovariance: Int
    /// The optimizee's final arrays about each run's incumbent (YAML `artifacts`), e.g. paths.
    public var artifacts: Bool

    public init(
        candidates: Bool = true, state: Bool = true, covariance: CovarianceRecording = .diagonal,
        maxFullCovariance: Int = CovarianceRecording.defaultMaxFullDimension, artifacts: Bool = false
    ) {
        self.artifacts = artifacts
        self.candidates = candidates
        self.state = state
        self.covariance = covariance
        self.maxFullCovariance = maxFullCovariance
    }
}
