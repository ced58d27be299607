import L2LNumerics

/// The covariance matrix adaptation evolution strategy, (μ/μ_w, λ)-CMA-ES in Hansen's standard
/// formulation (Hansen 2016, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772, Appendix A;
/// Hansen & Ostermeier 2001, *Evol. Comput.* 9:159, doi:10.1162/106365601750190398).
///
/// ```swift
/// var es = try CMAES(configuration: .init(initialSigma: 0.2), space: .box(count: 10, lower: -5, upper: 5),
///                    initialPoint: nil, random: RandomStream(seed: 1))
/// let best = try es.optimize(iterations: 2000) { xs in xs.map { -rosenbrock($0) } }
/// ```
///
/// **Maximization**: candidates are ranked by fitness, largest first (CMA-ES minimizes −fitness);
/// non-finite fitness ranks worst, and with no finite value the distribution is left unchanged.
///
/// **Scaling**: σ is dimensionless and C₀ = diag(width_i²), so σ√C_ii / width_i is the standard
/// deviation of coordinate i as a fraction of its width.
///
/// **Boundaries**: each candidate x_k = m + σ B D z_k (eqs. (38)–(40)) is clamped to the box, and the
/// update uses the clamped points, y_k = (clamp(x_k) − m)/σ. With c_m = 1 the new mean Σ w_i x_{i:λ}
/// is then a convex combination of points in the box and stays inside; near a wall the clamped steps
/// are shorter, which shrinks σ there. Only positive recombination weights are used (no active CMA).
///
/// Per iteration (eq. numbers of the tutorial's Appendix A): ⟨y⟩_w = Σ w_i y_{i:λ} (41);
/// m ← m + σ⟨y⟩_w (42); p_σ ← (1 − c_σ)p_σ + √(c_σ(2 − c_σ)μ_eff) C^(−1/2)⟨y⟩_w (43);
/// σ ← σ exp((c_σ/d_σ)(‖p_σ‖/E‖N(0, I)‖ − 1)) (44); p_c ← (1 − c_c)p_c + h_σ√(c_c(2 − c_c)μ_eff)⟨y⟩_w (45);
/// C ← (1 + c₁δ(h_σ) − c₁ − c_μ)C + c₁ p_c p_cᵀ + c_μ Σ w_i y_{i:λ} y_{i:λ}ᵀ (47). B and D come from a
/// LAPACK eigendecomposition of C every ⌈λ/(10 n (c₁ + c_μ))⌉ iterations.
///
/// Stops: `tolX` (`.stepSizeBelow`), `tolFun` and a condition number of C above 1e14 (`.fitnessRangeBelow`, `.conditionNumberAbove`).
public struct CMAES: Optimizer {
    public static let identifier = "cmaes"

    /// Everything that changes during a run, random stream included.
    public struct State: Codable, Sendable, Equatable {
        public var random: RandomStream
        /// Completed iterations (tells).
        public var iteration: Int
        /// Distribution mean m (encoded).
        public var mean: [Double]
        /// Step size σ (dimensionless; see the type's scaling note).
        public var sigma: Double
        /// Covariance matrix C (D×D).
        public var covariance: Matrix
        /// Eigenvectors B of C (columns), from the last eigendecomposition.
        public var eigenvectors: Matrix
        /// Square roots D of C's eigenvalues, matching `eigenvectors`.
        public var eigenvalueRoots: [Double]
        /// Iteration of the last eigendecomposition.
        public var eigenIteration: Int
        /// Evolution path for σ, p_σ.
        public var pathSigma: [Double]
        /// Evolution path for C, p_c.
        public var pathC: [Double]
        /// h_σ of the last update (NaN before it).
        public var hSigma: Double
        /// Best finite fitness of each recent iteration (for `tolFun`), oldest first.
        public var bestHistory: [Double]
        /// The last batch asked (clamped).
        public var samples: [[Double]]
        /// Fitness of `samples`; empty until told.
        public var fitness: [Double]
        /// `true` between an `ask` and its `tell`.
        public var awaitingFitness: Bool
        /// Best finite evaluation so far.
        public var incumbent: Incumbent?

