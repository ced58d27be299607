import Foundation
import L2LNumerics

/// The cross-entropy method for continuous optimization with a Gaussian sampling
/// distribution (de Boer, Kroese, Mannor & Rubinstein 2005, "A tutorial on the
/// cross-entropy method", *Ann. Oper. Res.* 134:19, doi:10.1007/s10479-005-5724-z),
/// as the L2L `CrossEntropyOptimizer` with its `NoisyGaussian` distribution runs it.
///
/// ```swift
/// var cem = try CrossEntropyMethod(
///     configuration: .init(population: 30, eliteFraction: 0.2),
///     space: .box(count: 5, lower: -5, upper: 5), initialPoint: nil, random: RandomStream(seed: 1))
/// let best = try cem.optimize(iterations: 100) { xs in xs.map { x in -x.reduce(0) { $0 + $1 * $1 } } }
/// ```
///
/// Each iteration:
/// 1. `ask` samples `population` points from N(μ, Σ) — Σ = diag(σ²), or a full matrix
///    sampled through its Cholesky factor — and projects them onto the box;
/// 2. `tell` keeps the elite, the best ⌈ρN⌉ (at least 1) by fitness, and records the
///    elite threshold γ (the worst elite fitness);
/// 3. it fits μ̂ and σ̂ (or Σ̂, maximum likelihood, denominator k) to the elite and sets
///    μ ← s·μ + (1 − s)·μ̂ and σ ← s·σ + (1 − s)·σ̂ (Σ likewise), s = `smoothing`;
/// 4. it adds noise: σᵢ += ν·widthᵢ (diagonal) or Σᵢᵢ += (ν·widthᵢ)² (full: an
///    independent N(0, (ν·width)²) added to each coordinate), then ν ← ν·`noiseDecay`.
///
/// Only finite fitness values can be elite: with fewer than ⌈ρN⌉ finite values the
/// elite is the finite ones, and with none the distribution is left unchanged (noise
/// still decays). Initial μ is `initialPoint` (clamped) or the box centre, σ is
/// `initialSigma × width`. It reports `.stepSizeBelow` once every σᵢ < `sigmaTolerance × widthᵢ`.
public struct CrossEntropyMethod: Optimizer {
    public static let identifier = "cem"

    /// Everything that changes during a run, random stream included.
    public struct State: Codable, Sendable, Equatable {
        /// The stream all of the method's randomness comes from.
        public var random: RandomStream
        /// Completed iterations (tells).
        public var iteration: Int
        /// Mean μ of the sampling distribution (encoded).
        public var mean: [Double]
        /// Standard deviations σ (for `.full`, √diag Σ).
        public var standardDeviations: [Double]
        /// Full covariance Σ; nil for `.diagonal`.
        public var covariance: Matrix?
        /// Noise fraction ν the next update adds.
        public var noise: Double
        /// Noise fraction the last update added (nil before the first).
        public var lastNoise: Double?
        /// The last batch asked (empty before the first ask).
        public var samples: [[Double]]
        /// Fitness of `samples`; empty until told.
        public var fitness: [Double]
        /// `true` between an `ask` and its `tell`.
        public var awaitingFitness: Bool
        /// Fitness of the worst elite at the last update (nil before it, or with no finite fitness).
        public var eliteThreshold: Double?
        /// Number of elites at the last update (0 before it).
        public var eliteCount: Int
        /// Best finite evaluation so far.
        public var incumbent: Incumbent?

        /// Field-by-field equality in which a NaN fitness equals NaN, so a state equals its restored copy.
        public static func == (a: State, b: State) -> Bool {
            a.random == b.random && a.iteration == b.iteration && a.mean == b.mean
                && a.standardDeviations == b.standardDeviations && a.covariance == b.covariance
                && a.noise == b.noise && a.lastNoise == b.lastNoise && a.samples == b.samples
                && a.fitness.map(\.bitPattern) == b.fitness.map(\.bitPattern)
                && a.awaitingFitness == b.awaitingFitness && a.eliteThreshold == b.eliteThreshold
                && a.eliteCount == b.eliteCount && a.incumbent == b.incumbent
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
        if let x = initialPoint, x.count != space.count {
            throw .dimensionMismatch(expected: space.count, got: x.count)
        }
        let widths = space.widths
        let sigma = widths.map { configuration.initialSigma * $0 }
        self.configuration = configuration
        self.space = space
        self.widths = widths
        self.state = State(
            random: random, iteration: 0, mean: initialPoint.map(space.clamp) ?? space.center,
            standardDeviations: sigma,
            covariance: configuration.covariance == .full ? Matrix.diagonal(sigma.map { $0 * $0 }) : nil,
            noise: configuration.noise, lastNoise: nil, samples: [], fitness: [], awaitingFitness: false,
            eliteThreshold: nil, eliteCount: 0, incumbent: nil)
    }

