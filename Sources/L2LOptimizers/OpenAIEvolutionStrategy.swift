import Foundation
import L2LNumerics

/// OpenAI-style evolution strategy (Salimans, Ho, Chen, Sidor & Sutskever 2017, "Evolution strategies as
/// a scalable alternative to reinforcement learning", arXiv:1703.03864) with the Adam optimizer
/// (Kingma & Ba 2015, arXiv:1412.6980) of the reference code `openai/evolution-strategies-starter`.
///
/// ```swift
/// var es = try OpenAIEvolutionStrategy(
///     configuration: .init(population: 40, sigma: 0.01, learningRate: 0.005),
///     space: .box(count: d, lower: -1, upper: 1), initialPoint: prior, random: RandomStream(seed: 1))
/// let best = try es.optimize(iterations: 500) { xs in xs.map(reward) }
/// ```
///
/// In width-scaled coordinates z = x / width, each iteration:
/// 1. `ask` draws ε_1 … ε_{n/2} ~ N(0, I) and returns, in this order, θ + σε_1, θ − σε_1, θ + σε_2, …
///    (antithetic pairs, Salimans et al. §2.2), each clamped to the box; the caller should evaluate
///    both members of a pair on the same data / seed;
/// 2. `tell` shapes the fitness into centered ranks F̃ ∈ [−0.5, 0.5] (§2.3; non-finite fitness ranks
///    worst) and estimates the ascent direction ĝ = 1/(nσ) Σ_i F̃_i ε_i (Algorithm 1/2; the unclamped ε
///    are used, so clamped candidates bias ĝ near the walls);
/// 3. with weight decay, g = ĝ − λ z, and Adam ascends: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
///    t ← t + 1, z ← z + α √(1 − β₂ᵗ)/(1 − β₁ᵗ) · m/(√v + ε) (Kingma & Ba Alg. 1, as the reference code
///    folds the bias corrections into the step); θ is clamped to the box.
///
/// With fewer than two finite fitness values the iteration leaves θ and Adam's moments unchanged.
/// NaN/∞ fitness is recorded but never becomes the incumbent. There is no built-in stop criterion
/// (`stopReasons` is empty): σ is constant, and the caller's budget ends the run.
public struct OpenAIEvolutionStrategy: Optimizer {
    public static let identifier = "openai_es"

    /// Everything that changes during a run, random stream included.
    public struct State: Codable, Sendable, Equatable {
        public var random: RandomStream
        /// Completed iterations (tells).
        public var iteration: Int
        /// The search centre θ (encoded).
        public var mean: [Double]
        /// Adam first moment m (width-scaled coordinates).
        public var adamM: [Double]
        /// Adam second moment v.
        public var adamV: [Double]
        /// Adam steps taken t.
        public var adamStep: Int
        /// The unclamped noise directions ε of the last ask (n/2 × D; empty before the first).
        public var noise: [[Double]]
        /// The last batch asked.
        public var samples: [[Double]]
        /// Fitness of `samples`; empty until told.
        public var fitness: [Double]
        /// `true` between an `ask` and its `tell`.
        public var awaitingFitness: Bool
        /// ‖ĝ‖ of the last gradient estimate (width-scaled, before weight decay); NaN before it.
        public var gradientNorm: Double
        /// Best finite evaluation so far.
        public var incumbent: Incumbent?

        /// Field-by-field equality in which NaN equals NaN, so a state equals its restored copy.
        public static func == (a: State, b: State) -> Bool {
            a.random == b.random && a.iteration == b.iteration && a.mean == b.mean && a.adamM == b.adamM
                && a.adamV == b.adamV && a.adamStep == b.adamStep && a.noise == b.noise && a.samples == b.samples
                && a.fitness.map(\.bitPattern) == b.fitness.map(\.bitPattern) && a.awaitingFitness == b.awaitingFitness
                && a.gradientNorm.bitPattern == b.gradientNorm.bitPattern && a.incumbent == b.incumbent
        }
    }

    public let configuration: Configuration
    public let space: SearchSpace
    public internal(set) var state: State
    let widths: [Double]

