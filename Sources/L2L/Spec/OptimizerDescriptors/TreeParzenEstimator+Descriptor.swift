import L2LOptimizers

extension TreeParzenEstimator {
    /// The spec keys of `optimizer: tpe`, each bound to a field of ``Configuration``.
    static let specFields: [SpecField<Configuration>] = [
        .integer("population", \Configuration.population, 1...SpecSchema.maximumPopulation,
                 "Proposals per iteration (a batch by the constant liar, so that `--jobs` and MPI ranks stay busy)."),
        .integer("startup_trials", \Configuration.startupTrials, 1...1_000_000,
                 "Points drawn uniformly at random before the Parzen model is used (whole iterations of `population`)."),
        .integer("candidates", \Configuration.candidates, 1...100_000, "Draws from l(x) scored by l(x)/g(x) per proposal."),
        .real("gamma", \Configuration.gamma, .open(0, 1),
              "Fraction of the observations (at most 25) that form the good density l(x)."),
    ]

    /// `optimizer: tpe` in a spec.
    static let descriptor = OptimizerDescriptor(
        TreeParzenEstimator.self,
        doc: "Tree-structured Parzen estimator (Bergstra et al. 2011; multivariate kernel, bandwidth and split of Watanabe 2023): proposes the draws of the good density l(x) with the largest l(x)/g(x), a batch of `population` by the constant liar; for expensive outer evaluations.",
        defaults: Configuration(), fields: specFields)
}
