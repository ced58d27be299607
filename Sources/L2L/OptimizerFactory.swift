import L2LNumerics
import L2LOptimizers
import L2LOptimizees

/// Builds the optimizer a spec names, behind the one ask/tell protocol.
enum OptimizerFactory {
    static func make(
        _ algorithm: OptimizerAlgorithm, space: SearchSpace, initialPoint: [Double]?, random: RandomStream
    ) throws(OptimizerError) -> any Optimizer {
        switch algorithm {
        case .meshAdaptiveDirectSearch(let configuration):
            return try MeshAdaptiveDirectSearch(configuration: configuration, space: space, initialPoint: initialPoint, random: random)
        case .enomad(let configuration):
            return try ENOMAD(configuration: configuration, space: space, initialPoint: initialPoint, random: random)
        case .ensembleKalmanFilter(let configuration):
            return try EnsembleKalmanFilter(configuration: configuration, space: space, initialPoint: initialPoint, random: random)
        case .cmaes(let configuration):
            return try CMAES(configuration: configuration, space: space, initialPoint: initialPoint, random: random)
        case .alleleFrequencyEvolution(let configuration):
            return try AlleleFrequencyEvolution(configuration: configuration, space: space, initialPoint: initialPoint, random: random)
        case .plasticity(let rule):
            throw OptimizerError.invalidConfiguration(
                optimizer: rule.identifier, key: "optimizer", value: rule.identifier,
                expected: "an ask/tell optimizer; \(rule.identifier) is a lifetime learning rule, valid only as inner.optimizer with optimizee.plastic_classifier")
        case .registered(let registered):
            guard let descriptor = OptimizerRegistry.descriptor(registered.identifier) else {
                throw OptimizerError.invalidConfiguration(
                    optimizer: registered.identifier, key: "optimizer", value: registered.identifier,
                    expected: "an optimizer registered in this program (register its descriptor before loading the spec)")
            }
            do {
                return try descriptor.make(registered.section, space, initialPoint, random)
            } catch let error as OptimizerError {
                throw error
            } catch {
                throw OptimizerError.invalidConfiguration(
                    optimizer: registered.identifier, key: "optimizer", value: registered.identifier, expected: String(describing: error))
            }
        case .neuromodulated:
            // A lifetime learning rule (InnerRun.execute runs it directly); the spec rejects it under `outer`.
            throw OptimizerError.invalidConfiguration(
                optimizer: OptimizerAlgorithm.neuromodulatedIdentifier, key: "optimizer",
                value: OptimizerAlgorithm.neuromodulatedIdentifier,
                expected: "an ask/tell optimizer; neuromodulated is a lifetime learning rule, valid only as inner.optimizer with optimizee.gonogo")
        }
    }
}