    public init(
        configuration: Configuration, space: SearchSpace, initialPoint: [Double]?, random: RandomStream
    ) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        if let x = initialPoint, x.count != space.count { throw .dimensionMismatch(expected: space.count, got: x.count) }
        let zeros = [Double](repeating: 0, count: space.count)
        self.configuration = configuration
        self.space = space
        self.widths = space.widths
        self.state = State(
            random: random, iteration: 0, mean: initialPoint.map(space.clamp) ?? space.center, adamM: zeros, adamV: zeros,
            adamStep: 0, noise: [], samples: [], fitness: [], awaitingFitness: false, gradientNorm: .nan, incumbent: nil)
    }

    public init(configuration: Configuration, space: SearchSpace, state: State) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        let d = space.count, n = configuration.population
        guard state.mean.count == d, state.adamM.count == d, state.adamV.count == d else {
            throw .incompatibleState("mean and Adam moments must have \(d) entries")
        }
        guard state.samples.isEmpty || (state.samples.count == n && state.noise.count == n / 2),
            state.fitness.isEmpty || state.fitness.count == state.samples.count, state.iteration >= 0
        else { throw .incompatibleState("samples must be \(n) and noise \(n / 2) rows of \(d)") }
        self.configuration = configuration
        self.space = space
        self.widths = space.widths
        self.state = state
    }

    public var iteration: Int { state.iteration }
    public var incumbent: Incumbent? { state.incumbent }
    public var stopReasons: [StopReason] { [] }

    public mutating func ask() throws(OptimizerError) -> [[Double]] {
        guard !state.awaitingFitness else { throw .outOfOrder("openai_es: ask called twice; tell the fitness of the last ask first") }
        let d = space.count, pairs = configuration.population / 2
        var random = state.random
        let noise = (0..<pairs).map { _ in (0..<d).map { _ in random.nextGaussian() } }
        state.random = random
        var samples: [[Double]] = []
        samples.reserveCapacity(2 * pairs)
        for eps in noise {
            for sign in [1.0, -1.0] {
                var x = state.mean
                for i in 0..<d { x[i] += sign * configuration.sigma * widths[i] * eps[i] }
                samples.append(space.clamp(x))
            }
        }
        state.noise = noise
        state.samples = samples
        state.fitness = []
        state.awaitingFitness = true
        return samples
    }

    public mutating func tell(_ fitness: [Double]) throws(OptimizerError) {
        guard state.awaitingFitness else { throw .outOfOrder("openai_es: tell called without a pending ask") }
        guard fitness.count == state.samples.count else {
            throw .fitnessCountMismatch(expected: state.samples.count, got: fitness.count)
        }
        state.fitness = fitness
        state.awaitingFitness = false
        state.incumbent = Incumbent.updating(state.incumbent, with: state.samples, fitness: fitness, iteration: state.iteration)
        update()
        state.iteration += 1
    }

    /// The gradient estimate and the Adam ascent step.
    mutating func update() {
        let c = configuration, d = space.count, n = c.population
        let finite = state.fitness.map { $0.isFinite ? $0 : .nan }
        guard finite.filter({ !$0.isNaN }).count >= 2 else { return }
        let shaped = Statistics.centeredRanks(finite)                          // §2.3 fitness shaping
        var g = [Double](repeating: 0, count: d)
        for (p, eps) in state.noise.enumerated() {
            let weight = shaped[2 * p] - shaped[2 * p + 1]                     // F̃₊ε + F̃₋(−ε)
            for i in 0..<d { g[i] += weight * eps[i] }
        }
        for i in 0..<d { g[i] /= Double(n) * c.sigma }                       // ĝ = 1/(nσ) Σ F̃_i ε_i
        state.gradientNorm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
        state.adamStep += 1
        let t = Double(state.adamStep)
        let a = c.learningRate * (1 - pow(c.beta2, t)).squareRoot() / (1 - pow(c.beta1, t))
        var theta = state.mean
        for i in 0..<d {
            let w = widths[i] > 0 ? widths[i] : 1
            let gi = g[i] - c.l2Coefficient * theta[i] / w                       // L2 decay on z = x / width
            state.adamM[i] = c.beta1 * state.adamM[i] + (1 - c.beta1) * gi
            state.adamV[i] = c.beta2 * state.adamV[i] + (1 - c.beta2) * gi * gi
            theta[i] += w * a * state.adamM[i] / (state.adamV[i].squareRoot() + c.epsilon)
        }
        state.mean = space.clamp(theta)
    }

    /// `mean` θ (D), `sigma` (fraction of width), `adam_m`, `adam_v` (D each), `gradient_norm` ‖ĝ‖,
    /// `adam_step` t, `best_fitness` and `mean_fitness` of the batch (finite values). NaN before the first tell.
    public func snapshot() -> [RecordedArray] {
        let d = space.count
        let finite = state.fitness.filter(\.isFinite)
        return [
            RecordedArray(name: "mean", shape: [d], values: state.mean, axes: ["parameter"], description: "search centre θ (encoded) after the update"),
            .scalar("sigma", configuration.sigma, description: "noise standard deviation as a fraction of each width"),
            RecordedArray(name: "adam_m", shape: [d], values: state.adamM, axes: ["parameter"], description: "Adam first moment (width-scaled)"),
            RecordedArray(name: "adam_v", shape: [d], values: state.adamV, axes: ["parameter"], description: "Adam second moment (width-scaled)"),
            .scalar("gradient_norm", state.gradientNorm, description: "norm of the gradient estimate (width-scaled, before weight decay)"),
            .scalar("adam_step", Double(state.adamStep), description: "Adam steps taken"),
            .scalar("best_fitness", finite.max() ?? .nan, description: "best finite fitness of the batch"),
            .scalar("mean_fitness", finite.isEmpty ? .nan : Statistics.mean(finite), description: "mean of the batch's finite fitness values"),
        ]
    }
}
