import L2LOptimizers

/// What one ask → evaluate → tell iteration produced, as recorded in the file.
public struct IterationRecord: Sendable {
    /// Zero-based iteration (outer generation for the outer loop).
    public var iteration: Int
    /// Encoded candidates proposed by `ask`.
    public var candidates: [[Double]]
    /// Their fitness, as told to the optimizer.
    public var fitness: [Double]
    /// The best point so far, after `tell`.
    public var incumbent: Incumbent?
    /// The optimizer's state arrays after `tell`.
    public var snapshot: [RecordedArray]
}

/// The single driver of every optimization in l2l: inner runs and the outer loop alike.
///
/// The outer loop is this same loop around an optimizer whose candidates are
/// hyperparameter sets and whose evaluation runs inner optimizations in parallel.
enum AskTellLoop {
    /// Why a loop ended.
    enum Ending: Sendable, Equatable {
        case iterationBudget
        case optimizerStopped([StopReason])
    }

    /// Runs `optimizer` for at most `iterations` iterations.
    /// - Parameters:
    ///   - evaluate: scores the candidates of one iteration (index given), in order.
    ///   - observe: called after each `tell`, e.g. to record or report progress.
    static func run(
        _ optimizer: inout any Optimizer,
        iterations: Int,
        recordSnapshots: Bool = true,
        evaluate: (_ candidates: [[Double]], _ iteration: Int) async throws -> [Double],
        observe: (IterationRecord) async throws -> Void
    ) async throws -> Ending {
        while optimizer.iteration < iterations {
            if !optimizer.stopReasons.isEmpty { return .optimizerStopped(optimizer.stopReasons) }
            let iteration = optimizer.iteration
            let candidates = try optimizer.ask()
            let fitness = try await evaluate(candidates, iteration)
            try optimizer.tell(fitness)
            try await observe(
                IterationRecord(
                    iteration: iteration, candidates: candidates, fitness: fitness,
                    incumbent: optimizer.incumbent,
                    snapshot: recordSnapshots ? optimizer.snapshot() : []))
        }
        return .iterationBudget
    }
}
