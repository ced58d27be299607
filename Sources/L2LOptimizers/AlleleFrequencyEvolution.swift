import L2LNumerics

/// Neural-net evolution (NNE): allele-frequency evolution under weak selection
/// (Gorantla, Louis, Papadimitriou, Vempala & Yadati 2019, "Biologically plausible
/// neural networks via evolutionary dynamics and dopaminergic plasticity", NeurIPS
/// workshop Real Neurons & Hidden Units, https://openreview.net/forum?id=B1eh4mYIUB).
///
/// ```swift
/// var nne = try AlleleFrequencyEvolution(
///     configuration: .init(population: 200, selectionStrength: 0.5),
///     space: AlleleFrequencyEvolution.genotypeSpace(genes: 64), initialPoint: nil,
///     random: RandomStream(seed: 1))
/// // fitness = number of ones: every allele 1 is better
/// try nne.optimize(iterations: 100) { xs in xs.map { $0.reduce(0, +) } }
/// nne.state.frequencies    // → close to 1 everywhere
/// ```
///
/// The search distribution is a vector of allele frequencies p ∈ [0, 1]ⁿ. Each generation:
/// 1. `ask` samples `population` haploid genotypes x ∈ {0, 1}ⁿ with x(i) ~ Bernoulli(p(i))
///    independently, returned as 0/1 `Double`s;
/// 2. the caller scores each genotype (fitness, **maximized**: the paper's rewards are
///    negative losses, eqs. 1–2, or the advantage over a random guess δₓ of §3.1);
/// 3. `tell` estimates each allele's reward as the mean fitness of the genotypes that
///    carry it, f(i) = Σₓ δₓ x(i) / Σₓ x(i), and of those that lack it,
///    f̄(i) = Σₓ δₓ (1 − x(i)) / Σₓ (1 − x(i)) (§3.1, the sample versions of eqs. 1–2);
/// 4. and applies the weak-selection update of equation 3 with selection strength ε:
///    p(i) ← p(i)(1 + ε f(i)) / (1 + ε f̄(i) + ε p(i)(f(i) − f̄(i))).
///
/// **Genotype → network.** The optimizer knows nothing of networks: the candidates are
/// genotypes, and the caller maps them to weights — in the paper `W x` with a sparse
/// random weight-generation matrix W (`GenotypeNetwork` in L2LNetworks). The search
/// space must therefore be n binary dimensions, each with bounds [0, 1] (integer or
/// real kind; ``genotypeSpace(genes:)`` builds one). An `initialPoint`, if given, is
/// taken as p¹ (clamped into [0, 1]).
///
/// **Guards** (not in the paper). Genotypes with non-finite fitness are left out of
/// f and f̄ (as if not sampled), and never become the incumbent. When no counted
/// genotype carries allele i, or none lacks it, f(i) or f̄(i) is undefined and p(i) is
/// left unchanged; likewise when a denominator of eq. 3 is not positive (ε too large
/// for negative fitness). p = 0 and p = 1 are absorbing unless `frequencyFloor` > 0.
///
/// The incumbent is the best genotype evaluated. `stopReasons` reports
/// `.populationConverged` once every allele is within `convergenceTolerance` of 0 or 1.
public struct AlleleFrequencyEvolution: Optimizer {
    public static let identifier = "nne"

    /// Everything that changes during a run, random stream included.
    ///
    /// The pending batch is not stored: `batchRandom` is the stream from which it was
    /// drawn, and `tell` redraws it bit for bit (N·n bits would otherwise dominate a
    /// checkpoint).
    public struct State: Codable, Sendable, Equatable {
        /// The stream all of the method's randomness comes from.
        public var random: RandomStream
        /// Completed generations (tells).
        public var iteration: Int
        /// Allele frequencies p (probability of allele 1), one per gene.
        public var frequencies: [Double]
        /// The stream state the pending batch was sampled from; nil when no ask is pending.
        public var batchRandom: RandomStream?
        /// Fitness of the last told batch (empty before the first tell).
        public var fitness: [Double]
        /// f(i) − f̄(i) of the last update (NaN where undefined; empty before the first).
        public var advantage: [Double]
        /// Best finite evaluation so far.
        public var incumbent: Incumbent?

        /// Field-by-field equality in which NaN equals NaN, so a state equals its restored copy.
        public static func == (a: State, b: State) -> Bool {
            a.random == b.random && a.iteration == b.iteration && a.frequencies == b.frequencies
                && a.batchRandom == b.batchRandom
                && a.fitness.map(\.bitPattern) == b.fitness.map(\.bitPattern)
                && a.advantage.map(\.bitPattern) == b.advantage.map(\.bitPattern)
                && a.incumbent == b.incumbent
        }
    }

    public let configuration: Configuration
    public let space: SearchSpace
    public internal(set) var state: State

    /// n binary dimensions `gene0 … gene(n−1)`, integer kind with bounds [0, 1].
    public static func genotypeSpace(genes: Int, namePrefix: String = "gene") -> SearchSpace {
        SearchSpace((0..<genes).map { SearchDimension(name: "\(namePrefix)\($0)", kind: .integer, lower: 0, upper: 1) })
    }

