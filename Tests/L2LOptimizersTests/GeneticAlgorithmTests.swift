import Foundation
import Testing
import L2LNumerics
@testable import L2LOptimizers

@Suite struct GeneticAlgorithmTests {
    typealias Configuration = GeneticAlgorithm.Configuration

    static let sphereSpace = SearchSpace.box(count: 5, lower: -5.12, upper: 5.12)
    static let rosenbrockSpace = SearchSpace.box(count: 2, lower: -5, upper: 10)

    static func make(
        _ configuration: Configuration = .init(), space: SearchSpace = sphereSpace, seed: UInt64 = 1,
        initialPoint: [Double]? = nil
    ) throws -> GeneticAlgorithm {
        try GeneticAlgorithm(
            configuration: configuration, space: space, initialPoint: initialPoint, random: RandomStream(seed: seed))
    }

    // Budget: 30 individuals × 300 generations = 9,000 evaluations.
    @Test(arguments: [UInt64(0), 1, 2, 3])
    func solvesSphere(seed: UInt64) throws {
        var ga = try Self.make(.init(population: 30, elites: 2), seed: seed)
        let best = try TestProblems.minimize(&ga, iterations: 300, TestProblems.sphere)
        #expect(best < 1e-3, "seed \(seed): best sphere value \(best) after 9,000 evaluations")
    }

    @Test(arguments: [UInt64(0), 1, 2, 3])
    func solvesSphereWithUniformCrossover(seed: UInt64) throws {
        var ga = try Self.make(.init(population: 30, crossover: .uniform, mutationScale: 0.05, elites: 2), seed: seed)
        let best = try TestProblems.minimize(&ga, iterations: 300, TestProblems.sphere)
        #expect(best < 1e-3, "seed \(seed): best sphere value \(best) after 9,000 evaluations")
    }

    // Budget: 30 individuals × 300 generations = 9,000 evaluations.
    @Test(arguments: [UInt64(0), 1, 2, 3])
    func solvesRosenbrock(seed: UInt64) throws {
        var ga = try Self.make(.init(population: 30, mutationScale: 0.02, elites: 2), space: Self.rosenbrockSpace, seed: seed)
        let best = try TestProblems.minimize(&ga, iterations: 300, TestProblems.rosenbrock)
        #expect(best < 1e-2, "seed \(seed): best Rosenbrock value \(best) after 9,000 evaluations")
    }

    @Test func sameSeedSameTrajectoryDifferentSeedDifferent() throws {
        var a = try Self.make(seed: 42), b = try Self.make(seed: 42), c = try Self.make(seed: 43)
        let ta = try TestProblems.trajectory(&a, iterations: 20, TestProblems.sphere)
        let tb = try TestProblems.trajectory(&b, iterations: 20, TestProblems.sphere)
        let tc = try TestProblems.trajectory(&c, iterations: 20, TestProblems.sphere)
        #expect(ta == tb)
        #expect(a.state == b.state)
        #expect(ta != tc)
    }

    @Test(arguments: [GeneticAlgorithm.Crossover.blend, .uniform])
    func resumingFromSavedStateContinuesIdentically(crossover: GeneticAlgorithm.Crossover) throws {
        let configuration = Configuration(population: 12, crossover: crossover, elites: 2)
        var uninterrupted = try Self.make(configuration, seed: 9)
        var first = try Self.make(configuration, seed: 9)
        _ = try TestProblems.trajectory(&uninterrupted, iterations: 5, TestProblems.sphere)
        _ = try TestProblems.trajectory(&first, iterations: 5, TestProblems.sphere)
        // Save mid-run (also between an ask and its tell), restore, continue.
        _ = try first.ask()
        let saved = try TestProblems.jsonRoundTrip(first.state)
        #expect(saved == first.state)
        var resumed = try GeneticAlgorithm(configuration: configuration, space: Self.sphereSpace, state: saved)
        let pending = try uninterrupted.ask()
        try uninterrupted.tell(pending.map { -TestProblems.sphere($0) })
        try resumed.tell(pending.map { -TestProblems.sphere($0) })
        let expected = try TestProblems.trajectory(&uninterrupted, iterations: 10, TestProblems.sphere)
        let got = try TestProblems.trajectory(&resumed, iterations: 10, TestProblems.sphere)
        #expect(got == expected)
        #expect(resumed.state == uninterrupted.state)
        #expect(resumed.snapshot() == uninterrupted.snapshot())
    }

