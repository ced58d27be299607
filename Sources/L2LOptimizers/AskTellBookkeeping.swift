/// The ask/tell bookkeeping every optimizer needs — the pending batch, the order of calls, the
/// fitness count, the incumbent and the iteration counter — in one place, so that an optimizer only
/// proposes a batch and learns from its fitness. Part of the optimizer's `State` (its checkpoint).
///
/// Used by the optimizers added since it exists (random and grid search); the older ones keep the
/// same fields in their own states, whose JSON layout old checkpoints depend on.
public struct AskTellBookkeeping: Codable, Sendable, Equatable {
    /// Completed ask/tell iterations.
    public private(set) var iteration = 0
    /// The last ask, until it is told.
    public private(set) var pending: [[Double]]?
    /// Best finite evaluation so far.
    public private(set) var incumbent: Incumbent?

    public init() {}

    /// Records `batch` as asked; `optimizer` names the caller in errors.
    public mutating func asked(_ batch: [[Double]], by optimizer: String) throws(OptimizerError) {
        guard pending == nil else { throw .outOfOrder("\(optimizer): ask called twice; tell the fitness of the last ask first") }
        pending = batch
    }

    /// The batch `fitness` belongs to, after checking order and count; updates the incumbent and the counter.
    @discardableResult
    public mutating func told(_ fitness: [Double], by optimizer: String) throws(OptimizerError) -> [[Double]] {
        guard let batch = pending else { throw .outOfOrder("\(optimizer): tell called without a pending ask") }
        guard fitness.count == batch.count else { throw .fitnessCountMismatch(expected: batch.count, got: fitness.count) }
        incumbent = Incumbent.updating(incumbent, with: batch, fitness: fitness, iteration: iteration)
        pending = nil
        iteration += 1
        return batch
    }
}