        /// Field-by-field equality in which NaN equals NaN, so a state equals its restored copy.
        public static func == (a: State, b: State) -> Bool {
            a.random == b.random && a.iteration == b.iteration && a.mean == b.mean && a.sigma == b.sigma
                && a.covariance == b.covariance && a.eigenvectors == b.eigenvectors && a.eigenvalueRoots == b.eigenvalueRoots
                && a.eigenIteration == b.eigenIteration && a.pathSigma == b.pathSigma && a.pathC == b.pathC
                && a.hSigma.bitPattern == b.hSigma.bitPattern && a.bestHistory == b.bestHistory && a.samples == b.samples
                && a.fitness.map(\.bitPattern) == b.fitness.map(\.bitPattern) && a.awaitingFitness == b.awaitingFitness
                && a.incumbent == b.incumbent
        }
    }

    public let configuration: Configuration
    public let space: SearchSpace
    public internal(set) var state: State
    let parameters: Parameters

    public init(
        configuration: Configuration, space: SearchSpace, initialPoint: [Double]?, random: RandomStream
    ) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        if let x = initialPoint, x.count != space.count { throw .dimensionMismatch(expected: space.count, got: x.count) }
        let d = space.count, widths = space.widths
        // C₀ = diag(width²): B a permutation sorting the eigenvalues ascending (as dsyevd does), D the widths.
        let order = widths.indices.sorted { widths[$0] < widths[$1] }
        var basis = Matrix(rows: d, columns: d)
        for (column, i) in order.enumerated() { basis[i, column] = 1 }
        let roots = order.map { widths[$0] }
        let zeros = [Double](repeating: 0, count: d)
        self.configuration = configuration
        self.space = space
        self.parameters = Parameters(dimension: d, population: configuration.population)
        self.state = State(
            random: random, iteration: 0, mean: initialPoint.map(space.clamp) ?? space.center,
            sigma: configuration.initialSigma, covariance: .diagonal(widths.map { $0 * $0 }), eigenvectors: basis,
            eigenvalueRoots: roots, eigenIteration: 0, pathSigma: zeros, pathC: zeros, hSigma: .nan, bestHistory: [],
            samples: [], fitness: [], awaitingFitness: false, incumbent: nil)
    }

    public init(configuration: Configuration, space: SearchSpace, state: State) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        let d = space.count
        let parameters = Parameters(dimension: d, population: configuration.population)
        guard state.mean.count == d, state.pathSigma.count == d, state.pathC.count == d, state.eigenvalueRoots.count == d,
            state.covariance.rows == d, state.covariance.columns == d, state.eigenvectors.rows == d,
            state.eigenvectors.columns == d
        else { throw .incompatibleState("mean, paths and eigenvalues need \(d) entries, C and B \(d)×\(d)") }
        guard state.samples.isEmpty || state.samples.count == parameters.lambda,
            state.fitness.isEmpty || state.fitness.count == state.samples.count, state.iteration >= 0
        else { throw .incompatibleState("samples must be λ = \(parameters.lambda) points with as many fitness values") }
        self.configuration = configuration
        self.space = space
        self.parameters = parameters
        self.state = state
    }

    public var iteration: Int { state.iteration }
    public var incumbent: Incumbent? { state.incumbent }

    /// Samples per iteration λ (the configured population or 4 + ⌊3 ln n⌋).
    public var populationSize: Int { parameters.lambda }

    public mutating func ask() throws(OptimizerError) -> [[Double]] {
        guard !state.awaitingFitness else { throw .outOfOrder("cmaes: ask called twice; tell the fitness of the last ask first") }
        state.samples = sample()
        state.fitness = []
        state.awaitingFitness = true
        return state.samples
    }

    public mutating func tell(_ fitness: [Double]) throws(OptimizerError) {
        guard state.awaitingFitness else { throw .outOfOrder("cmaes: tell called without a pending ask") }
        guard fitness.count == state.samples.count else {
            throw .fitnessCountMismatch(expected: state.samples.count, got: fitness.count)
        }
        state.fitness = fitness
        state.awaitingFitness = false
        state.incumbent = Incumbent.updating(state.incumbent, with: state.samples, fitness: fitness, iteration: state.iteration)
        update()
        state.iteration += 1
    }
}
