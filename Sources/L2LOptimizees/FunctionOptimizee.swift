import L2LNetworks
import L2LNumerics
import L2LOptimizers

/// A benchmark function from a shifted, rotated task family, as an optimizee.
///
/// Fitness is `-(f(x) - f*)`, so the optimum has fitness 0 and every other point a
/// negative fitness; the model output is the single value f(x) with target f*.
public struct FunctionOptimizee: Optimizee {
    public let task: FunctionTask
    public let parameterSpace: SearchSpace

    public init(spec: FunctionOptimizeeSpec, taskSeed: UInt64) {
        task = FunctionTask(
            function: spec.function, dimension: spec.dimension, taskSeed: taskSeed,
            shiftScale: spec.shift, rotate: spec.rotate)
        parameterSpace = .box(count: spec.dimension, lower: spec.lower, upper: spec.upper)
    }

    public var initialPoint: [Double]? { nil }

    public func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
        let value = task.value(parameters)
        return Evaluation(fitness: -(value - task.optimalValue), outputs: [value], targets: [task.optimalValue])
    }
}
