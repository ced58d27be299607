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
