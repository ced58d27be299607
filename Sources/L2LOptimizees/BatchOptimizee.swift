import L2LNumerics

/// An optimizee that scores a whole iteration's candidates in one call: a program behind a pipe
/// (one round trip per iteration instead of one per candidate), or a model that vectorises over
/// candidates. The inner run calls ``evaluateBatch(_:context:)`` instead of
/// ``Optimizee/evaluate(_:random:)`` when the optimizee conforms.
public protocol BatchOptimizee: Optimizee {
    /// Scores `candidates` in order; returns exactly one outcome per candidate. Must not throw: a
    /// failed evaluation is an outcome with its status.
    func evaluateBatch(_ candidates: [[Double]], context: EvaluationBatchContext) -> [EvaluationOutcome]
}

/// What a batch evaluation knows of where it runs.
public struct EvaluationBatchContext: Sendable {
    /// The inner run's coordinates (task seed included).
    public var coordinates: RunCoordinates
    /// Zero-based inner iteration.
    public var iteration: Int
    /// The iteration's stream, derived from the run's coordinates and the iteration: every
    /// candidate sees the same draws (common random numbers), so copy it per candidate.
    public var random: RandomStream
    /// Seconds one evaluation may take (the spec's `evaluation_time_limit`); nil: no limit.
    public var timeLimit: Double?

    /// One 64-bit seed drawn from ``random``: what a program outside l2l seeds itself with.
    public var seed: UInt64 {
        var stream = random
        return stream.next()
    }

    public init(coordinates: RunCoordinates, iteration: Int, random: RandomStream, timeLimit: Double?) {
        self.coordinates = coordinates
        self.iteration = iteration
        self.random = random
        self.timeLimit = timeLimit
    }
}

/// The outcome of one evaluation of a batch.
public struct EvaluationOutcome: Sendable {
    public var evaluation: Evaluation
    public var status: EvaluationStatus
    /// Why it failed; empty when `status` is `ok`.
    public var reason: String

    public init(evaluation: Evaluation, status: EvaluationStatus = .ok, reason: String = "") {
        self.evaluation = evaluation
        self.status = status
        self.reason = reason
    }

    /// A failed evaluation, told to the optimizer as −∞.
    public static func failed(_ status: EvaluationStatus, _ reason: String) -> EvaluationOutcome {
        EvaluationOutcome(evaluation: Evaluation(fitness: -.infinity), status: status, reason: reason)
    }
}

/// How one evaluation went. Anything but `ok` is told to the optimizer as fitness −∞
/// (the worst), and the run goes on.
public enum EvaluationStatus: UInt8, Sendable, Codable {
    case ok = 0
    /// The optimizee threw an error.
    case error = 1
    /// The fitness was NaN or ±∞ (a diverging network).
    case nonFinite = 2
    /// The evaluation took longer than the spec's time limit.
    case timeLimit = 3
}
