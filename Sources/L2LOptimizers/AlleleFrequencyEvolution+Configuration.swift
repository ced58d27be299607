extension AlleleFrequencyEvolution {
    /// How the first generation's allele frequencies p¹ are chosen when no initial point is given.
    public enum InitialFrequencies: String, Codable, Sendable, CaseIterable {
        /// p¹(i) ~ U[0, 1] independently (Gorantla et al. 2019, §3.1, the MNIST experiments).
        case uniform
        /// p¹(i) = ½ for every gene (the maximum-entropy start).
        case half
    }

    /// Hyperparameters of allele-frequency evolution (Gorantla, Louis, Papadimitriou,
    /// Vempala & Yadati 2019, §2 and §3.1). The paper states N = 1,000 and p¹ ~ U[0, 1]ⁿ;
    /// it does not state ε, so the default below is this project's choice.
    public struct Configuration: Codable, Sendable, Equatable {
        /// Genotypes sampled per generation (the paper's 𝒩 = 1,000).
        public var population: Int
        /// Selection strength ε of equation 3 (weak selection: small; Theorem 1 needs
        /// ε ≤ min{1/max(2U, 1), 2/H, 1}). Default 0.1 (not given in the paper).
        public var selectionStrength: Double
        /// How p¹ is drawn when `initialPoint` is nil; `.uniform` (the paper) by default.
        public var initialFrequencies: InitialFrequencies
        /// After each update p is clamped to [`frequencyFloor`, 1 − `frequencyFloor`].
        /// 0 (default) is the paper's rule, in which p = 0 and p = 1 are absorbing;
        /// a small positive floor keeps every allele in play.
        public var frequencyFloor: Double
        /// The distance x of the paper's Figure 2: an allele counts as fixed when
        /// min(p, 1 − p) ≤ x. Default 0.05.
        public var fixationDistance: Double
        /// Stop (`.populationConverged`) once every allele has min(p, 1 − p) ≤ this
        /// tolerance. Default 0: only when every allele is exactly fixed.
        public var convergenceTolerance: Double

        public init(
            population: Int = 1_000, selectionStrength: Double = 0.1, initialFrequencies: InitialFrequencies = .uniform,
            frequencyFloor: Double = 0, fixationDistance: Double = 0.05, convergenceTolerance: Double = 0
        ) {
            self.population = population
            self.selectionStrength = selectionStrength
            self.initialFrequencies = initialFrequencies
            self.frequencyFloor = frequencyFloor
            self.fixationDistance = fixationDistance
            self.convergenceTolerance = convergenceTolerance
        }
    }
}
