import Foundation
import L2LNumerics

/// The tree-structured Parzen estimator (Bergstra, Bardenet, Bengio & Kégl 2011, "Algorithms for
/// hyper-parameter optimization", *NeurIPS* 24, §4), with the multivariate kernel, bandwidth and
/// split of Watanabe 2023 (arXiv:2304.11127): a sample-efficient outer optimizer for outer
/// evaluations that cost whole inner runs.
///
/// After `startupTrials` uniform random points it splits the N observations at the γ-quantile of
/// fitness — the best `N_l = min(⌈γ N⌉, 25)` form l(x) = p(x | good), the rest g(x) = p(x | bad)
/// (Bergstra et al. 2011 Eq. 2; the linear γ of Watanabe 2023 §3) — both ``ParzenEstimator``s.
/// Expected improvement is monotone in l(x)/g(x) (Bergstra et al. 2011 Eq. 3–4:
/// EI ∝ (γ + (1 − γ) g(x)/l(x))⁻¹), so each proposal is the one of `candidates` draws from l with
/// the largest ln l(x) − ln g(x).
///
/// **Batches** (a generation of `population` proposals that keeps `--jobs` and MPI ranks busy) use
/// the *constant liar* (Ginsbourger et al. 2010, "Kriging is well-suited to parallelize
/// optimization"): each proposal of the batch joins the bad observations, as if it had the worst
/// fitness, before the next is chosen. g then has mass at every earlier proposal, so the batch
/// spreads over the promising region rather than drawing `population` near-copies of one maximum
/// of l/g (which independent draws from the same l/g would do); the lie is forgotten at `tell`.
///
/// Non-finite fitness counts as the worst. Integer and choice entries are proposed at their
/// cells' centres; log-scale entries are modelled in ln x. Deterministic under its ``RandomStream``.
public struct TreeParzenEstimator: Optimizer {
    public static let identifier = "tpe"

    public struct Configuration: Codable, Sendable, Equatable {
        /// Proposals per iteration, ≥ 1.
        public var population: Int
        /// Observations made by uniform random search before the model is used, ≥ 1.
        public var startupTrials: Int
        /// Draws from l(x) scored per proposal, ≥ 1 (Bergstra et al. 2011 and Optuna: 24).
        public var candidates: Int
        /// Fraction of observations that form l(x), in (0, 1).
        public var gamma: Double

        public init(population: Int = 8, startupTrials: Int = 10, candidates: Int = 24, gamma: Double = 0.1) {
            self.population = population
            self.startupTrials = startupTrials
            self.candidates = candidates
            self.gamma = gamma
        }
    }

    public struct State: Codable, Sendable, Equatable {
        public var random: RandomStream
        public var bookkeeping = AskTellBookkeeping()
        /// Every told point (encoded), in the order told.
        public var points: [[Double]] = []
        /// Their fitness; non-finite values stored as −∞.
        public var fitness: [Double] = []
    }

    /// The cap on the number of good observations (Watanabe 2023 §3; Optuna's default).
    public static let maximumGood = 25

    public let configuration: Configuration
    public let space: SearchSpace
    public private(set) var state: State

    public init(configuration: Configuration, space: SearchSpace, initialPoint: [Double]?, random: RandomStream) throws(OptimizerError) {
        try self.init(configuration: configuration, space: space, state: State(random: random))
    }

    public init(configuration: Configuration, space: SearchSpace, state: State) throws(OptimizerError) {
        func fail(_ key: String, _ value: Any, _ expected: String) -> OptimizerError {
            .invalidConfiguration(optimizer: Self.identifier, key: key, value: "\(value)", expected: expected)
        }
        guard configuration.population >= 1 else { throw fail("population", configuration.population, "an integer ≥ 1") }
        guard configuration.startupTrials >= 1 else { throw fail("startup_trials", configuration.startupTrials, "an integer ≥ 1") }
        guard configuration.candidates >= 1 else { throw fail("candidates", configuration.candidates, "an integer ≥ 1") }
        guard configuration.gamma > 0 && configuration.gamma < 1 else { throw fail("gamma", configuration.gamma, "a number in (0, 1)") }
        guard space.count > 0 else { throw fail("space", "0 dimensions", "at least one dimension") }
        guard state.points.count == state.fitness.count, state.points.allSatisfy({ $0.count == space.count }),
              state.bookkeeping.pending.map({ $0.count == configuration.population && $0.allSatisfy { $0.count == space.count } }) ?? true
        else { throw .incompatibleState("tpe: observations or pending batch do not fit \(configuration.population)×\(space.count)") }
        self.configuration = configuration
        self.space = space
        self.state = state
    }

    public var iteration: Int { state.bookkeeping.iteration }
    public var incumbent: Incumbent? { state.bookkeeping.incumbent }
    public var stopReasons: [StopReason] { [] }

    /// The number of good observations among `count`: min(⌈γ N⌉, 25), at least 1.
    public func goodCount(_ count: Int) -> Int {
        max(1, min(Int((configuration.gamma * Double(count)).rounded(.up)), Self.maximumGood))
    }

    /// Indices of the observations that form l(x) and g(x): best fitness first, ties by order told.
    public func split() -> (good: [Int], bad: [Int]) {
        let order = state.fitness.indices.sorted { i, j in
            state.fitness[i] != state.fitness[j] ? state.fitness[i] > state.fitness[j] : i < j
        }
        let n = goodCount(order.count)
        return (Array(order.prefix(n)), Array(order.dropFirst(n)))
    }

    public mutating func ask() throws(OptimizerError) -> [[Double]] {
        let batch: [[Double]]
        if state.points.count < configuration.startupTrials {
            let lower = space.lowerBounds, upper = space.upperBounds
            batch = (0..<configuration.population).map { _ in
                space.clamp(lower.indices.map { state.random.nextUniform(in: lower[$0], upper[$0]) })
            }
        } else {
            batch = proposeBatch()
        }
        try state.bookkeeping.asked(batch, by: Self.identifier)
        return batch
    }

    /// `population` proposals by the constant liar (see the type's documentation).
    mutating func proposeBatch() -> [[Double]] {
        let (good, bad) = split()
        let l = ParzenEstimator(observations: good.map { state.points[$0] }, space: space)
        var badPoints = bad.map { state.points[$0] }
        var batch: [[Double]] = []
        for _ in 0..<configuration.population {
            let g = ParzenEstimator(observations: badPoints, space: space)
            var best: [Double] = [], bestScore = -Double.infinity
            for _ in 0..<configuration.candidates {
                let x = l.sample(&state.random)
                let score = l.logDensity(x) - g.logDensity(x)
                if best.isEmpty || score > bestScore { best = x; bestScore = score }
            }
            batch.append(best)
            badPoints.append(best)  // the lie: a pending proposal counts as bad
        }
        return batch
    }

    public mutating func tell(_ fitness: [Double]) throws(OptimizerError) {
        let batch = try state.bookkeeping.told(fitness, by: Self.identifier)
        state.points += batch
        state.fitness += fitness.map { $0.isFinite ? $0 : -.infinity }
    }

    public func snapshot() -> [RecordedArray] {
        [.scalar("best_fitness", state.bookkeeping.incumbent?.fitness ?? -.infinity, description: "best finite fitness so far"),
         .scalar("observations", Double(state.points.count), description: "points told so far", units: "points"),
         .scalar("good", Double(state.points.count < configuration.startupTrials ? 0 : goodCount(state.points.count)),
                 description: "observations forming l(x) at the next ask (0 during the random start-up)", units: "points")]
    }
}
