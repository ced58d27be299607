import Foundation
import L2LNumerics
import L2LOptimizers
import Testing

@testable import L2LNetworks

/// The NNE network of Gorantla et al. (2019, §2–3.1): W x, batched evaluation, δₓ, Theorem 2.
@Suite struct NNEGenotypeNetworkTests {
    @Test func weightGenerationMatrixHasTheRequestedDensityAndRange() {
        var random = RandomStream(seed: 9)
        let w = WeightGenerationMatrix(rows: 400, genes: 500, density: 0.02, random: &random)
        let expected = 0.02 * 400 * 500
        #expect(abs(Double(w.nonzeroCount) - expected) < 5 * expected.squareRoot())
        #expect(w.values.allSatisfy { $0 >= -1 && $0 < 1 })
        #expect(w.rowStarts.count == 401 && w.rowStarts.last == w.nonzeroCount)
        // Dense check of W x.
        var x = [Double](repeating: 0, count: 500)
        for g in stride(from: 0, to: 500, by: 3) { x[g] = 1 }
        let y = w.apply(x)
        for r in [0, 17, 399] {
            var s = 0.0
            for k in w.rowStarts[r]..<w.rowStarts[r + 1] { s += w.values[k] * x[Int(w.geneIndices[k])] }
            #expect(abs(y[r] - s) < 1e-12)
        }
        var again = RandomStream(seed: 9)
        #expect(WeightGenerationMatrix(rows: 400, genes: 500, density: 0.02, random: &again) == w)
    }

    /// `apply` for a block of genotypes (32-, 8- and 1-lane register paths) gives, in every lane, the
    /// sum of `scale·w·g` from zero in entry order, bit for bit.
    @Test(arguments: [1, 5, 8, 13, 32, 45, 77])
    func blockApplyEqualsTheOrderedSums(count: Int) {
        var random = RandomStream(seed: 12)
        let w = WeightGenerationMatrix(rows: 90, genes: 70, density: 0.1, random: &random)
        let g = (0..<(70 * count)).map { _ in random.nextUniform(in: -1, 1) }
        var out = [Double](repeating: .nan, count: 80 * count)
        g.withUnsafeBufferPointer { gp in
            out.withUnsafeMutableBufferPointer { w.apply(genotypesByGene: gp.baseAddress!, count: count, rows: 10..<90, scale: 0.7, into: $0.baseAddress!) }
        }
        var want = [Double](repeating: 0, count: 80 * count)
        for r in 10..<90 {
            for k in w.rowStarts[r]..<w.rowStarts[r + 1] {
                let a = 0.7 * w.values[k]
                for c in 0..<count { want[(r - 10) * count + c] += a * g[Int(w.geneIndices[k]) * count + c] }
            }
        }
        #expect(out.map(\.bitPattern) == want.map(\.bitPattern))
    }

    @Test func batchedEvaluationMatchesTheFeedForwardNetwork() {
        var random = RandomStream(seed: 4)
        let net = GenotypeNetwork(inputs: 20, hidden: 12, classes: 3, genes: 60, density: 0.1, random: &random)
        let genotypes = (0..<7).map { _ in (0..<60).map { _ in random.nextUniform() < 0.5 ? 1.0 : 0.0 } }
        let inputs = Matrix(rows: 9, columns: 20, elements: (0..<180).map { _ in random.nextUniform() })
        let labels = (0..<9).map { $0 % 3 }
        let batched = net.evaluate(genotypes: genotypes, inputs: inputs, classIndices: labels, blockSize: 3, threads: 2)
        for (x, score) in zip(genotypes, batched) {
            let reference = net.feedForward.evaluate(parameters: net.parameters(genotype: x), inputs: inputs, classIndices: labels)
            #expect(abs(score.loss - reference.loss) < 1e-10)
            #expect(score.correct == reference.correct)
            let probabilities = net.feedForward.probabilities(parameters: net.parameters(genotype: x), inputs: inputs)
            let losses = labels.enumerated().map { -log(probabilities[$0.offset, $0.element]) }
            #expect(abs(score.advantage - GenotypeEvaluation.advantage(losses: losses, classes: 3)) < 1e-10)
        }
        // The dense matrices used by the lifetime rules agree too.
        let classifier = TwoLayerClassifier(network: net, genotype: genotypes[0])
        let direct = classifier.evaluate(inputs: inputs, classIndices: labels)
        #expect(abs(direct.loss - batched[0].loss) < 1e-10)
    }

    @Test func advantageIsRelativeToARandomGuess() {
        let alpha = log(10.0)
        #expect(GenotypeEvaluation.advantage(losses: [alpha, alpha], classes: 10) == 0)
        #expect(abs(GenotypeEvaluation.advantage(losses: [0, 5], classes: 10) - alpha * alpha / 2) < 1e-12)
        #expect(GenotypeEvaluation.advantage(losses: [.nan, 0], classes: 10) == alpha * alpha / 2)
    }

    /// Theorem 2: NNE with the squared loss drives W p to the linear target a.
    @Test func linearTargetAlleleDistributionConverges() throws {
        var random = RandomStream(seed: 21)
        let task = LinearTargetTask(inputs: 4, genes: 40, sparsity: 2, random: &random)
        var nne = try AlleleFrequencyEvolution(
            configuration: .init(population: 200, selectionStrength: 0.02, initialFrequencies: .half),
            space: AlleleFrequencyEvolution.genotypeSpace(genes: task.genes), initialPoint: nil,
            random: random.derived(1))
        let startError = task.relativeError(task.generator.apply(nne.state.frequencies))
        var data = random.derived(2)
        for _ in 0..<400 {
            let xs = try nne.ask()
            try nne.tell(task.fitness(genotypes: xs, inputs: task.sampleInputs(count: 32, random: &data)))
        }
        let p = nne.state.frequencies
        let error = task.relativeError(task.generator.apply(p))
        #expect(error < 0.25 && error < startError / 4, "‖Wp − a‖/‖a‖: \(startError) → \(error)")
        #expect(task.cosine(task.generator.apply(p)) > 0.95)
        #expect(nne.fixedFraction(within: 0.05) > 0.25, "alleles near 0 or 1: \(nne.fixedFraction(within: 0.05))")
    }
}
