import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers

/// The C. elegans connectome on the foraging or chemotaxis task (`optimizee.connectome`). See ``ConnectomeOptimizee``.
public struct ConnectomeOptimizeeSpec: Sendable, Equatable {
    /// Which task (YAML `task`).
    public enum Task: String, Sendable, Equatable, CaseIterable {
        /// Eat food laid out in patterns (``ForagingConfiguration``).
        case foraging
        /// Climb one odour gradient (``ForagingConfiguration/chemotaxis``).
        case chemotaxis
        /// The ENOMAD study's own arena, food patterns, reward and neuron model (``PaperForagingOptimizee``).
        case foragingPaper = "foraging_paper"
    }
    /// Which wiring (YAML `dataset`).
    public enum Dataset: String, Sendable, Equatable, CaseIterable {
        case varshney2011, cook2019
        public var connectomeDataset: Connectome.Dataset {
            self == .varshney2011 ? .varshney2011 : .cook2019(includePharynx: false)
        }
    }
    /// Which neuron and synapse constants (YAML `parameters`).
    public enum ParameterSet: String, Sendable, Equatable, CaseIterable {
        case kunert2014, interactome
        public var parameters: GradedPotentialParameters { self == .kunert2014 ? .kunert2014 : .interactome }
    }
    /// Which per-edge scale factors are trainable (YAML `trainable`); the others stay at the prior 1.
    public enum Trainable: String, Sendable, Equatable, CaseIterable {
        case chemical, gap, all
        /// Chemical edges and gap pairs inside the chemosensory sub-circuit
        /// (``ForagingConfiguration/circuit``: 36 neurons, 156 chemical edges and 25 gap pairs in Varshney 2011).
        case circuit
    }

    public var task: Task = .foraging
    public var dataset: Dataset = .varshney2011
    public var dataDirectory = "data/connectome"
    public var parameterSet: ParameterSet = .kunert2014
    public var method: GradedPotentialSimulator.Method = .rk4
    public var dtMs = 0.1
    /// Arithmetic of the simulator's time loop (YAML `precision`).
    public var precision: SimulationPrecision = .double
    public var trainable: Trainable = .all
    /// Lower bound of every trainable scale factor (≥ 0 keeps the transmitter signs).
    public var minimumScale = 0.0
    /// Upper bound of every trainable scale factor.
    public var maximumScale = 3.0
    /// Whether the six odour-sensing neurons' sensitivities (multipliers on their currents: AWAL,
    /// AWAR, ASEL, ASER, AWCL, AWCR) are trained too, in `[0, maximumSensoryGain]`, prior 1 (YAML `train_sensory_gains`).
    public var trainSensoryGains = false
    /// Upper bound of a trained sensory gain (YAML `max_sensory_gain`).
    public var maximumSensoryGain = 4.0
    /// Training episodes (food layouts) per evaluation.
    public var episodes = 2
    /// Whether the training layouts are the task seed's fixed set or drawn fresh at each inner
    /// iteration (YAML `episode_draws`).
    public var episodeDraws: EpisodeDraws = .fixed
    /// Held-out episodes of the final report.
    public var testEpisodes = 4
    /// Random networks (uniform scales in the bounds) averaged for the random baseline.
    public var randomBaselines = 2
    /// Arena, sensing and motor mapping; for `task: chemotaxis` built from ``ForagingConfiguration/chemotaxis``.
    public var foraging = ForagingConfiguration()
    /// `task: foraging_paper`: the study's arena, patterns, reward and threshold (YAML `paper`).
    public var paper = PaperForagingConfiguration()
    /// `task: foraging_paper`: each raw weight is trained in [min(−B, w₀), max(B, w₀)] (YAML `paper.weight_bound`).
    public var paperWeightBound = 20.0

    public init() {}
}

