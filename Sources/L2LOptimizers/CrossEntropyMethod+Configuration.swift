extension CrossEntropyMethod {
    /// The sampling distribution's covariance model.
    public enum Covariance: String, Codable, Sendable, CaseIterable {
        /// Independent coordinates: a standard deviation per dimension.
        case diagonal
        /// Full covariance fitted to the elites, sampled through its Cholesky factor (LAPACK).
        case full
    }

    /// Hyperparameters of the cross-entropy method (de Boer et al. 2005; L2L `CrossEntropyOptimizer`).
    public struct Configuration: Codable, Sendable, Equatable {
        /// Samples per iteration.
        public var population: Int
        /// Fraction of samples kept as elites (ρ).
        public var eliteFraction: Double
        /// Weight of the *old* mean and covariance in the update (L2L's `smoothing`).
        public var smoothing: Double
        /// Initial standard deviation as a fraction of each dimension's encoded width.
        public var initialSigma: Double
        /// Additive noise on the standard deviations, as a fraction of the width (NoisyGaussian);
        /// keeps the distribution from collapsing early.
        public var noise: Double
        /// Multiplicative decay of `noise` per iteration.
        public var noiseDecay: Double
        /// Covariance model.
        public var covariance: Covariance
        /// Stop when every standard deviation falls below this fraction of its width.
        public var sigmaTolerance: Double

        public init(
            population: Int = 20, eliteFraction: Double = 0.2, smoothing: Double = 0.0,
            initialSigma: Double = 0.3, noise: Double = 0.0, noiseDecay: Double = 0.95,
            covariance: Covariance = .diagonal, sigmaTolerance: Double = 1e-12
        ) {
            self.population = population
            self.eliteFraction = eliteFraction
            self.smoothing = smoothing
            self.initialSigma = initialSigma
            self.noise = noise
            self.noiseDecay = noiseDecay
            self.covariance = covariance
            self.sigmaTolerance = sigmaTolerance
        }
    }
}
