extension GeneticAlgorithm {
    /// How two parents' genes are recombined.
    public enum Crossover: String, Codable, Sendable, CaseIterable {
        /// DEAP `cxBlend` (BLX-α): children on and beyond the segment between the parents.
        case blend
        /// DEAP `cxUniform`: each gene swapped with probability `uniformSwapProbability`.
        case uniform
    }

    /// Hyperparameters of the genetic algorithm (DEAP operators as L2L uses them, plus elitism).
    public struct Configuration: Codable, Sendable, Equatable {
        /// Individuals per generation.
        public var population: Int
        /// Aspirants per tournament (drawn with replacement).
        public var tournamentSize: Int
        /// Probability that a consecutive pair of offspring is recombined.
        public var crossoverProbability: Double
        /// Recombination operator.
        public var crossover: Crossover
        /// α of blend crossover (0.5 gives γ ∈ [−0.5, 1.5]).
        public var blendAlpha: Double
        /// Per-gene swap probability of uniform crossover.
        public var uniformSwapProbability: Double
        /// Probability that an offspring is mutated.
        public var mutationProbability: Double
        /// Per-gene mutation probability of a mutated offspring (DEAP `indpb`).
        public var geneMutationProbability: Double
        /// Standard deviation of Gaussian mutation as a fraction of each dimension's encoded width.
        public var mutationScale: Double
        /// Best individuals copied unchanged into the next generation.
        public var elites: Int

        public init(
            population: Int = 20, tournamentSize: Int = 3, crossoverProbability: Double = 0.7,
            crossover: Crossover = .blend, blendAlpha: Double = 0.5, uniformSwapProbability: Double = 0.5,
            mutationProbability: Double = 0.5, geneMutationProbability: Double = 0.5,
            mutationScale: Double = 0.1, elites: Int = 1
        ) {
            self.population = population
            self.tournamentSize = tournamentSize
            self.crossoverProbability = crossoverProbability
            self.crossover = crossover
            self.blendAlpha = blendAlpha
            self.uniformSwapProbability = uniformSwapProbability
            self.mutationProbability = mutationProbability
            self.geneMutationProbability = geneMutationProbability
            self.mutationScale = mutationScale
            self.elites = elites
        }
    }
}
