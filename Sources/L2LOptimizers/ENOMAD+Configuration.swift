extension ENOMAD {
    /// The two variants of Churchland & Garcia-Ojalvo 2025 (figure scripts' names).
    public enum Variant: String, Codable, Sendable, CaseIterable {
        /// Small distributed adjustments of many weights (`Pure_NOMAD.py`, library mode "EA"):
        /// MADS on k random weights of every individual; no mutation, no penalty.
        case rENOMAD = "r_enomad"
        /// Larger changes on a limited number of weights (`Hybrid_NOMAD.py`, mode "rEA"): random
        /// weight resets create changes, MADS tunes only the changed weights, and fitness is
        /// penalised by a·k^b for k weights differing from the prior.
        case mENOMAD = "m_enomad"
    }

    /// Hyperparameters of ENOMAD; defaults as in the public ENOMAD code (`dsb-lab/ENOMAD`,
    /// `greenfire0/CElegan_Connectome_Training`). Spec keys are snake_case.
    public struct Configuration: Codable, Sendable, Equatable {
        /// `variant`: `r_enomad` or `m_enomad`.
        public var variant: Variant
        /// `population`: individuals per generation (64). Half survive, one slot is the elite.
        public var population: Int
        /// `subset_size`: weights per MADS call (k = 49; for mENOMAD the most changed weights a
        /// MADS call may tune).
        public var subsetSize: Int
        /// `box`: MADS searches wᵢ ± box, within the bounds (rENOMAD 4, mENOMAD 2).
        public var box: Double
        /// `evaluations_per_call`: MADS `max_evaluations` per call (rENOMAD 250, mENOMAD 25).
        public var evaluationsPerCall: Int
        /// `resets`: mENOMAD only — weights of each offspring reset uniformly (5).
        public var resets: Int
        /// `reset_range`: resets draw U(−r, r) ∩ bounds (20).
        public var resetRange: Double
        /// `penalty_scale` a and `penalty_exponent` b: mENOMAD fitness − a·k^b (0.1, 1.3).
        public var penaltyScale: Double
        public var penaltyExponent: Double
        /// `crossover_bias_exponent`: q = (φ₁/(φ₁+φ₂))^e, the chance a gene comes from parent 1 (1.2).
        public var crossoverBiasExponent: Double
        /// `start`: the vector the population starts from and mENOMAD counts changes against:
        /// `prior` (the optimizee's prior parameter vector, the box centre without one) or `center`
        /// (the box centre). Default `prior`.
        public var start: MeshAdaptiveDirectSearch.StartPoint
        /// `mads`: the inner MADS configuration (its `max_evaluations` is replaced by
        /// `evaluations_per_call`); default NOMAD's with `poll_block_size` 4 (`BB_MAX_BLOCK_SIZE` 4).
        public var mads: MeshAdaptiveDirectSearch.Configuration

        /// Defaults depend on `variant` where the public code's do (box, evaluations per call).
        public init(
            variant: Variant = .rENOMAD, population: Int = 64, subsetSize: Int = 49, box: Double? = nil,
            evaluationsPerCall: Int? = nil, resets: Int = 5, resetRange: Double = 20, penaltyScale: Double = 0.1,
            penaltyExponent: Double = 1.3, crossoverBiasExponent: Double = 1.2, start: MeshAdaptiveDirectSearch.StartPoint = .prior,
            mads: MeshAdaptiveDirectSearch.Configuration = .init(pollBlockSize: 4, restartOnConvergence: false)
        ) {
            self.variant = variant
            self.population = population
            self.subsetSize = subsetSize
            self.box = box ?? (variant == .rENOMAD ? 4 : 2)
            self.evaluationsPerCall = evaluationsPerCall ?? (variant == .rENOMAD ? 250 : 25)
            self.resets = resets
            self.resetRange = resetRange
            self.penaltyScale = penaltyScale
            self.penaltyExponent = penaltyExponent
            self.crossoverBiasExponent = crossoverBiasExponent
            self.start = start
            self.mads = mads
        }

        /// The inner MADS configuration actually used (it starts at the individual's weights).
        var innerConfiguration: MeshAdaptiveDirectSearch.Configuration {
            var c = mads
            c.maxEvaluations = evaluationsPerCall
            c.start = .prior
            return c
        }
    }

    /// Checks every hyperparameter, naming it as a spec does.
    static func validate(_ c: Configuration, space: SearchSpace) throws(OptimizerError) {
        func fail(_ key: String, _ value: Any, _ expected: String) -> OptimizerError {
            .invalidConfiguration(optimizer: identifier, key: key, value: "\(value)", expected: expected)
        }
        if c.population < 4 { throw fail("population", c.population, "an integer ≥ 4") }
        if c.subsetSize < 1 { throw fail("subset_size", c.subsetSize, "an integer ≥ 1") }
        if !(c.box > 0 && c.box.isFinite) { throw fail("box", c.box, "a finite half-width > 0") }
        if c.evaluationsPerCall < 1 { throw fail("evaluations_per_call", c.evaluationsPerCall, "an integer ≥ 1") }
        if c.resets < 0 { throw fail("resets", c.resets, "an integer ≥ 0") }
        if !(c.resetRange > 0 && c.resetRange.isFinite) { throw fail("reset_range", c.resetRange, "a finite r > 0") }
        if !(c.penaltyScale >= 0 && c.penaltyScale.isFinite) {
            throw fail("penalty_scale", c.penaltyScale, "a finite a ≥ 0")
        }
        if !(c.penaltyExponent > 0 && c.penaltyExponent.isFinite) {
            throw fail("penalty_exponent", c.penaltyExponent, "a finite b > 0")
        }
        if !(c.crossoverBiasExponent >= 0 && c.crossoverBiasExponent.isFinite) {
            throw fail("crossover_bias_exponent", c.crossoverBiasExponent, "a finite exponent ≥ 0")
        }
        do {
            try MeshAdaptiveDirectSearch.validate(c.innerConfiguration, space: space)
        } catch {
            if case .invalidConfiguration(_, let key, let value, let expected) = error {
                throw fail("mads.\(key)", value, expected)
            }
            throw error
        }
    }
}
