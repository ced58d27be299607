import Foundation
import L2LNetworks
import L2LNumerics

extension GenotypeClassifierOptimizee: BatchOptimizee {
    /// Scores an inner iteration's genotypes in one call of
    /// ``GenotypeNetwork/evaluate(genotypes:gathered:classIndices:blockSize:threads:)``: one
    /// mini-batch, drawn from `context.random` as ``evaluate(_:random:)`` draws it, gathered once,
    /// then `W X` and the forward passes for blocks of genotypes with BLAS products.
    ///
    /// Each genotype gets the fitness that ``evaluate(_:random:)`` gives it (the same mini-batch,
    /// the same network; the products over a block sum in the same order as for a single genotype,
    /// which `GenotypeClassifierBatchTests` checks bit for bit). A genotype of the wrong length
    /// fails alone; with a time limit, every genotype fails when the batch took longer than the
    /// limit times its size.
    public func evaluateBatch(_ candidates: [[Double]], context: EvaluationBatchContext) -> [EvaluationOutcome] {
        let clock = ContinuousClock()
        let start = clock.now
        var random = context.random
        let indices = batchIndices(random: &random)
        let labels = batchLabels(indices)
        let gathered = gatheredBatch(indices)
        let valid = candidates.indices.filter { candidates[$0].count == network.genes }
        let scores = network.evaluate(genotypes: valid.map { candidates[$0] }, gathered: gathered, classIndices: labels)
        var outcomes = candidates.map { candidate in
            EvaluationOutcome.failed(
                .error, String(describing: ClassifierOptimizeeError.parameterCount(expected: network.genes, got: candidate.count)))
        }
        for (position, index) in valid.enumerated() {
            outcomes[index] = EvaluationOutcome(evaluation: Evaluation(fitness: scores[position].advantage))
        }
        if let limit = context.timeLimit, !candidates.isEmpty {
            let seconds = Double((clock.now - start).components.seconds) + Double((clock.now - start).components.attoseconds) * 1e-18
            if seconds > limit * Double(candidates.count) {
                let reason = "the batch of \(candidates.count) evaluations took \(seconds) s, longer than \(candidates.count) × the time limit of \(limit) s"
                for index in valid { outcomes[index] = .failed(.timeLimit, reason) }
            }
        }
        return outcomes
    }
}
