import L2LOptimizers

extension OpenAIEvolutionStrategy {
    /// The spec keys of `optimizer: openai_es`, each bound to a field of ``Configuration``; defaults
    /// come from `Configuration()`.
    static let specFields: [SpecField<Configuration>] = [
        .integer("population", \Configuration.population, 2...SpecSchema.maximumPopulation,
                 "Candidates per iteration, even: population/2 mirrored pairs θ ± σε.",
                 rule: { $0 % 2 == 0 ? nil : "must be even: candidates come in mirrored pairs" }),
        .real("sigma", \Configuration.sigma, .leftOpen(0, 10), "Noise standard deviation σ as a fraction of each width."),
        .real("learning_rate", \Configuration.learningRate, .leftOpen(0, 10), "Adam step size α in width-scaled coordinates."),
        .real("beta1", \Configuration.beta1, .rightOpen(0, 1), "Adam β₁."),
        .real("beta2", \Configuration.beta2, .rightOpen(0, 1), "Adam β₂."),
        .real("epsilon", \Configuration.epsilon, .leftOpen(0, 1), "Adam ε."),
        .real("l2_coefficient", \Configuration.l2Coefficient, .closed(0, 100),
              "L2 weight decay λ: the ascent direction is ĝ − λz (pulls x toward 0)."),
    ]

    /// `optimizer: openai_es` in a spec.
    static let descriptor = OptimizerDescriptor(
        OpenAIEvolutionStrategy.self,
        doc: "OpenAI evolution strategy (Salimans et al. 2017): mirrored Gaussian sampling with Adam steps.",
        defaults: Configuration(), fields: specFields)
}
