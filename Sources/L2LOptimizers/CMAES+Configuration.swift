import Foundation

extension CMAES {
    /// Hyperparameters of CMA-ES; everything else takes Hansen's defaults (tutorial Table 1 / Appendix A).
    public struct Configuration: Codable, Sendable, Equatable {
        /// Samples per iteration λ; 0 (default) means 4 + ⌊3 ln n⌋.
        public var population: Int
        /// Initial step size as a fraction of each width: σ₀ = initialSigma with C₀ = diag(width²),
        /// so coordinate i starts with standard deviation initialSigma × width_i. Default 0.3.
        public var initialSigma: Double
        /// Stop when σ·max(√C_ii, |p_c,i|) < tolX × width_i for every i (pycma `tolx`, as a fraction of
        /// the width). Default 1e-12.
        public var tolX: Double
        /// Stop when the best fitness of the last 10 + ⌈30n/λ⌉ iterations and all fitness values of the
        /// current one lie within tolFun (pycma `tolfun`). Default 1e-12.
        public var tolFun: Double
        /// Covariance recorded per iteration (`record.covariance`), default `diagonal`. `low_rank` records
        /// the diagonal too (CMA-ES has no low-rank factor).
        public var covariance: CovarianceRecording
        /// Largest D for which `covariance: full` is accepted (`max_full_covariance`), default 2,000.
        public var maxFullCovariance: Int

        public init(
            population: Int = 0, initialSigma: Double = 0.3, tolX: Double = 1e-12, tolFun: Double = 1e-12,
            covariance: CovarianceRecording = .diagonal, maxFullCovariance: Int = CovarianceRecording.defaultMaxFullDimension
        ) {
            self.population = population
            self.initialSigma = initialSigma
            self.tolX = tolX
            self.tolFun = tolFun
            self.covariance = covariance
            self.maxFullCovariance = maxFullCovariance
        }
    }

    /// Strategy parameters derived from n and λ (Hansen 2016, Table 1 / eqs. (53)–(58), positive weights only).
    struct Parameters: Sendable {
        let n: Int, lambda: Int, mu: Int
        let weights: [Double]
        let muEff: Double, cSigma: Double, dSigma: Double, cC: Double, c1: Double, cMu: Double
        /// E‖N(0, I)‖ ≈ √n (1 − 1/(4n) + 1/(21n²)).
        let chiN: Double
        /// Iterations between eigendecompositions: ⌈λ/((c₁ + c_μ) n 10)⌉ (purecma's lazy update).
        let eigenInterval: Int
        /// Length of the best-fitness history for `tolFun`: 10 + ⌈30n/λ⌉.
        let historyLength: Int

        init(dimension n: Int, population: Int) {
            let lambda = population > 0 ? population : 4 + Int(3 * log(Double(n)))
            let mu = lambda / 2
            let raw = (1...mu).map { log(Double(lambda + 1) / 2) - log(Double($0)) }
            let total = raw.reduce(0, +)
            let weights = raw.map { $0 / total }
            let muEff = 1 / weights.reduce(0) { $0 + $1 * $1 }
            let nd = Double(n)
            self.n = n
            self.lambda = lambda
            self.mu = mu
            self.weights = weights
            self.muEff = muEff
            cSigma = (muEff + 2) / (nd + muEff + 5)
            dSigma = 1 + 2 * Swift.max(0, ((muEff - 1) / (nd + 1)).squareRoot() - 1) + cSigma
            cC = (4 + muEff / nd) / (nd + 4 + 2 * muEff / nd)
            c1 = 2 / ((nd + 1.3) * (nd + 1.3) + muEff)
            cMu = Swift.min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((nd + 2) * (nd + 2) + muEff))
            chiN = nd.squareRoot() * (1 - 1 / (4 * nd) + 1 / (21 * nd * nd))
            eigenInterval = Swift.max(1, Int((Double(lambda) / ((c1 + cMu) * nd * 10)).rounded(.up)))
            historyLength = 10 + Int((30 * nd / Double(lambda)).rounded(.up))
        }
    }

    /// Checks every hyperparameter, naming it as a spec does.
    static func validate(_ c: Configuration, space: SearchSpace) throws(OptimizerError) {
        func fail(_ key: String, _ value: Any, _ expected: String) -> OptimizerError {
            .invalidConfiguration(optimizer: identifier, key: key, value: "\(value)", expected: expected)
        }
        if c.population != 0 && c.population < 2 { throw fail("population", c.population, "0 (default λ) or an integer ≥ 2") }
        if !(c.initialSigma > 0 && c.initialSigma.isFinite) {
            throw fail("initial_sigma", c.initialSigma, "a finite fraction > 0 of each width")
        }
        if !(c.tolX >= 0 && c.tolX.isFinite) { throw fail("tol_x", c.tolX, "a finite fraction ≥ 0") }
        if !(c.tolFun >= 0 && c.tolFun.isFinite) { throw fail("tol_fun", c.tolFun, "a finite number ≥ 0") }
        if c.maxFullCovariance < 1 { throw fail("max_full_covariance", c.maxFullCovariance, "an integer ≥ 1") }
        if space.count == 0 { throw fail("space", "0 dimensions", "at least one dimension") }
        if space.widths.contains(where: { !($0 > 0) }) { throw fail("space", "a zero-width dimension", "every width > 0") }
        try c.covariance.validate(dimension: space.count, maxFullDimension: c.maxFullCovariance, optimizer: identifier)
    }
}
