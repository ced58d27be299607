import L2LOptimizers

extension CrossEntropyMethod {
    /// The spec keys of `optimizer: cem`, each bound to a field of ``Configuration``; defaults come
    /// from `Configuration()`.
    static let specFields: [SpecField<Configuration>] = [
        .integer("population", \Configuration.population, 1...SpecSchema.maximumPopulation, "Samples per iteration."),
        .real("elite_fraction", \Configuration.eliteFraction, .leftOpen(0, 1), "Fraction of samples kept as elites (ρ)."),
        .real("smoothing", \Configuration.smoothing, .rightOpen(0, 1), "Weight of the old mean and covariance in the update."),
        .real("initial_sigma", \Configuration.initialSigma, .leftOpen(0, 10),
              "Initial standard deviation as a fraction of each dimension's width."),
        .real("noise", \Configuration.noise, .closed(0, 10), "Additive noise on the standard deviations, as a fraction of the width."),
        .real("noise_decay", \Configuration.noiseDecay, .closed(0, 1), "Multiplicative decay of `noise` per iteration."),
        .choice("covariance", \Configuration.covariance, "Covariance model: `diagonal` or `full` (Cholesky, LAPACK)."),
        .real("sigma_tolerance", \Configuration.sigmaTolerance, .closed(0, 1),
              "Stop when every standard deviation falls below this fraction of its width."),
    ]

    /// `optimizer: cem` in a spec.
    static let descriptor = OptimizerDescriptor(
        CrossEntropyMethod.self, doc: "Cross-entropy method (de Boer et al. 2005).", defaults: Configuration(), fields: specFields)
}
