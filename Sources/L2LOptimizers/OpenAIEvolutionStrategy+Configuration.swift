extension OpenAIEvolutionStrategy {
    /// Hyperparameters of OpenAI-ES (Salimans et al. 2017) with the Adam step of the reference code.
    ///
    /// `sigma`, `learningRate` and the weight decay act on width-scaled coordinates z = x / width; for a
    /// [−1, 1] box (width 2) the defaults are the reference/RLlib values σ = 0.02 and step size 0.01.
    public struct Configuration: Codable, Sendable, Equatable {
        /// Candidates per iteration n (even: n/2 mirrored pairs θ ± σε), default 40.
        public var population: Int
        /// Noise standard deviation σ as a **fraction of each width** (σ_i = sigma × width_i), default 0.01.
        public var sigma: Double
        /// Adam step size α in width-scaled coordinates (a step of ≈ α × width_i per coordinate), default 0.005.
        public var learningRate: Double
        /// Adam β₁, default 0.9.
        public var beta1: Double
        /// Adam β₂, default 0.999.
        public var beta2: Double
        /// Adam ε, default 1e-8.
        public var epsilon: Double
        /// L2 weight decay λ: the ascent direction is ĝ − λ z (pulls x toward 0), default 0.005 (reference `l2coeff`).
        public var l2Coefficient: Double

        public init(
            population: Int = 40, sigma: Double = 0.01, learningRate: Double = 0.005, beta1: Double = 0.9,
            beta2: Double = 0.999, epsilon: Double = 1e-8, l2Coefficient: Double = 0.005
        ) {
            self.population = population
            self.sigma = sigma
            self.learningRate = learningRate
            self.beta1 = beta1
            self.beta2 = beta2
            self.epsilon = epsilon
            self.l2Coefficient = l2Coefficient
        }
    }

    /// Checks every hyperparameter, naming it as a spec does.
    static func validate(_ c: Configuration, space: SearchSpace) throws(OptimizerError) {
        func fail(_ key: String, _ value: Any, _ expected: String) -> OptimizerError {
            .invalidConfiguration(optimizer: identifier, key: key, value: "\(value)", expected: expected)
        }
        if c.population < 2 || c.population % 2 != 0 { throw fail("population", c.population, "an even integer ≥ 2") }
        if !(c.sigma > 0 && c.sigma.isFinite) { throw fail("sigma", c.sigma, "a finite fraction > 0 of each width") }
        if !(c.learningRate > 0 && c.learningRate.isFinite) { throw fail("learning_rate", c.learningRate, "a finite number > 0") }
        if !(c.beta1 >= 0 && c.beta1 < 1) { throw fail("beta1", c.beta1, "a number in [0, 1)") }
        if !(c.beta2 >= 0 && c.beta2 < 1) { throw fail("beta2", c.beta2, "a number in [0, 1)") }
        if !(c.epsilon > 0 && c.epsilon.isFinite) { throw fail("epsilon", c.epsilon, "a finite number > 0") }
        if !(c.l2Coefficient >= 0 && c.l2Coefficient.isFinite) { throw fail("l2_coefficient", c.l2Coefficient, "a finite number ≥ 0") }
        if space.count == 0 { throw fail("space", "0 dimensions", "at least one dimension") }
    }
}