    public init(configuration: Configuration, space: SearchSpace, state: State) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        let d = space.count, n = configuration.population
        guard state.mean.count == d, state.standardDeviations.count == d else {
            throw .incompatibleState("mean and standard deviations must have \(d) entries")
        }
        switch (configuration.covariance, state.covariance) {
        case (.diagonal, nil): break
        case (.full, let c?) where c.rows == d && c.columns == d: break
        default: throw .incompatibleState("covariance must be \(d)×\(d) for .full and absent for .diagonal")
        }
        guard state.samples.isEmpty || (state.samples.count == n && state.samples.allSatisfy { $0.count == d }),
            state.fitness.isEmpty || state.fitness.count == state.samples.count,
            !state.awaitingFitness || !state.samples.isEmpty, state.iteration >= 0
        else { throw .incompatibleState("samples must be \(n)×\(d) with as many fitness values") }
        self.configuration = configuration
        self.space = space
        self.widths = space.widths
        self.state = state
    }

    public var iteration: Int { state.iteration }
    public var incumbent: Incumbent? { state.incumbent }

    public mutating func ask() throws(OptimizerError) -> [[Double]] {
        guard !state.awaitingFitness else {
            throw .outOfOrder("cem: ask called twice; tell the fitness of the last ask first")
        }
        state.samples = sample()
        state.fitness = []
        state.awaitingFitness = true
        return state.samples
    }

    public mutating func tell(_ fitness: [Double]) throws(OptimizerError) {
        guard state.awaitingFitness else { throw .outOfOrder("cem: tell called without a pending ask") }
        guard fitness.count == state.samples.count else {
            throw .fitnessCountMismatch(expected: state.samples.count, got: fitness.count)
        }
        state.fitness = fitness
        state.awaitingFitness = false
        state.incumbent = Incumbent.updating(state.incumbent, with: state.samples, fitness: fitness, iteration: state.iteration)
        update()
        state.iteration += 1
    }

    /// `.stepSizeBelow` once every σᵢ < `sigmaTolerance × widthᵢ`.
    public var stopReasons: [StopReason] {
        var largest = 0.0
        for (s, w) in zip(state.standardDeviations, widths) {
            let ratio = w > 0 ? s / w : 0
            if !(ratio < configuration.sigmaTolerance) { return [] }
            largest = Swift.max(largest, ratio)
        }
        return [.stepSizeBelow(quantity: "max sigma/width", value: largest, tolerance: configuration.sigmaTolerance)]
    }

    /// Number of elites for a population of `n`: ⌈ρn⌉, at least 1.
    static func eliteCount(fraction: Double, population n: Int) -> Int {
        Swift.min(n, Swift.max(1, Int((fraction * Double(n) - 1e-9).rounded(.up))))
    }

    /// Checks every hyperparameter, naming it as a spec does.
    static func validate(_ c: Configuration, space: SearchSpace) throws(OptimizerError) {
        func fail(_ key: String, _ value: Any, _ expected: String) -> OptimizerError {
            .invalidConfiguration(optimizer: identifier, key: key, value: "\(value)", expected: expected)
        }
        if c.population < 2 { throw fail("population", c.population, "an integer ≥ 2") }
        if !(c.eliteFraction > 0 && c.eliteFraction <= 1) {
            throw fail("elite_fraction", c.eliteFraction, "a fraction in (0, 1]")
        }
        if !(c.smoothing >= 0 && c.smoothing < 1) { throw fail("smoothing", c.smoothing, "a weight in [0, 1)") }
        if !(c.initialSigma > 0 && c.initialSigma.isFinite) {
            throw fail("initial_sigma", c.initialSigma, "a finite fraction > 0 of each width")
        }
        if !(c.noise >= 0 && c.noise.isFinite) { throw fail("noise", c.noise, "a finite fraction ≥ 0 of each width") }
        if !(c.noiseDecay >= 0 && c.noiseDecay <= 1) { throw fail("noise_decay", c.noiseDecay, "a factor in [0, 1]") }
        if !(c.sigmaTolerance >= 0 && c.sigmaTolerance.isFinite) {
            throw fail("sigma_tolerance", c.sigmaTolerance, "a finite fraction ≥ 0")
        }
        if space.count == 0 { throw fail("space", "0 dimensions", "at least one dimension") }
    }
}