    public init(
        configuration: Configuration, space: SearchSpace, initialPoint: [Double]?, random: RandomStream
    ) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        let n = space.count
        var random = random
        var p: [Double]
        if let x = initialPoint {
            guard x.count == n else { throw .dimensionMismatch(expected: n, got: x.count) }
            p = x.map { $0.isNaN ? 0.5 : Swift.min(Swift.max($0, 0), 1) }
        } else {
            switch configuration.initialFrequencies {
            case .uniform: p = (0..<n).map { _ in random.nextUniform() }
            case .half: p = [Double](repeating: 0.5, count: n)
            }
        }
        let floor = configuration.frequencyFloor
        if floor > 0 { p = p.map { Swift.min(Swift.max($0, floor), 1 - floor) } }
        self.configuration = configuration
        self.space = space
        self.state = State(
            random: random, iteration: 0, frequencies: p, batchRandom: nil, fitness: [], advantage: [],
            incumbent: nil)
    }

    public init(configuration: Configuration, space: SearchSpace, state: State) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        let n = space.count
        guard state.frequencies.count == n, state.frequencies.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            throw .incompatibleState("frequencies must be \(n) values in [0, 1]")
        }
        guard state.fitness.isEmpty || state.fitness.count == configuration.population,
            state.advantage.isEmpty || state.advantage.count == n, state.iteration >= 0
        else { throw .incompatibleState("fitness must have \(configuration.population) entries and advantage \(n)") }
        self.configuration = configuration
        self.space = space
        self.state = state
    }

    public var iteration: Int { state.iteration }
    public var incumbent: Incumbent? { state.incumbent }

    /// `population` genotypes, each n values 0 or 1.
    /// - Complexity: O(N n) uniforms.
    public mutating func ask() throws(OptimizerError) -> [[Double]] {
        guard state.batchRandom == nil else {
            throw .outOfOrder("nne: ask called twice; tell the fitness of the last ask first")
        }
        state.batchRandom = state.random
        var random = state.random
        let genotypes = Self.sample(frequencies: state.frequencies, count: configuration.population, random: &random)
        state.random = random
        return genotypes
    }

    /// Scores of the genotypes of the last `ask` (maximized); applies equation 3.
    public mutating func tell(_ fitness: [Double]) throws(OptimizerError) {
        guard var random = state.batchRandom else { throw .outOfOrder("nne: tell called without a pending ask") }
        guard fitness.count == configuration.population else {
            throw .fitnessCountMismatch(expected: configuration.population, got: fitness.count)
        }
        let genotypes = Self.sample(frequencies: state.frequencies, count: configuration.population, random: &random)
        if let best = Incumbent.best(of: genotypes, fitness: fitness, iteration: state.iteration) {
            if state.incumbent == nil {
                state.incumbent = best
            } else {
                state.incumbent!.consider(point: best.point, fitness: best.fitness, iteration: best.iteration)
            }
        }
        update(genotypes: genotypes, fitness: fitness)
        state.fitness = fitness
        state.batchRandom = nil
        state.iteration += 1
    }

    /// `.populationConverged` once every allele has min(p, 1 − p) ≤ `convergenceTolerance`.
    public var stopReasons: [StopReason] {
        let tolerance = configuration.convergenceTolerance
        return state.frequencies.allSatisfy { Swift.min($0, 1 - $0) <= tolerance } ? [.populationConverged] : []
    }

    /// Checks every hyperparameter, naming it as a spec does.
    static func validate(_ c: Configuration, space: SearchSpace) throws(OptimizerError) {
        func fail(_ key: String, _ value: Any, _ expected: String) -> OptimizerError {
            .invalidConfiguration(optimizer: identifier, key: key, value: "\(value)", expected: expected)
        }
        if c.population < 2 { throw fail("population", c.population, "an integer ≥ 2") }
        if !(c.selectionStrength > 0 && c.selectionStrength.isFinite) {
            throw fail("selection_strength", c.selectionStrength, "a finite ε > 0")
        }
        if !(c.frequencyFloor >= 0 && c.frequencyFloor < 0.5) {
            throw fail("frequency_floor", c.frequencyFloor, "a frequency in [0, 0.5)")
        }
        if !(c.fixationDistance >= 0 && c.fixationDistance <= 0.5) {
            throw fail("fixation_distance", c.fixationDistance, "a distance in [0, 0.5]")
        }
        if !(c.convergenceTolerance >= 0 && c.convergenceTolerance <= 0.5) {
            throw fail("convergence_tolerance", c.convergenceTolerance, "a distance in [0, 0.5]")
        }
        if space.count == 0 { throw fail("space", "0 dimensions", "at least one gene") }
        for d in space.dimensions where !(d.lower == 0 && d.upper == 1 && (d.kind == .integer || d.kind == .real)) {
            throw fail("space", d.name, "binary genes: integer or real dimensions with bounds [0, 1]")
        }
    }
}
