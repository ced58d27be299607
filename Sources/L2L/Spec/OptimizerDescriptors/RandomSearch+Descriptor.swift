import L2LOptimizers

extension RandomSearch {
    /// `optimizer: random` in a spec.
    static let descriptor = OptimizerDescriptor(
        RandomSearch.self,
        doc: "Random search (Bergstra & Bengio 2012): candidates drawn uniformly from the search space (log-uniformly on log scales).",
        defaults: Configuration(),
        fields: [.integer("population", \Configuration.population, 1...SpecSchema.maximumPopulation, "Candidates per iteration.")])
}

extension GridSearch {
    /// `optimizer: grid` in a spec.
    static let descriptor = OptimizerDescriptor(
        GridSearch.self,
        doc: "Grid search: `points` values of each real or integer entry (geometric on log scales), every value of a choice; visited in order, `population` per iteration, until the grid is exhausted.",
        defaults: Configuration(),
        fields: [
            .integer("points", \Configuration.points, 2...1000, "Values per real or integer entry."),
            .integer("population", \Configuration.population, 1...SpecSchema.maximumPopulation, "Grid points evaluated per iteration."),
        ])
}
