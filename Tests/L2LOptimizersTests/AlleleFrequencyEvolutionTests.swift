import Foundation
import L2LNumerics
import Testing

@testable import L2LOptimizers

/// Allele-frequency evolution (Gorantla et al. 2019, eq. 3).
@Suite struct AlleleFrequencyEvolutionTests {
    typealias NNE = AlleleFrequencyEvolution

    @Test func equationThreeKeepsFrequenciesInUnitIntervalAndFavoursTheBetterAllele() {
        var random = RandomStream(seed: 11)
        for _ in 0..<2_000 {
            let p = random.nextUniform(), f = random.nextUniform(in: -0.9, 5), fBar = random.nextUniform(in: -0.9, 5)
            let e = random.nextUniform(in: 0.01, 1)
            let next = NNE.weakSelection(frequency: p, present: f, absent: fBar, strength: e)
            #expect(next >= 0 && next <= 1)
            if f > fBar && p > 0 && p < 1 { #expect(next > p, "p \(p) f \(f) f̄ \(fBar) ε \(e)") }
            if f < fBar && p > 0 && p < 1 { #expect(next < p) }
        }
        // Closed form: p(1+εf) / (1 + εf̄ + εp(f − f̄)).
        let got = NNE.weakSelection(frequency: 0.3, present: 2, absent: 1, strength: 0.1)
        #expect(abs(got - 0.3 * 1.2 / (1 + 0.1 + 0.1 * 0.3 * 1)) < 1e-15)
        // Undefined rewards leave p unchanged.
        #expect(NNE.weakSelection(frequency: 0.4, present: .nan, absent: 1, strength: 0.5) == 0.4)
    }

    @Test func alleleRewardsAreCarrierMeans() {
        let xs: [[Double]] = [[1, 0, 1], [1, 1, 0], [0, 1, 1], [1, 1, 1]]
        let (f, fBar) = NNE.alleleRewards(genotypes: xs, fitness: [1, 2, 3, .nan])
        #expect(f == [1.5, 2.5, 2])
        #expect(fBar[0] == 3 && fBar[1] == 1 && fBar[2] == 2)
        let (g, gBar) = NNE.alleleRewards(genotypes: [[1], [1]], fitness: [1, 2])
        #expect(g == [1.5] && gBar[0].isNaN)
    }

    @Test func countingOnesDrivesEveryFrequencyToOne() throws {
        let n = 32
        var nne = try NNE(
            configuration: .init(population: 100, selectionStrength: 0.1, initialFrequencies: .half),
            space: NNE.genotypeSpace(genes: n), initialPoint: nil, random: RandomStream(seed: 3))
        // Fitness = number of ones: each allele 1 adds 1 to the reward of its carriers.
        try nne.optimize(iterations: 150) { xs in xs.map { $0.reduce(0, +) } }
        let p = nne.state.frequencies
        #expect(p.allSatisfy { $0 > 0.95 }, "min p = \(p.min()!)")
        #expect(nne.fixedFraction(within: 0.05) == 1)
        #expect(nne.incumbent!.fitness == Double(n))
    }

    @Test func oneGoodAndOneBadGeneSeparate() throws {
        // Fitness rewards allele 1 of gene 0 and allele 0 of gene 1; gene 2 is neutral.
        var nne = try NNE(
            configuration: .init(population: 200, selectionStrength: 1),
            space: NNE.genotypeSpace(genes: 3), initialPoint: [0.5, 0.5, 0.5], random: RandomStream(seed: 8))
        try nne.optimize(iterations: 60) { xs in xs.map { 1 + $0[0] - $0[1] } }
        #expect(nne.state.frequencies[0] > 0.99)
        #expect(nne.state.frequencies[1] < 0.01)
    }

    @Test func runsAreDeterministicAndResumeBitIdentically() throws {
        let space = NNE.genotypeSpace(genes: 20)
        let config = NNE.Configuration(population: 30, selectionStrength: 0.3)
        func fitness(_ xs: [[Double]]) -> [Double] {
            xs.enumerated().map { i, x in i == 3 ? .nan : x.enumerated().reduce(0) { $0 + ($1.offset % 2 == 0 ? $1.element : -$1.element) } }
        }
        var a = try NNE(configuration: config, space: space, initialPoint: nil, random: RandomStream(seed: 5))
        var b = try NNE(configuration: config, space: space, initialPoint: nil, random: RandomStream(seed: 5))
        for _ in 0..<5 {
            let xa = try a.ask(), xb = try b.ask()
            #expect(xa == xb)
            try a.tell(fitness(xa))
            try b.tell(fitness(xb))
        }
        #expect(a.state == b.state)
        // Resume mid-generation: save between ask and tell.
        let pending = try a.ask()
        let saved = try TestProblems.jsonRoundTrip(a.state)
        #expect(saved == a.state)
        var c = try NNE(configuration: config, space: space, state: saved)
        try a.tell(fitness(pending))
        try c.tell(fitness(pending))
        #expect(a.state == c.state)
        #expect(try a.ask() == c.ask())
        let bits = { (o: NNE) in o.snapshot().map { $0.values.map(\.bitPattern) } }
        #expect(bits(a) == bits(c))
    }

    @Test func snapshotHasFixedShapes() throws {
        let n = 7
        var nne = try NNE(
            configuration: .init(population: 10), space: NNE.genotypeSpace(genes: n), initialPoint: nil,
            random: RandomStream(seed: 1))
        let before = nne.snapshot()
        try nne.optimize(iterations: 3) { xs in xs.map { $0[0] } }
        let after = nne.snapshot()
        #expect(before.map(\.name) == after.map(\.name))
        #expect(before.map(\.shape) == after.map(\.shape))
        #expect(after.first { $0.name == "allele_frequency" }!.shape == [n])
        let fixed = after.first { $0.name == "fixed_fraction" }!.values[0]
        let unfixed = after.first { $0.name == "unfixed_fraction" }!.values[0]
        #expect(abs(fixed + unfixed - 1) < 1e-15)
    }

    @Test func misuseIsReported() throws {
        let space = NNE.genotypeSpace(genes: 4)
        #expect(throws: OptimizerError.self) {
            _ = try NNE(configuration: .init(population: 1), space: space, initialPoint: nil, random: RandomStream(seed: 1))
        }
        #expect(throws: OptimizerError.self) {
            _ = try NNE(configuration: .init(selectionStrength: 0), space: space, initialPoint: nil, random: RandomStream(seed: 1))
        }
        #expect(throws: OptimizerError.self) {
            _ = try NNE(configuration: .init(), space: .box(count: 3, lower: -1, upper: 1), initialPoint: nil, random: RandomStream(seed: 1))
        }
        var nne = try NNE(configuration: .init(population: 4), space: space, initialPoint: nil, random: RandomStream(seed: 1))
        #expect(throws: OptimizerError.self) { try nne.tell([1, 2, 3, 4]) }
        _ = try nne.ask()
        #expect(throws: OptimizerError.fitnessCountMismatch(expected: 4, got: 3)) { try nne.tell([1, 2, 3]) }
        #expect(throws: OptimizerError.self) { _ = try nne.ask() }
    }

    @Test func floorKeepsAllelesInPlay() throws {
        var nne = try NNE(
            configuration: .init(population: 50, selectionStrength: 1, frequencyFloor: 0.01),
            space: NNE.genotypeSpace(genes: 5), initialPoint: nil, random: RandomStream(seed: 2))
        try nne.optimize(iterations: 100) { xs in xs.map { $0.reduce(0, +) } }
        #expect(nne.state.frequencies.allSatisfy { $0 >= 0.01 && $0 <= 0.99 })
        #expect(nne.stopReasons.isEmpty)
    }
}
