import Foundation
import Testing
import L2LNumerics
@testable import L2LOptimizers

@Suite struct CrossEntropyMethodTests {
    typealias Configuration = CrossEntropyMethod.Configuration

    static let sphereSpace = SearchSpace.box(count: 5, lower: -5.12, upper: 5.12)
    static let rosenbrockSpace = SearchSpace.box(count: 2, lower: -5, upper: 10)

    static func make(
        _ configuration: Configuration = .init(), space: SearchSpace = sphereSpace, seed: UInt64 = 1,
        initialPoint: [Double]? = nil
    ) throws -> CrossEntropyMethod {
        try CrossEntropyMethod(
            configuration: configuration, space: space, initialPoint: initialPoint, random: RandomStream(seed: seed))
    }

    static let cases: [(UInt64, CrossEntropyMethod.Covariance)] = [
        (0, .diagonal), (1, .diagonal), (2, .diagonal), (0, .full), (1, .full), (2, .full),
    ]

    // Budget: 30 samples × 200 iterations = 6,000 evaluations.
    @Test(arguments: cases)
    func solvesSphere(seed: UInt64, covariance: CrossEntropyMethod.Covariance) throws {
        var cem = try Self.make(.init(population: 30, noise: 0.01, covariance: covariance), seed: seed)
        let best = try TestProblems.minimize(&cem, iterations: 200, TestProblems.sphere)
        #expect(best < 1e-3, "seed \(seed), \(covariance): best sphere value \(best) after 6,000 evaluations")
    }

    // Budget: 30 samples × 300 iterations = 9,000 evaluations. Without the slowly decaying
    // noise the diagonal model collapses in Rosenbrock's curved valley (de Boer et al.'s pitfall).
    @Test(arguments: cases)
    func solvesRosenbrock(seed: UInt64, covariance: CrossEntropyMethod.Covariance) throws {
        var cem = try Self.make(
            .init(population: 30, noise: 0.05, noiseDecay: 0.97, covariance: covariance),
            space: Self.rosenbrockSpace, seed: seed)
        let best = try TestProblems.minimize(&cem, iterations: 300, TestProblems.rosenbrock)
        #expect(best < 1e-2, "seed \(seed), \(covariance): best Rosenbrock value \(best) after 9,000 evaluations")
    }

    @Test(arguments: CrossEntropyMethod.Covariance.allCases)
    func sameSeedSameTrajectoryDifferentSeedDifferent(covariance: CrossEntropyMethod.Covariance) throws {
        let configuration = Configuration(noise: 0.02, covariance: covariance)
        var a = try Self.make(configuration, seed: 42), b = try Self.make(configuration, seed: 42)
        var c = try Self.make(configuration, seed: 43)
        let ta = try TestProblems.trajectory(&a, iterations: 20, TestProblems.sphere)
        let tb = try TestProblems.trajectory(&b, iterations: 20, TestProblems.sphere)
        let tc = try TestProblems.trajectory(&c, iterations: 20, TestProblems.sphere)
        #expect(ta == tb)
        #expect(a.state == b.state)
        #expect(ta != tc)
    }

