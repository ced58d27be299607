extension EnsembleKalmanFilter {
    /// Hyperparameters of ensemble Kalman inversion (Iglesias, Law & Stuart 2013; Kovachki & Stuart 2019).
    ///
    /// Iterations, mini-batches, repeats per batch and shuffling are not here: the caller picks the
    /// mini-batch of every iteration and passes its targets y to `tell(fitness:outputs:targets:)`.
    public struct Configuration: Codable, Sendable, Equatable {
        /// Number of ensemble members J (candidates per iteration), default 100.
        public var ensembleSize: Int
        /// γ: the observation covariance is Γ = γ·I_K in (C_GG + γ I)⁻¹, default 0.01 (enkf-dnn's value).
        /// Larger γ means smaller steps (Kovachki & Stuart's step h ↔ 1/γ).
        public var gamma: Double
        /// Standard deviation of the initial Gaussian ensemble around the initial point (or the box
        /// centre), as a **fraction of each dimension's encoded width**, default 0.05 (σ = 0.1 for a
        /// [−1, 1] box, enkf-dnn's init σ).
        public var initialSpread: Double
        /// Standard deviation of the perturbed observations y_j = y + η_j, η_j ~ N(0, noise²·I_K),
        /// in output units; 0 (default) uses y for every member.
        public var observationNoise: Double
        /// Stop when the mean over members of the RMS data misfit ‖y − G(u_j)‖/√K falls below this;
        /// 0 (default) never stops.
        public var misfitTolerance: Double
        /// Covariance recorded per iteration (`record.covariance`), default `diagonal`.
        public var covariance: CovarianceRecording
        /// Largest D for which `covariance: full` is accepted (`max_full_covariance`), default 2,000.
        public var maxFullCovariance: Int

        public init(
            ensembleSize: Int = 100, gamma: Double = 0.01, initialSpread: Double = 0.05,
            observationNoise: Double = 0, misfitTolerance: Double = 0, covariance: CovarianceRecording = .diagonal,
            maxFullCovariance: Int = CovarianceRecording.defaultMaxFullDimension
        ) {
            self.ensembleSize = ensembleSize
            self.gamma = gamma
            self.initialSpread = initialSpread
            self.observationNoise = observationNoise
            self.misfitTolerance = misfitTolerance
            self.covariance = covariance
            self.maxFullCovariance = maxFullCovariance
        }
    }

    /// Checks every hyperparameter, naming it as a spec does.
    static func validate(_ c: Configuration, space: SearchSpace) throws(OptimizerError) {
        func fail(_ key: String, _ value: Any, _ expected: String) -> OptimizerError {
            .invalidConfiguration(optimizer: identifier, key: key, value: "\(value)", expected: expected)
        }
        if c.ensembleSize < 2 { throw fail("ensemble_size", c.ensembleSize, "an integer ≥ 2") }
        if !(c.gamma > 0 && c.gamma.isFinite) { throw fail("gamma", c.gamma, "a finite number > 0") }
        if !(c.initialSpread >= 0 && c.initialSpread.isFinite) {
            throw fail("initial_spread", c.initialSpread, "a finite fraction ≥ 0 of each width")
        }
        if !(c.observationNoise >= 0 && c.observationNoise.isFinite) {
            throw fail("observation_noise", c.observationNoise, "a finite standard deviation ≥ 0")
        }
        if !(c.misfitTolerance >= 0 && c.misfitTolerance.isFinite) {
            throw fail("misfit_tolerance", c.misfitTolerance, "a finite number ≥ 0")
        }
        if c.maxFullCovariance < 1 { throw fail("max_full_covariance", c.maxFullCovariance, "an integer ≥ 1") }
        if space.count == 0 { throw fail("space", "0 dimensions", "at least one dimension") }
        try c.covariance.validate(dimension: space.count, maxFullDimension: c.maxFullCovariance, optimizer: identifier)
    }
}
