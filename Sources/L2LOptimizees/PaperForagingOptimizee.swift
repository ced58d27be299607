import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers

/// The ENOMAD study's own foraging setting (Churchland & Garcia-Ojalvo 2025) as an optimizee
/// (`optimizee.connectome` with `task: foraging_paper`): the study's 1,600 × 1,200 arena, food
/// patterns, per-step reward and 250-step episodes (``PaperForaging``), with the study's neuron
/// model, the accumulate-and-fire network (``AccumulateFireNetwork``).
///
/// **Parameters**: every raw weight of the network (neuron → neuron and neuron → body-wall muscle),
/// each in [min(−B, w₀), max(B, w₀)] with B = `paper.weight_bound` (the study draws its GA's random
/// individuals and mutations from U(−20, 20)). **Initial point**: the unmodified connectome weights,
/// the study's untrained worm. **Task**: each task seed draws `episodes` training layouts and
/// `test_episodes` held-out ones (``PaperForagingLayout``: a pattern, uniform among `paper.patterns`,
/// then its placement); with `episode_draws: fresh` each inner iteration draws its own training
/// layouts (``EpisodeDraws``). **Fitness**: the episode's summed reward (food × 30 + proximity shaping),
/// averaged over the training layouts. **Final report**: as the connectome foraging task's —
/// `test_fitness`, `food_eaten` for the incumbent, the untrained connectome (`_prior`) and random
/// weights in the bounds (`_random`), and the same on the task seed's training layouts (`train_*`).
public struct PaperForagingOptimizee: Optimizee {
    public let spec: ConnectomeOptimizeeSpec
    public let taskSeed: UInt64
    public let task: PaperForaging
    public let trainLayouts: [PaperForagingLayout]
    public let testLayouts: [PaperForagingLayout]
    public let parameterSpace: SearchSpace
    public let initialPoint: [Double]?

    public init(spec: ConnectomeOptimizeeSpec, taskSeed: UInt64) throws {
        self.spec = spec
        self.taskSeed = taskSeed
        let directory = URL(fileURLWithPath: spec.dataDirectory)
        let worm = try Connectome.load(spec.dataset.connectomeDataset, from: directory)
        let network = AccumulateFireNetwork(connectome: worm, muscles: try AccumulateFireNetwork.loadMuscles(from: directory),
                                            threshold: spec.paper.threshold)
        task = try PaperForaging(network: network, configuration: spec.paper)
        let root = RandomStream(seed: taskSeed)
        func layouts(_ label: UInt64, _ count: Int) -> [PaperForagingLayout] {
            (0..<count).map { i in
                var s = root.derived(label, UInt64(i))
                return PaperForagingLayout(seed: s.next(), configuration: spec.paper)
            }
        }
        trainLayouts = layouts(ConnectomeOptimizee.trainStream, spec.episodes)
        testLayouts = layouts(ConnectomeOptimizee.testStream, spec.testEpisodes)
        let bound = spec.paperWeightBound
        parameterSpace = SearchSpace(zip(network.edges, network.priorWeights).map { edge, w in
            SearchDimension(name: edge.name, kind: .real, lower: min(-bound, w), upper: max(bound, w))
        })
        initialPoint = network.priorWeights
    }

    /// Outcomes of `weights` on `layouts`.
    public func episodes(_ weights: [Double], layouts: [PaperForagingLayout], recordPath: Bool = false) -> [ForagingOutcome] {
        layouts.map { task.run(weights: weights, layout: $0, recordPath: recordPath) }
    }