/// The connectome (Varshney 2011 or Cook 2019) as a Kunert–Shlizerman–Kutz graded-potential network
/// steering a worm in a 2-D arena (``ConnectomeForaging``): foraging, or chemotaxis up one odour
/// gradient (``ForagingConfiguration/chemotaxis``), as an optimizee (`optimizee.connectome`).
///
/// **Parameters**: per-edge scale factors of the chosen `trainable` set (chemical edges in
/// `connectome.chemicalSynapses` order, then gap pairs; `circuit`: only those among the neurons of
/// ``ForagingConfiguration/circuit``), each in `[min_scale, max_scale]`; the others stay 1. The
/// conductance of an edge is its synapse count × g × scale, so scales ≥ 0 keep every edge's sign
/// (set by the presynaptic transmitter). **Initial point**: the biological prior, every scale 1
/// (the published counts), for ENOMAD/MADS.
/// **Task**: each task seed draws `episodes` training layouts and `test_episodes` held-out ones
/// (``ForagingLayout``); with `episode_draws: fresh` each inner iteration draws its own `episodes`
/// training layouts instead (``EpisodeDraws``), the same for all its candidates, and the task seed's
/// training layouts serve only the `train_*` metrics. **Fitness**: mean over the training layouts of the episode score (food
/// eaten + shaping, or final closeness to the peak); −∞ if the network diverges. **Final report**:
/// on the held-out layouts, the incumbent's, the untrained connectome's (`_prior`) and random
/// networks' (`_random`, uniform scales of the same trainable set) `test_fitness` and `food_eaten`
/// or `final_distance`; the same on the training layouts (`train_`). **Final artifacts** (with
/// `record.artifacts`): the paths of the incumbent and of the untrained connectome on the held-out
/// layouts, with the food eaten along them, and the food positions.
public struct ConnectomeOptimizee: Optimizee {
    public let spec: ConnectomeOptimizeeSpec
    public let taskSeed: UInt64
    public let task: ConnectomeForaging
    public let trainLayouts: [ForagingLayout]
    public let testLayouts: [ForagingLayout]
    /// Indices into the full weight vector of the trainable scales.
    public let trainableIndices: [Int]
    public let parameterSpace: SearchSpace
    public let initialPoint: [Double]?

    static let trainStream: UInt64 = 1
    static let testStream: UInt64 = 2
    static let randomStream: UInt64 = 3

    public init(spec: ConnectomeOptimizeeSpec, taskSeed: UInt64) throws {
        self.spec = spec
        self.taskSeed = taskSeed
        let worm = try Connectome.load(spec.dataset.connectomeDataset, from: URL(fileURLWithPath: spec.dataDirectory))
        let network = GradedPotentialNetwork(connectome: worm, parameters: spec.parameterSet.parameters)
        task = try ConnectomeForaging(network: network, configuration: spec.foraging, method: spec.method, dtMs: spec.dtMs,
                                         precision: spec.precision)
        let root = RandomStream(seed: taskSeed)
        func layouts(_ label: UInt64, _ count: Int) -> [ForagingLayout] {
            (0..<count).map { i in
                var s = root.derived(label, UInt64(i))
                return ForagingLayout(seed: s.next(), configuration: spec.foraging)
            }
        }
        trainLayouts = layouts(Self.trainStream, spec.episodes)
        testLayouts = layouts(Self.testStream, spec.testEpisodes)
        let chem = network.chemicalWeightCount, gap = network.gapWeightCount
        switch spec.trainable {
        case .chemical: trainableIndices = Array(0..<chem)
        case .gap: trainableIndices = Array(chem..<(chem + gap))
        case .all: trainableIndices = Array(0..<(chem + gap))
        case .circuit:
            let members = Set(ForagingConfiguration.circuit.compactMap(worm.index(of:)))
            trainableIndices = worm.chemicalSynapses.indices.filter {
                members.contains(worm.chemicalSynapses[$0].pre) && members.contains(worm.chemicalSynapses[$0].post)
            } + worm.gapJunctions.indices.filter {
                members.contains(worm.gapJunctions[$0].a) && members.contains(worm.gapJunctions[$0].b)
            }.map { chem + $0 }
        }
        let names = worm.neurons.map(\.name)
        let gainNames = spec.trainSensoryGains ? ForagingConfiguration.odourNeurons : []
        parameterSpace = SearchSpace(trainableIndices.map { index in
            let name: String
            if index < chem {
                let e = worm.chemicalSynapses[index]
                name = "chem_\(names[e.pre])_\(names[e.post])"
            } else {
                let g = worm.gapJunctions[index - chem]
                name = "gap_\(names[g.a])_\(names[g.b])"
            }
            return SearchDimension(name: name, kind: .real, lower: spec.minimumScale, upper: spec.maximumScale)
        } + gainNames.map { SearchDimension(name: "gain_\($0)", kind: .real, lower: 0, upper: spec.maximumSensoryGain) })
        let prior = min(max(1.0, spec.minimumScale), spec.maximumScale)
        initialPoint = [Double](repeating: prior, count: trainableIndices.count)
            + [Double](repeating: min(1, spec.maximumSensoryGain), count: gainNames.count)
    }

