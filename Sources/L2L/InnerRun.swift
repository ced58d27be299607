import L2LNumerics
import L2LOptimizers

/// The outcome of one inner optimization: its trajectory and how it ended.
public struct InnerRunResult: Sendable {
    public var coordinates: RunCoordinates
    /// One record per completed iteration.
    public var iterations: [IterationRecord]
    /// Best finite fitness so far after each iteration (−∞ before any finite value).
    public var bestCurve: [Double]
    /// Best finite fitness of the run (−∞ if none, or if the run failed).
    public var finalBest: Double
    /// Encoded coordinates of the best point, if any.
    public var bestPoint: [Double]?
    /// Total evaluations made.
    public var evaluations: Int
    /// Why the optimizer stopped early, if it did.
    public var stopReasons: [String]
    /// Why the run failed (an error thrown by the optimizer or the optimizee), if it did.
    public var failure: String?
}

/// One inner run: the ask/tell loop of a black-box optimizer around an optimizee.
///
/// Later lifetime-learning rules (SignSGD, plasticity) produce the same
/// `InnerRunResult`, so the outer loop and the recorder need not tell them apart.
enum InnerRun {
    /// Runs the inner optimizer of `spec` on the task at `coordinates`. Never throws:
    /// a failure is part of the result, with the worst fitness.
    static func execute(spec: ExperimentSpec, coordinates: RunCoordinates, root: RandomStream) async -> InnerRunResult {
        let stream = coordinates.stream(root: root)
        var result = InnerRunResult(
            coordinates: coordinates, iterations: [], bestCurve: [], finalBest: -.infinity,
            bestPoint: nil, evaluations: 0, stopReasons: [], failure: nil)
        do {
            let optimizee = try OptimizeeFactory.make(spec.optimizee, taskSeed: coordinates.taskSeed)
            var optimizer = try OptimizerFactory.make(
                spec.inner.algorithm, space: optimizee.parameterSpace,
                initialPoint: optimizee.initialPoint, random: stream.derived(StreamLabel.innerOptimizer))
            let ending = try await AskTellLoop.run(
                &optimizer, iterations: spec.inner.iterations, recordSnapshots: spec.record.state,
                evaluate: { candidates, iteration in
                    // Common random numbers: every candidate of an iteration sees the same draw
                    // (the same mini-batch, the same input spikes), as the EnKF and antithetic ES need.
                    let shared = stream.derived(StreamLabel.evaluation, UInt64(iteration))
                    return try candidates.map { candidate in
                        var random = shared
                        return try optimizee.evaluate(candidate, random: &random)
                    }
                },
                observe: { record in
                    result.evaluations += record.candidates.count
                    result.bestCurve.append(record.incumbent?.fitness ?? -.infinity)
                    var kept = record
                    if !spec.record.candidates { kept.candidates = [] }
                    result.iterations.append(kept)
                })
            if case .optimizerStopped(let reasons) = ending { result.stopReasons = reasons.map(\.description) }
            if let best = optimizer.incumbent {
                result.finalBest = best.fitness
                result.bestPoint = best.point
            }
        } catch {
            result.failure = String(describing: error)
            result.finalBest = -.infinity
        }
        return result
    }
}

/// Builds the optimizee a spec names for one task.
enum OptimizeeFactory {
    static func make(_ spec: OptimizeeSpec, taskSeed: UInt64) throws -> any Optimizee {
        switch spec {
        case .function(let function): FunctionOptimizee(spec: function, taskSeed: taskSeed)
        }
    }
}
