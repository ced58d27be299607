import L2LNumerics
import L2LOptimizers
import L2LOptimizees

extension InnerRun {
    /// Runs a lifetime learner. Never throws: a failure is part of the result.
    ///
    /// The trajectory maps onto the ask/tell layout: each step is an iteration with one
    /// "candidate" whose fitness is the step's, no parameter vector, and the step's arrays as
    /// state; `bestCurve` is the learning curve (the step fitness) and `finalBest` the lifetime's score.
    static func executeLifetime(
        _ learner: any LifetimeLearner, record: RecordSpec, coordinates: RunCoordinates, root: RandomStream
    ) -> InnerRunResult {
        var random = coordinates.stream(root: root).derived(StreamLabel.lifetime)
        var result = InnerRunResult(coordinates: coordinates)
        result.kind = .lifetime
        do {
            let outcome = try learner.live(random: &random) { step in
                let iteration = result.iterations.count
                result.iterations.append(IterationRecord(
                    iteration: iteration, candidates: [], fitness: [step.fitness], incumbent: nil,
                    snapshot: record.state ? step.arrays : []))
                result.statuses.append([step.fitness.isFinite ? .ok : .nonFinite])
                result.bestCurve.append(step.fitness)
                result.evaluations += 1
                if !step.fitness.isFinite { result.failedEvaluations += 1 }
            }
            result.finalBest = outcome.fitness.isNaN ? -.infinity : outcome.fitness
            result.metrics = outcome.metrics
        } catch {
            result.failure = String(describing: error)
            result.finalBest = -.infinity
        }
        return result
    }
}
