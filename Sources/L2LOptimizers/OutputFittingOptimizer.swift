/// An optimizer that is told model outputs G(u) and targets y (ensemble Kalman inversion), not only fitness.
///
/// Ensemble Kalman inversion (Iglesias, Law & Stuart 2013, *Inverse Problems* 29:045001,
/// doi:10.1088/0266-5611/29/4/045001) moves its ensemble by the residuals y − G(u_j), which a
/// scalar fitness cannot carry. A caller loops `ask` → evaluate the model on one mini-batch →
/// `tell(fitness:outputs:targets:)`; fitness still decides the incumbent and is recorded.
public protocol OutputFittingOptimizer: Optimizer {
    /// outputs[j] = G(u_j) for candidate j of the last ask (all of one length K); targets = y (length K,
    /// shared by the batch: one mini-batch); fitness as usual (for the incumbent and records).
    mutating func tell(fitness: [Double], outputs: [[Double]], targets: [Double]) throws(OptimizerError)
}

/// One evaluation of a batch for an `OutputFittingOptimizer`.
public struct OutputEvaluation: Sendable, Equatable {
    /// Fitness (maximized) per candidate.
    public var fitness: [Double]
    /// Model outputs per candidate (each of length K).
    public var outputs: [[Double]]
    /// Targets y (length K) of the mini-batch the outputs were computed on.
    public var targets: [Double]

    public init(fitness: [Double], outputs: [[Double]], targets: [Double]) {
        self.fitness = fitness
        self.outputs = outputs
        self.targets = targets
    }
}

extension OutputFittingOptimizer {
    /// Runs ask → evaluate → `tell(fitness:outputs:targets:)` for at most `iterations` iterations or
    /// until a stop reason fires. The closure gets the iteration index, so it can pick the mini-batch.
    /// - Returns: the incumbent at the end.
    @discardableResult
    public mutating func optimize(
        iterations: Int, _ evaluate: (_ candidates: [[Double]], _ iteration: Int) throws -> OutputEvaluation
    ) throws -> Incumbent? {
        for _ in 0..<iterations where stopReasons.isEmpty {
            let candidates = try ask()
            let e = try evaluate(candidates, iteration)
            try tell(fitness: e.fitness, outputs: e.outputs, targets: e.targets)
        }
        return incumbent
    }
}
