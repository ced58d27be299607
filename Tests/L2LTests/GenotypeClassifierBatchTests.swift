import Foundation
import L2LNumerics
import Testing
@testable import L2LOptimizees

/// `optimizee.genotype_classifier` as a ``BatchOptimizee``: an inner iteration's genotypes scored
/// in one call give, bit for bit, the fitness each gets alone.
@Suite struct GenotypeClassifierBatchTests {
    static let optimizee: GenotypeClassifierOptimizee = {
        let spec = GenotypeClassifierOptimizeeSpec(
            dataset: .shipped(.digits8x8, dataDirectory: GenotypeClassifierTests.dataDirectory), digits: [0, 1, 2],
            hidden: 16, genes: 50, density: 0.05, trainPerClass: 20, testPerClass: 10, batchSize: 30, networkSeed: 9)
        return try! GenotypeClassifierOptimizee(spec: spec, taskSeed: 3)
    }()

    @Test func batchEqualsOneByOne() throws {
        let optimizee = Self.optimizee
        var random = RandomStream(seed: 11)
        // 41 genotypes: blocks of 32 and 9 in the batch, one genotype per call alone.
        let genotypes = (0..<41).map { _ in (0..<50).map { _ in random.nextUniform() < 0.5 ? 1.0 : 0.0 } }
        let shared = RandomStream(seed: 5).derived(2)
        let context = EvaluationBatchContext(
            coordinates: RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 3, repeatIndex: 0),
            iteration: 4, random: shared, timeLimit: nil)
        let batch = optimizee.evaluateBatch(genotypes, context: context)
        #expect(batch.count == genotypes.count)
        var distinct = Set<Double>()
        for (genotype, outcome) in zip(genotypes, batch) {
            var alone = shared
            let fitness = try optimizee.evaluate(genotype, random: &alone).fitness
            #expect(outcome.status == .ok)
            #expect(outcome.evaluation.fitness.bitPattern == fitness.bitPattern)
            distinct.insert(fitness)
        }
        #expect(distinct.count > 5)   // the genotypes are told apart
    }

    @Test func wrongLengthFailsAlone() {
        let optimizee = Self.optimizee
        let good = Array(repeating: 1.0, count: 50)
        let context = EvaluationBatchContext(
            coordinates: RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 3, repeatIndex: 0),
            iteration: 0, random: RandomStream(seed: 1), timeLimit: nil)
        let outcomes = optimizee.evaluateBatch([good, [1, 0], good], context: context)
        #expect(outcomes.map(\.status) == [.ok, .error, .ok])
        #expect(outcomes[1].reason.contains("50"))
        #expect(outcomes[0].evaluation.fitness == outcomes[2].evaluation.fitness)
    }
}
