import L2LOptimizers

extension GeneticAlgorithm {
    /// The spec keys of `optimizer: ga`, each bound to a field of ``Configuration``; defaults come
    /// from `Configuration()`.
    static let specFields: [SpecField<Configuration>] = [
        .integer("population", \Configuration.population, 1...SpecSchema.maximumPopulation, "Individuals per generation."),
        .integer("tournament_size", \Configuration.tournamentSize, 1...SpecSchema.maximumPopulation,
                 "Aspirants per selection tournament (drawn with replacement)."),
        .real("crossover_probability", \Configuration.crossoverProbability, .closed(0, 1),
              "Probability that a consecutive pair of offspring is recombined."),
        .choice("crossover", \Configuration.crossover, "Recombination operator: `blend` (BLX-α) or `uniform` (gene swaps)."),
        .real("blend_alpha", \Configuration.blendAlpha, .closed(0, 10), "α of blend crossover (0.5 gives γ ∈ [−0.5, 1.5])."),
        .real("uniform_swap_probability", \Configuration.uniformSwapProbability, .closed(0, 1),
              "Per-gene swap probability of uniform crossover."),
        .real("mutation_probability", \Configuration.mutationProbability, .closed(0, 1), "Probability that an offspring is mutated."),
        .real("gene_mutation_probability", \Configuration.geneMutationProbability, .closed(0, 1),
              "Per-gene mutation probability of a mutated offspring."),
        .real("mutation_scale", \Configuration.mutationScale, .closed(0, 10),
              "Standard deviation of Gaussian mutation as a fraction of each dimension's width."),
        .integer("elites", \Configuration.elites, 0...SpecSchema.maximumPopulation,
                 "Best individuals copied unchanged into the next generation; must be less than `population`."),
    ]

    /// `optimizer: ga` in a spec.
    static let descriptor = OptimizerDescriptor(
        GeneticAlgorithm.self, doc: "Genetic algorithm (DEAP operators, tournament selection, elitism).",
        defaults: Configuration(), fields: specFields,
        check: { section in
            guard let population = section.int("population"), let elites = section.int("elites"), elites >= population
            else { return [] }
            return [SpecSectionIssue(
                key: section.isPresent("elites") ? "elites" : "population",
                "elites (\(elites)) must be less than population (\(population))")]
        })
}
