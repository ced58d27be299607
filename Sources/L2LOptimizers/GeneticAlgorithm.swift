import L2LNumerics

/// A generational genetic algorithm with DEAP's operators and optional elitism, as
/// the L2L `GeneticAlgorithmOptimizer` runs it.
///
/// ```swift
/// var ga = try GeneticAlgorithm(
///     configuration: .init(population: 30), space: .box(count: 5, lower: -5, upper: 5),
///     initialPoint: nil, random: RandomStream(seed: 1))
/// let best = try ga.optimize(iterations: 100) { xs in xs.map { x in -x.reduce(0) { $0 + $1 * $1 } } }
/// ```
///
/// Each generation (Fortin et al. 2012, "DEAP: Evolutionary algorithms made easy",
/// *JMLR* 13:2171; Subramoney et al. 2019, "L2L: learning to learn", L2L
/// `l2l/optimizers/evolution/optimizer.py`):
/// 1. the best `elites` individuals are copied unchanged (elitism; DEAP's `eaSimple`
///    and L2L keep none, so `elites: 0` reproduces them);
/// 2. the other `population − elites` offspring are chosen by `selTournament`:
///    `tournamentSize` aspirants drawn uniformly **with replacement**, the fittest kept;
/// 3. consecutive pairs of offspring are recombined with probability
///    `crossoverProbability` (`cxBlend` BLX-α or `cxUniform`);
/// 4. each offspring is mutated with probability `mutationProbability`: every gene, with
///    probability `geneMutationProbability`, gets Gaussian noise of standard deviation
///    `mutationScale × encoded width` (`mutGaussian`);
/// 5. offspring are projected onto the box (`SearchSpace.clamp`).
///
/// **Every individual is evaluated every generation**, elites and unchanged copies
/// included: fitness may be noisy (Poisson input, random task draws), and DEAP's
/// cached fitness would favour lucky individuals. An elite's new fitness can therefore
/// be lower than the one that made it an elite; the ``incumbent`` keeps the best
/// finite evaluation ever seen. NaN and ±∞ fitness rank below every finite value.
/// DEAP/L2L's re-mutation of duplicate offspring is not done.
///
/// The first population is the `initialPoint` (clamped) followed by uniform samples
/// of the encoded box, or only uniform samples. `ask` returns the current population;
/// the ask that follows a `tell` first breeds the next generation from it.
public struct GeneticAlgorithm: Optimizer {
    public static let identifier = "ga"

    /// Everything that changes during a run, random stream included.
    public struct State: Codable, Sendable, Equatable {
        /// The stream all of the algorithm's randomness comes from.
        public var random: RandomStream
        /// Completed generations (tells).
        public var iteration: Int
        /// The current generation, `population × dimension`, encoded.
        public var population: [[Double]]
        /// Fitness of `population`; empty until it is told.
        public var fitness: [Double]
        /// `true` between an `ask` and its `tell`.
        public var awaitingFitness: Bool
        /// Per individual, the indices in the previous generation of its parents: the
        /// tournament winner it was cloned from and, if it was recombined, its crossover
        /// partner; −1 for none (the whole initial generation has `[-1, -1]`).
        public var parents: [[Int]]
        /// Per individual: recombined by crossover.
        public var crossed: [Bool]
        /// Per individual: at least one gene was mutated.
        public var mutated: [Bool]
        /// Per individual: an elite copied unchanged from the previous generation.
        public var elite: [Bool]
        /// Best finite evaluation so far.
        public var incumbent: Incumbent?

        /// Field-by-field equality in which a NaN fitness equals NaN, so a state equals its restored copy.
        public static func == (a: State, b: State) -> Bool {
            a.random == b.random && a.iteration == b.iteration && a.population == b.population
                && a.fitness.map(\.bitPattern) == b.fitness.map(\.bitPattern)
                && a.awaitingFitness == b.awaitingFitness && a.parents == b.parents && a.crossed == b.crossed
                && a.mutated == b.mutated && a.elite == b.elite && a.incumbent == b.incumbent
        }
    }

    public let configuration: Configuration
    public let space: SearchSpace
    public internal(set) var state: State
    /// Mutation standard deviation per coordinate (`mutationScale × width`).
    let mutationSigmas: [Double]

