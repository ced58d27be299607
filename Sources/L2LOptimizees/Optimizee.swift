import L2LNumerics
import L2LOptimizers

/// Something an inner optimizer trains: a network on a task, or a test function.
///
/// This protocol joins `L2LOptimizers` and `L2LNetworks`, which know nothing of each
/// other. An optimizee describes its trainable parameters as a `SearchSpace`, may
/// suggest a starting point (a network's prior weights), and scores one parameter
/// vector at a time. Besides a scalar fitness (maximized) it may return model
/// outputs and their targets, which the ensemble Kalman filter needs.
public protocol Optimizee: Sendable {
    /// The trainable parameters and their bounds.
    var parameterSpace: SearchSpace { get }

    /// An encoded starting point, or nil to let the optimizer choose.
    var initialPoint: [Double]? { get }

    /// Scores one encoded parameter vector.
    /// - Parameters:
    ///   - parameters: encoded coordinates inside `parameterSpace`.
    ///   - random: a stream for stochastic evaluations (Poisson inputs, mini-batches, fresh
    ///     training episodes: ``EpisodeDraws``), derived from the run's coordinates and the
    ///     iteration; every candidate of one iteration gets a copy of the same stream (common
    ///     random numbers).
    /// - Returns: the evaluation; a non-finite fitness is a recorded outcome, not an error.
    func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation

    /// Named metrics of the parameters an inner run ends with (its incumbent), computed once after
    /// the run: e.g. a classifier's accuracy on its task's held-out samples (`test_accuracy`).
    ///
    /// Called by the inner run after the ask/tell loop with the incumbent's encoded coordinates;
    /// the result is `InnerRunResult.metrics`. The default returns no metrics. Must not throw:
    /// a metric that cannot be computed is NaN or left out.
    func finalReport(bestParameters: [Double]) -> [String: Double]

    /// Named arrays about the incumbent, computed once after the run when `record.artifacts` is
    /// on: e.g. the foraging worm's path on each held-out layout. The result is
    /// `InnerRunResult.artifacts`, written as `final/<name>` in the run's group. The default
    /// returns none. Must not throw.
    func finalArtifacts(bestParameters: [Double]) -> [RecordedArray]
}

extension Optimizee {
    /// No final metrics.
    public func finalReport(bestParameters: [Double]) -> [String: Double] { [:] }

    /// No final arrays.
    public func finalArtifacts(bestParameters: [Double]) -> [RecordedArray] { [] }
}

/// The result of scoring one parameter vector.
public struct Evaluation: Sendable, Equatable {
    /// Fitness, maximized. NaN or ∞ marks a diverged evaluation.
    public var fitness: Double
    /// Model outputs G(u) for the ensemble Kalman filter, if the optimizee produces them.
    public var outputs: [Double]?
    /// Targets y matching `outputs`.
    public var targets: [Double]?

    public init(fitness: Double, outputs: [Double]? = nil, targets: [Double]? = nil) {
        self.fitness = fitness
        self.outputs = outputs
        self.targets = targets
    }
}