    public func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
        guard parameters.count == parameterSpace.dimensions.count else {
            throw ConnectomeOptimizeeError.parameterCount(expected: parameterSpace.dimensions.count, got: parameters.count)
        }
        guard parameters.allSatisfy(\.isFinite) else { return Evaluation(fitness: -.infinity) }
        let outcomes = episodes(parameters, layouts: trainingLayouts(iteration: random))
        return Evaluation(fitness: outcomes.reduce(0) { $0 + $1.fitness } / Double(max(outcomes.count, 1)))
    }

    /// The training layouts of an evaluation handed `iteration`: the task seed's, or with
    /// `episode_draws: fresh` `episodes` layouts drawn from the iteration's stream.
    public func trainingLayouts(iteration: RandomStream) -> [PaperForagingLayout] {
        spec.episodeDraws.episodes(fixed: trainLayouts, count: spec.episodes, iteration: iteration) { stream, _ in
            PaperForagingLayout(seed: stream.next(), configuration: spec.paper)
        }
    }

    /// Random weight vectors uniform in the bounds, drawn from the task seed.
    public func randomParameters() -> [[Double]] {
        var r = RandomStream(seed: taskSeed).derived(ConnectomeOptimizee.randomStream)
        return (0..<spec.randomBaselines).map { _ in parameterSpace.dimensions.map { r.nextUniform(in: $0.lower, $0.upper) } }
    }

    public func finalReport(bestParameters: [Double]) -> [String: Double] {
        guard bestParameters.count == parameterSpace.dimensions.count, let prior = initialPoint else { return [:] }
        func mean(_ o: [ForagingOutcome], _ value: (ForagingOutcome) -> Double) -> Double {
            o.isEmpty ? .nan : o.reduce(0) { $0 + value($1) } / Double(o.count)
        }
        func fitness(_ o: [ForagingOutcome]) -> Double {
            let f = mean(o, \.fitness)
            return f.isFinite ? f : .nan
        }
        let food = { (o: ForagingOutcome) in Double(o.foodEaten) }
        let test = episodes(bestParameters, layouts: testLayouts), testPrior = episodes(prior, layouts: testLayouts)
        let random = randomParameters().flatMap { episodes($0, layouts: testLayouts) }
        let train = episodes(bestParameters, layouts: trainLayouts), trainPrior = episodes(prior, layouts: trainLayouts)
        return [
            "test_fitness": fitness(test), "test_fitness_prior": fitness(testPrior), "test_fitness_random": fitness(random),
            "train_fitness": fitness(train), "train_fitness_prior": fitness(trainPrior),
            "test_diverged": test.contains(where: \.diverged) ? 1 : 0,
            "food_eaten": mean(test, food), "food_eaten_prior": mean(testPrior, food), "food_eaten_random": mean(random, food),
            "train_food_eaten": mean(train, food), "train_food_eaten_prior": mean(trainPrior, food),
        ]
    }

    /// The incumbent's and the untrained connectome's paths on the held-out layouts, and the food
    /// (`final/<name>` with `record.artifacts`), in the arena's pixels.
    public func finalArtifacts(bestParameters: [Double]) -> [RecordedArray] {
        guard bestParameters.count == parameterSpace.dimensions.count, let prior = initialPoint, !testLayouts.isEmpty else { return [] }
        let steps = spec.paper.steps + 1, episodes = testLayouts.count
        func padded(_ v: [Double], _ length: Int) -> [Double] { v + [Double](repeating: .nan, count: max(0, length - v.count)) }
        func paths(_ name: String, _ weights: [Double], _ who: String) -> [RecordedArray] {
            let outcomes = self.episodes(weights, layouts: testLayouts, recordPath: true)
            return [
                RecordedArray(name: "\(name)path", shape: [episodes, steps, 2], values: outcomes.flatMap { padded($0.path, 2 * steps) },
                              axes: ["episode", "step", "xy"],
                              description: "head position (x, y) of \(who) on each held-out layout, start then one per step",
                              units: "arena pixels (1600 x 1200)"),
                RecordedArray(name: "\(name)food_eaten", shape: [episodes, steps], values: outcomes.flatMap { padded($0.eatenAlongPath, steps) },
                              axes: ["episode", "step"], description: "food eaten so far by \(who) at each position of `\(name)path`"),
            ]
        }
        // Patterns place up to food_count items (grid: ⌊√n⌋²); pad with NaN.
        let items = testLayouts.map(\.foodX.count).max() ?? 0
        let food = testLayouts.flatMap { l in padded(zip(l.foodX, l.foodY).flatMap { [$0, $1] }, 2 * items) }
        return paths("", bestParameters, "the trained network") + paths("prior_", prior, "the untrained connectome") + [
            RecordedArray(name: "food", shape: [episodes, items, 2], values: food, axes: ["episode", "item", "xy"],
                          description: "food items of each held-out layout", units: "arena pixels (1600 x 1200)"),
        ]
    }
}