    public init(
        configuration: Configuration, space: SearchSpace, initialPoint: [Double]?, random: RandomStream
    ) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        if let x = initialPoint, x.count != space.count {
            throw .dimensionMismatch(expected: space.count, got: x.count)
        }
        var random = random
        let p = configuration.population
        var population: [[Double]] = []
        population.reserveCapacity(p)
        if let x = initialPoint { population.append(space.clamp(x)) }
        let lower = space.lowerBounds, upper = space.upperBounds
        while population.count < p {
            population.append((0..<space.count).map { random.nextUniform(in: lower[$0], upper[$0]) })
        }
        self.configuration = configuration
        self.space = space
        self.mutationSigmas = space.widths.map { configuration.mutationScale * $0 }
        self.state = State(
            random: random, iteration: 0, population: population, fitness: [], awaitingFitness: false,
            parents: Array(repeating: [-1, -1], count: p), crossed: Array(repeating: false, count: p),
            mutated: Array(repeating: false, count: p), elite: Array(repeating: false, count: p),
            incumbent: nil)
    }

    public init(configuration: Configuration, space: SearchSpace, state: State) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        let p = configuration.population
        guard state.population.count == p else {
            throw .incompatibleState("population has \(state.population.count) individuals, configuration \(p)")
        }
        guard state.population.allSatisfy({ $0.count == space.count }) else {
            throw .incompatibleState("individuals must have \(space.count) coordinates")
        }
        guard state.fitness.isEmpty || state.fitness.count == p,
            state.parents.count == p, state.parents.allSatisfy({ $0.count == 2 }),
            state.crossed.count == p, state.mutated.count == p, state.elite.count == p,
            state.iteration >= 0
        else { throw .incompatibleState("per-individual arrays must have \(p) entries") }
        guard state.fitness.isEmpty == (state.iteration == 0 || state.awaitingFitness) else {
            throw .incompatibleState("fitness must be present exactly when the population has been told")
        }
        self.configuration = configuration
        self.space = space
        self.mutationSigmas = space.widths.map { configuration.mutationScale * $0 }
        self.state = state
    }

    public var iteration: Int { state.iteration }
    public var incumbent: Incumbent? { state.incumbent }

    public mutating func ask() throws(OptimizerError) -> [[Double]] {
        guard !state.awaitingFitness else {
            throw .outOfOrder("ga: ask called twice; tell the fitness of the last ask first")
        }
        if state.iteration > 0 { breed() }
        state.awaitingFitness = true
        return state.population
    }

    public mutating func tell(_ fitness: [Double]) throws(OptimizerError) {
        guard state.awaitingFitness else { throw .outOfOrder("ga: tell called without a pending ask") }
        guard fitness.count == state.population.count else {
            throw .fitnessCountMismatch(expected: state.population.count, got: fitness.count)
        }
        state.fitness = fitness
        state.awaitingFitness = false
        state.incumbent = Incumbent.updating(state.incumbent, with: state.population, fitness: fitness, iteration: state.iteration)
        state.iteration += 1
    }

    /// `.populationConverged` once every individual of a told generation is identical and
    /// mutation cannot move them (its probability or scale is zero).
    public var stopReasons: [StopReason] {
        guard state.iteration > 0, !state.awaitingFitness else { return [] }
        let c = configuration
        let canMutate = c.mutationProbability > 0 && c.geneMutationProbability > 0 && mutationSigmas.contains { $0 > 0 }
        if !canMutate, let first = state.population.first, state.population.allSatisfy({ $0 == first }) {
            return [.populationConverged]
        }
        return []
    }

    /// Checks every hyperparameter, naming it as a spec does.
    static func validate(_ c: Configuration, space: SearchSpace) throws(OptimizerError) {
        func fail(_ key: String, _ value: Any, _ expected: String) -> OptimizerError {
            .invalidConfiguration(optimizer: identifier, key: key, value: "\(value)", expected: expected)
        }
        func isProbability(_ x: Double) -> Bool { x >= 0 && x <= 1 }
        if c.population < 2 { throw fail("population", c.population, "an integer ≥ 2") }
        if c.tournamentSize < 1 { throw fail("tournament_size", c.tournamentSize, "an integer ≥ 1") }
        if !isProbability(c.crossoverProbability) {
            throw fail("crossover_probability", c.crossoverProbability, "a probability in [0, 1]")
        }
        if !(c.blendAlpha >= 0 && c.blendAlpha.isFinite) { throw fail("blend_alpha", c.blendAlpha, "a finite α ≥ 0") }
        if !isProbability(c.uniformSwapProbability) {
            throw fail("uniform_swap_probability", c.uniformSwapProbability, "a probability in [0, 1]")
        }
        if !isProbability(c.mutationProbability) {
            throw fail("mutation_probability", c.mutationProbability, "a probability in [0, 1]")
        }
        if !isProbability(c.geneMutationProbability) {
            throw fail("gene_mutation_probability", c.geneMutationProbability, "a probability in [0, 1]")
        }
        if !(c.mutationScale >= 0 && c.mutationScale.isFinite) {
            throw fail("mutation_scale", c.mutationScale, "a finite fraction ≥ 0 of each width")
        }
        if c.elites < 0 || c.elites >= c.population {
            throw fail("elites", c.elites, "an integer in 0..<population (\(c.population))")
        }
        if space.count == 0 { throw fail("space", "0 dimensions", "at least one dimension") }
    }
}