    @Test func misuseThrows() throws {
        var ga = try Self.make(.init(population: 4))
        #expect(throws: OptimizerError.self) { try ga.tell([0, 0, 0, 0]) }
        _ = try ga.ask()
        #expect(throws: OptimizerError.self) { try ga.ask() }
        #expect(throws: OptimizerError.fitnessCountMismatch(expected: 4, got: 3)) { try ga.tell([1, 2, 3]) }
        try ga.tell([1, 2, 3, 4])
        #expect(ga.iteration == 1)
        #expect(throws: OptimizerError.dimensionMismatch(expected: 5, got: 2)) {
            try Self.make(initialPoint: [0, 0])
        }
        var other = try Self.make(.init(population: 6))
        #expect(throws: OptimizerError.self) {
            try GeneticAlgorithm(configuration: .init(population: 4), space: Self.sphereSpace, state: other.state)
        }
        _ = try other.ask()
    }

    @Test(arguments: [
        ("population", Configuration(population: 1)),
        ("tournament_size", Configuration(tournamentSize: 0)),
        ("crossover_probability", Configuration(crossoverProbability: 1.5)),
        ("blend_alpha", Configuration(blendAlpha: -0.1)),
        ("uniform_swap_probability", Configuration(uniformSwapProbability: .nan)),
        ("mutation_probability", Configuration(mutationProbability: -0.1)),
        ("gene_mutation_probability", Configuration(geneMutationProbability: 2)),
        ("mutation_scale", Configuration(mutationScale: .infinity)),
        ("elites", Configuration(population: 5, elites: 5)),
        ("elites", Configuration(elites: -1)),
    ])
    func invalidConfigurationNamesKey(key: String, configuration: Configuration) {
        do {
            _ = try Self.make(configuration)
            Issue.record("\(key): accepted an invalid configuration")
        } catch {
            guard let e = error as? OptimizerError, case .invalidConfiguration(let optimizer, let k, _, _) = e else {
                Issue.record("\(key): unexpected error \(error)")
                return
            }
            #expect(optimizer == "ga")
            #expect(k == key)
        }
    }

    @Test func nonFiniteFitnessNeverBecomesIncumbent() throws {
        var ga = try Self.make(.init(population: 4))
        let first = try ga.ask()
        try ga.tell([.nan, .nan, .infinity, -.infinity])
        #expect(ga.incumbent == nil)
        #expect(try TestProblems.jsonRoundTrip(ga.state) == ga.state)   // NaN fitness survives a save
        let second = try ga.ask()
        try ga.tell([.nan, -3, .infinity, -7])
        #expect(ga.incumbent?.fitness == -3)
        #expect(ga.incumbent?.point == second[1])
        #expect(ga.incumbent?.iteration == 1)
        #expect(first.count == 4)
        // NaN and +∞ rank worst: a told NaN never wins a tournament against a finite value.
        #expect(GeneticAlgorithm.ranking([.nan, 1, .infinity, 2, -.infinity]) == [3, 1, 0, 2, 4])
    }

    @Test func mixedSpaceCandidatesDecodeInsideBounds() throws {
        let space = TestProblems.mixedSpace
        var ga = try Self.make(.init(population: 10, mutationScale: 0.5, elites: 1), space: space, seed: 3)
        var random = RandomStream(seed: 4)
        for _ in 0..<30 {
            let xs = try ga.ask()
            for x in xs { #expect(TestProblems.decodesInsideBounds(x, in: space), "\(x) decodes to \(space.decode(x))") }
            try ga.tell(xs.map { _ in random.nextGaussian() })
        }
    }

    @Test func initialPointIsFirstIndividual() throws {
        var ga = try Self.make(.init(population: 5), initialPoint: [1, 2, 3, 4, 100])
        let xs = try ga.ask()
        #expect(xs[0] == [1, 2, 3, 4, 5.12])
        #expect(xs.dropFirst().allSatisfy { x in x.allSatisfy { $0 >= -5.12 && $0 <= 5.12 } })
    }

    @Test func elitesSurviveUnchangedAndSnapshotsKeepTheirShape() throws {
        var ga = try Self.make(.init(population: 8, elites: 2), seed: 5)
        let shapes = ga.snapshot().map { [$0.name: $0.shape] }
        var previous = try ga.ask()
        var previousFitness = previous.map { -TestProblems.sphere($0) }
        try ga.tell(previousFitness)
        for _ in 0..<10 {
            let order = GeneticAlgorithm.ranking(previousFitness)
            let xs = try ga.ask()
            #expect(xs[0] == previous[order[0]] && xs[1] == previous[order[1]])
            #expect(ga.state.elite == [true, true] + Array(repeating: false, count: 6))
            #expect(ga.state.parents.allSatisfy { $0[0] >= 0 && $0[0] < 8 && $0[1] >= -1 && $0[1] < 8 })
            let fitness = xs.map { -TestProblems.sphere($0) }
            try ga.tell(fitness)
            let snapshot = ga.snapshot()
            #expect(snapshot.map { [$0.name: $0.shape] } == shapes)
            #expect(TestProblems.recorded(snapshot, "best_fitness")?.values == [fitness.max()!])
            previous = xs
            previousFitness = fitness
        }
    }

    @Test func convergedPopulationWithoutMutationStops() throws {
        var ga = try Self.make(.init(population: 6, tournamentSize: 6, crossoverProbability: 0, mutationProbability: 0, elites: 0))
        for _ in 0..<50 where ga.stopReasons.isEmpty {
            let xs = try ga.ask()
            try ga.tell(xs.map { -TestProblems.sphere($0) })
        }
        #expect(ga.stopReasons == [.populationConverged])
    }
}
