public struct GeneticAlgorithm: Sendable {}
