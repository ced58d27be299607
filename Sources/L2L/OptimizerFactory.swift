import L2LNumerics
import L2LOptimizers

/// Builds the optimizer a spec names, behind the one ask/tell protocol.
enum OptimizerFactory {
    static func make(
        _ algorithm: OptimizerAlgorithm, space: SearchSpace, initialPoint: [Double]?, random: RandomStream
    ) throws(OptimizerError) -> any Optimizer {
        switch algorithm {
        case .geneticAlgorithm(let configuration):
            try GeneticAlgorithm(configuration: configuration, space: space, initialPoint: initialPoint, random: random)
        case .crossEntropy(let configuration):
            try CrossEntropyMethod(configuration: configuration, space: space, initialPoint: initialPoint, random: random)
        case .meshAdaptiveDirectSearch(let configuration):
            try MeshAdaptiveDirectSearch(configuration: configuration, space: space, initialPoint: initialPoint, random: random)
        case .enomad(let configuration):
            try ENOMAD(configuration: configuration, space: space, initialPoint: initialPoint, random: random)
        case .ensembleKalmanFilter(let configuration):
            try EnsembleKalmanFilter(configuration: configuration, space: space, initialPoint: initialPoint, random: random)
        case .openAIEvolutionStrategy(let configuration):
            try OpenAIEvolutionStrategy(configuration: configuration, space: space, initialPoint: initialPoint, random: random)
        case .cmaes(let configuration):
            try CMAES(configuration: configuration, space: space, initialPoint: initialPoint, random: random)
        case .alleleFrequencyEvolution(let configuration):
            try AlleleFrequencyEvolution(configuration: configuration, space: space, initialPoint: initialPoint, random: random)
        case .plasticity(let rule):
            throw OptimizerError.invalidConfiguration(
                optimizer: rule.identifier, key: "optimizer", value: rule.identifier,
                expected: "an ask/tell optimizer; \(rule.identifier) is a lifetime learning rule, valid only as inner.optimizer with optimizee.plastic_classifier")
        case .neuromodulated:
            // A lifetime learning rule (InnerRun.execute runs it directly); the spec rejects it under `outer`.
            throw OptimizerError.invalidConfiguration(
                optimizer: OptimizerAlgorithm.neuromodulatedIdentifier, key: "optimizer",
                value: OptimizerAlgorithm.neuromodulatedIdentifier,
                expected: "an ask/tell optimizer; neuromodulated is a lifetime learning rule, valid only as inner.optimizer with optimizee.gonogo")
        }
    }
}
