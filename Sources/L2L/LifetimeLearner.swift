import L2LNumerics
import L2LOptimizers

/// A lifetime learning rule bound to its task: the network changes itself from its own
/// activity (SignSGD, dopaminergic or neuromodulated plasticity), with no black-box
/// optimizer proposing parameters.
///
/// An inner run of a learner records the same kind of trajectory as an ask/tell run — one
/// record per step (trial, mini-batch) with that step's fitness and state arrays — so the
/// outer loop, which tunes the rule's constants, and the recorder need not tell them apart.
public protocol LifetimeLearner: Sendable {
    /// Lives one lifetime, calling `observe` after every step.
    /// - Parameter random: the run's stream (task sequence, action noise).
    /// - Returns: the lifetime's score (maximized) and final metrics.
    func live(random: inout RandomStream, observe: (LifetimeStep) throws -> Void) throws -> LifetimeOutcome
}

/// One step of a lifetime.
public struct LifetimeStep: Sendable {
    /// The step's fitness (e.g. 1 for a correct trial, −loss of a mini-batch).
    public var fitness: Double
    /// Arrays describing the learner after the step (neuromodulator levels, weights' norms, …);
    /// the same names and shapes at every step.
    public var arrays: [RecordedArray]

    public init(fitness: Double, arrays: [RecordedArray]) {
        self.fitness = fitness
        self.arrays = arrays
    }
}

/// How a lifetime went.
public struct LifetimeOutcome: Sendable {
    /// The score the outer loop aggregates (maximized), e.g. −trials needed to relearn after a reversal.
    public var fitness: Double
    /// Named results recorded with the run (`metric_<name>` attributes).
    public var metrics: [String: Double]

    public init(fitness: Double, metrics: [String: Double]) {
        self.fitness = fitness
        self.metrics = metrics
    }
}

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
