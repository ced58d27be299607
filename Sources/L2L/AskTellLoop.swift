import L2LOptimizers
import L2LOptimizees

/// What one ask → evaluate → tell iteration produced, as recorded in the file.
public struct IterationRecord: Sendable, Codable {
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
    ///   - observe: called after each `tell` with the record and the optimizer (to checkpoint it).
    static func run(
        _ optimizer: inout any Optimizer,
        iterations: Int,
        recordSnapshots: Bool = true,
        evaluate: (_ candidates: [[Double]], _ iteration: Int) async throws -> [Evaluation],
        observe: (IterationRecord, any Optimizer) async throws -> Void
    ) async throws -> Ending {
        while optimizer.iteration < iterations {
            if !optimizer.stopReasons.isEmpty { return .optimizerStopped(optimizer.stopReasons) }
            let iteration = optimizer.iteration
            let candidates = try optimizer.ask()
            let evaluations = try await evaluate(candidates, iteration)
            let fitness = evaluations.map(\.fitness)
            try tell(&optimizer, fitness: fitness, evaluations: evaluations)
            try await observe(
                IterationRecord(
                    iteration: iteration, candidates: candidates, fitness: fitness,
                    incumbent: optimizer.incumbent,
                    snapshot: recordSnapshots ? optimizer.snapshot() : []), optimizer)
        }
        return .iterationBudget
    }

    /// Tells fitness, plus model outputs and targets to an optimizer that fits outputs (the EnKF).
    private static func tell(_ optimizer: inout any Optimizer, fitness: [Double], evaluations: [Evaluation]) throws {
        guard var fitting = optimizer as? any OutputFittingOptimizer else {
            try optimizer.tell(fitness)
            return
        }
        let targets = evaluations.first?.targets ?? []
        let width = targets.count
        let outputs = evaluations.map { evaluation in
            // A member without outputs (a failed evaluation) gets NaN outputs: the filter leaves it out.
            evaluation.outputs.map { $0.count == width ? $0 : Array(repeating: .nan, count: width) }
                ?? Array(repeating: .nan, count: width)
        }
        guard width > 0 else { throw InnerRunError.outputsRequired(optimizer: type(of: fitting).identifier) }
        try fitting.tell(fitness: fitness, outputs: outputs, targets: targets)
        optimizer = fitting
    }
}

/// An inner run that cannot proceed.
public enum InnerRunError: Error, CustomStringConvertible {
    /// The optimizer fits model outputs, but the optimizee returned none.
    case outputsRequired(optimizer: String)

    public var description: String {
        switch self {
        case .outputsRequired(let optimizer):
            "\(optimizer) needs model outputs and targets, but the optimizee returns only a fitness"
        }
    }
}