    /// The full weight vector (every scale) of encoded trainable parameters.
    public func weights(_ parameters: [Double]) -> [Double] {
        var w = task.network.priorWeights
        for (k, index) in trainableIndices.enumerated() { w[index] = parameters[k] }
        return w
    }

    /// The sensory gains of encoded trainable parameters (all 1 unless `train_sensory_gains`).
    public func sensoryGains(_ parameters: [Double]) -> [Double] {
        spec.trainSensoryGains ? Array(parameters[trainableIndices.count...])
            : [Double](repeating: 1, count: ForagingConfiguration.odourNeurons.count)
    }

    /// Outcomes of `parameters` on `layouts`, one batch.
    public func episodes(_ parameters: [Double], layouts: [ForagingLayout], recordPath: Bool = false) -> [ForagingOutcome] {
        let w = weights(parameters), g = sensoryGains(parameters)
        return task.run(layouts.map { (w, $0) }, gains: layouts.map { _ in g }, recordPath: recordPath)
    }

    public func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
        guard parameters.count == parameterSpace.dimensions.count else {
            throw ConnectomeOptimizeeError.parameterCount(expected: parameterSpace.dimensions.count, got: parameters.count)
        }
        guard parameters.allSatisfy(\.isFinite) else { return Evaluation(fitness: -.infinity) }
        let outcomes = episodes(parameters, layouts: trainingLayouts(iteration: random))
        let fitness = outcomes.reduce(0) { $0 + $1.fitness } / Double(max(outcomes.count, 1))
        return Evaluation(fitness: fitness)
    }

    /// The training layouts of an evaluation handed `iteration` (the iteration's stream): the task
    /// seed's `trainLayouts`, or with `episode_draws: fresh` `episodes` layouts drawn from it.
    public func trainingLayouts(iteration: RandomStream) -> [ForagingLayout] {
        spec.episodeDraws.episodes(fixed: trainLayouts, count: spec.episodes, iteration: iteration) { stream, _ in
            ForagingLayout(seed: stream.next(), configuration: spec.foraging)
        }
    }

    /// Random parameter vectors of the same size, uniform in the bounds (scales and any sensory gains),
    /// drawn from the task seed.
    public func randomParameters() -> [[Double]] {
        var r = RandomStream(seed: taskSeed).derived(Self.randomStream)
        return (0..<spec.randomBaselines).map { _ in
            parameterSpace.dimensions.map { r.nextUniform(in: $0.lower, $0.upper) }
        }
    }

    public func finalReport(bestParameters: [Double]) -> [String: Double] {
        guard bestParameters.count == parameterSpace.dimensions.count, let prior = initialPoint else { return [:] }
        func mean(_ o: [ForagingOutcome], _ value: (ForagingOutcome) -> Double) -> Double {
            o.isEmpty ? .nan : o.reduce(0) { $0 + value($1) } / Double(o.count)
        }
        let test = episodes(bestParameters, layouts: testLayouts)
        let testPrior = episodes(prior, layouts: testLayouts)
        let random = randomParameters().flatMap { episodes($0, layouts: testLayouts) }
        let train = episodes(bestParameters, layouts: trainLayouts)
        let trainPrior = episodes(prior, layouts: trainLayouts)
        func fitness(_ o: [ForagingOutcome]) -> Double {
            let f = mean(o, \.fitness)
            return f.isFinite ? f : .nan
        }
        var metrics = ["test_fitness": fitness(test), "test_fitness_prior": fitness(testPrior),
                       "test_fitness_random": fitness(random),
                       "train_fitness": fitness(train), "train_fitness_prior": fitness(trainPrior),
                       "test_diverged": test.contains(where: \.diverged) ? 1 : 0]
        switch spec.task {
        case .foraging, .foragingPaper:
            let food = { (o: ForagingOutcome) in Double(o.foodEaten) }
            metrics["food_eaten"] = mean(test, food)
            metrics["food_eaten_prior"] = mean(testPrior, food)
            metrics["food_eaten_random"] = mean(random, food)
            metrics["train_food_eaten"] = mean(train, food)
            metrics["train_food_eaten_prior"] = mean(trainPrior, food)
        case .chemotaxis:
            metrics["final_distance"] = mean(test, \.finalDistance)
            metrics["final_distance_prior"] = mean(testPrior, \.finalDistance)
            metrics["final_distance_random"] = mean(random, \.finalDistance)
            metrics["train_final_distance"] = mean(train, \.finalDistance)
            metrics["train_final_distance_prior"] = mean(trainPrior, \.finalDistance)
        }
        return metrics
    }

    /// The incumbent's and the untrained connectome's paths on the held-out layouts, and the layouts' food
    /// (`final/<name>` in the run's group when `record.artifacts` is on).
    public func finalArtifacts(bestParameters: [Double]) -> [RecordedArray] {
        guard bestParameters.count == parameterSpace.dimensions.count, let prior = initialPoint, !testLayouts.isEmpty else { return [] }
        let steps = spec.foraging.controlSteps + 1, episodes = testLayouts.count
        func paths(_ name: String, _ parameters: [Double], _ who: String) -> [RecordedArray] {
            let outcomes = self.episodes(parameters, layouts: testLayouts, recordPath: true)
            // A diverged episode stops early: pad with NaN.
            func padded(_ v: [Double], _ length: Int) -> [Double] { v + [Double](repeating: .nan, count: max(0, length - v.count)) }
            return [
                RecordedArray(name: "\(name)path", shape: [episodes, steps, 2],
                              values: outcomes.flatMap { padded($0.path, 2 * steps) }, axes: ["episode", "step", "xy"],
                              description: "head position (x, y) of \(who) on each held-out layout, start then one per control step",
                              units: "arena widths"),
                RecordedArray(name: "\(name)food_eaten", shape: [episodes, steps],
                              values: outcomes.flatMap { padded($0.eatenAlongPath, steps) }, axes: ["episode", "step"],
                              description: "food eaten so far by \(who) at each position of `\(name)path`"),
            ]
        }
        let food = spec.foraging.foodCount
        let foodXY = testLayouts.flatMap { layout in zip(layout.foodX, layout.foodY).flatMap { [$0, $1] } }
        return paths("", bestParameters, "the trained network") + paths("prior_", prior, "the untrained connectome") + [
            RecordedArray(name: "food", shape: [episodes, food, 2], values: foodXY, axes: ["episode", "item", "xy"],
                          description: "food items (chemotaxis: the odour peak) of each held-out layout", units: "arena widths"),
        ]
    }
}

/// Why a connectome optimizee cannot be evaluated.
public enum ConnectomeOptimizeeError: Error, Equatable, CustomStringConvertible {
    case parameterCount(expected: Int, got: Int)

    public var description: String {
        switch self {
        case let .parameterCount(expected, got): "connectome: \(got) parameters, the trainable set has \(expected)"
        }
    }
}