    @Test(arguments: CrossEntropyMethod.Covariance.allCases)
    func resumingFromSavedStateContinuesIdentically(covariance: CrossEntropyMethod.Covariance) throws {
        let configuration = Configuration(population: 12, smoothing: 0.2, noise: 0.02, covariance: covariance)
        var uninterrupted = try Self.make(configuration, seed: 9)
        let initial = try TestProblems.jsonRoundTrip(uninterrupted.state)   // NaN statistics survive
        #expect(initial == uninterrupted.state)
        var first = try Self.make(configuration, seed: 9)
        _ = try TestProblems.trajectory(&uninterrupted, iterations: 5, TestProblems.sphere)
        _ = try TestProblems.trajectory(&first, iterations: 5, TestProblems.sphere)
        _ = try first.ask()
        let saved = try TestProblems.jsonRoundTrip(first.state)
        #expect(saved == first.state)
        var resumed = try CrossEntropyMethod(configuration: configuration, space: Self.sphereSpace, state: saved)
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
        var cem = try Self.make(.init(population: 4))
        #expect(throws: OptimizerError.self) { try cem.tell([0, 0, 0, 0]) }
        _ = try cem.ask()
        #expect(throws: OptimizerError.self) { try cem.ask() }
        #expect(throws: OptimizerError.fitnessCountMismatch(expected: 4, got: 5)) { try cem.tell([1, 2, 3, 4, 5]) }
        try cem.tell([1, 2, 3, 4])
        #expect(cem.iteration == 1)
        #expect(throws: OptimizerError.dimensionMismatch(expected: 5, got: 1)) { try Self.make(initialPoint: [0]) }
        let diagonal = try Self.make()
        #expect(throws: OptimizerError.self) {
            try CrossEntropyMethod(configuration: .init(covariance: .full), space: Self.sphereSpace, state: diagonal.state)
        }
    }

    @Test(arguments: [
        ("population", Configuration(population: 1)),
        ("elite_fraction", Configuration(eliteFraction: 0)),
        ("elite_fraction", Configuration(eliteFraction: 1.2)),
        ("smoothing", Configuration(smoothing: 1)),
        ("initial_sigma", Configuration(initialSigma: 0)),
        ("noise", Configuration(noise: -1)),
        ("noise_decay", Configuration(noiseDecay: 1.5)),
        ("sigma_tolerance", Configuration(sigmaTolerance: .nan)),
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
            #expect(optimizer == "cem")
            #expect(k == key)
        }
    }

    @Test func nonFiniteFitnessIsNeverIncumbentNorElite() throws {
        var cem = try Self.make(.init(population: 5, eliteFraction: 0.4))
        let before = cem.state
        _ = try cem.ask()
        try cem.tell([.nan, .infinity, -.infinity, .nan, .nan])
        #expect(cem.incumbent == nil)
        #expect(cem.state.mean == before.mean && cem.state.standardDeviations == before.standardDeviations)
        #expect(cem.state.eliteThreshold == nil && cem.state.eliteCount == 0)
        #expect(try TestProblems.jsonRoundTrip(cem.state) == cem.state)   // NaN fitness survives a save
        let xs = try cem.ask()
        try cem.tell([.nan, 2, .infinity, 1, -4])
        #expect(cem.incumbent == Incumbent(point: xs[1], fitness: 2, iteration: 1))
        #expect(cem.state.eliteCount == 2 && cem.state.eliteThreshold == 1)
        let expectedMean = zip(xs[1], xs[3]).map { ($0 + $1) / 2 }
        #expect(zip(cem.state.mean, expectedMean).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test(arguments: CrossEntropyMethod.Covariance.allCases)
    func mixedSpaceCandidatesDecodeInsideBounds(covariance: CrossEntropyMethod.Covariance) throws {
        let space = TestProblems.mixedSpace
        var cem = try Self.make(.init(population: 10, initialSigma: 2, noise: 0.5, covariance: covariance), space: space, seed: 3)
        var random = RandomStream(seed: 4)
        for _ in 0..<30 {
            let xs = try cem.ask()
            for x in xs { #expect(TestProblems.decodesInsideBounds(x, in: space), "\(x) decodes to \(space.decode(x))") }
            try cem.tell(xs.map { _ in random.nextGaussian() })
        }
    }

    @Test func initialDistributionAndSnapshotShapes() throws {
        var diagonal = try Self.make(.init(initialSigma: 0.25), initialPoint: [1, 2, 3, 4, 9])
        #expect(diagonal.state.mean == [1, 2, 3, 4, 5.12])
        #expect(diagonal.state.standardDeviations.allSatisfy { abs($0 - 0.25 * 10.24) < 1e-12 })
        let names = diagonal.snapshot().map(\.name)
        #expect(!names.contains("covariance"))
        var full = try Self.make(.init(covariance: .full))
        #expect(full.state.mean == Self.sphereSpace.center)
        let fullShapes = full.snapshot().map { [$0.name: $0.shape] }
        #expect(fullShapes.contains(["covariance": [5, 5]]))
        for _ in 0..<5 {
            for optimizer in [0, 1] {
                if optimizer == 0 {
                    let xs = try diagonal.ask()
                    try diagonal.tell(xs.map { -TestProblems.sphere($0) })
                    #expect(diagonal.snapshot().map(\.name) == names)
                } else {
                    let xs = try full.ask()
                    let fitness = xs.map { -TestProblems.sphere($0) }
                    try full.tell(fitness)
                    let snapshot = full.snapshot()
                    #expect(snapshot.map { [$0.name: $0.shape] } == fullShapes)
                    // γ is the 4th best of 20 (ρ = 0.2).
                    #expect(TestProblems.recorded(snapshot, "elite_threshold")?.values == [fitness.sorted(by: >)[3]])
                    let sigma = full.state.covariance!
                    #expect(sigma.maximumAbsoluteDifference(sigma.transposed) == 0)
                    #expect(zip(sigma.diagonal, full.state.standardDeviations).allSatisfy { abs($0.squareRoot() - $1) < 1e-12 })
                }
            }
        }
    }

    @Test(arguments: CrossEntropyMethod.Covariance.allCases)
    func collapsedDistributionStops(covariance: CrossEntropyMethod.Covariance) throws {
        // One elite and no noise: σ̂ = 0 after the first update.
        var cem = try Self.make(.init(population: 10, eliteFraction: 0.05, covariance: covariance))
        #expect(cem.stopReasons.isEmpty)
        let xs = try cem.ask()
        try cem.tell(xs.map { -TestProblems.sphere($0) })
        #expect(cem.state.standardDeviations.allSatisfy { $0 == 0 })
        guard case .stepSizeBelow? = cem.stopReasons.first else {
            Issue.record("expected a step-size stop, got \(cem.stopReasons)")
            return
        }
        // A singular covariance still samples (at the mean) instead of failing.
        #expect(try cem.ask().allSatisfy { $0 == cem.state.mean })
    }

    @Test func eliteCountIsCeilingOfFraction() {
        #expect(CrossEntropyMethod.eliteCount(fraction: 0.2, population: 20) == 4)
        #expect(CrossEntropyMethod.eliteCount(fraction: 0.21, population: 20) == 5)
        #expect(CrossEntropyMethod.eliteCount(fraction: 0.01, population: 20) == 1)
        #expect(CrossEntropyMethod.eliteCount(fraction: 1, population: 7) == 7)
    }
}
