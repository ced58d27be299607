import Foundation
import Testing
import L2LNumerics
@testable import L2LOptimizers

@Suite struct CMAESTests {
    typealias Configuration = CMAES.Configuration
    static let space = SearchSpace.box(count: 10, lower: -5, upper: 5)

    static func make(_ c: Configuration = .init(), space: SearchSpace = space, seed: UInt64 = 1, initialPoint: [Double]? = nil)
        throws -> CMAES
    {
        try CMAES(configuration: c, space: space, initialPoint: initialPoint, random: RandomStream(seed: seed))
    }

    @Test func defaultStrategyParametersFollowHansen() {
        let p = CMAES.Parameters(dimension: 10, population: 0)
        #expect(p.lambda == 10 && p.mu == 5)   // 4 + ⌊3 ln 10⌋ = 10
        #expect(abs(p.weights.reduce(0, +) - 1) < 1e-15 && p.weights == p.weights.sorted(by: >))
        #expect(abs(p.muEff - 3.1672992814107017) < 1e-12)   // 1/Σw², w_i ∝ ln 5.5 − ln i (computed in Python)
        #expect(abs(p.c1 - 2 / (11.3 * 11.3 + p.muEff)) < 1e-15)
        #expect(p.cMu > 0 && p.c1 + p.cMu <= 1 && p.cSigma < 1 && p.dSigma > 1)
    }

    // Budget: 10 × 3,000 = 30,000 evaluations from the centre with σ₀ = 1 (initialSigma 0.1 of width 10);
    // measured: 1e-15 after 670–900 iterations (tol_fun fires), like pycma's ≈ 6,000–9,000 evaluations.
    @Test(arguments: [UInt64(0), 1, 2, 3])
    func solvesRosenbrock(seed: UInt64) throws {
        var es = try Self.make(.init(initialSigma: 0.1), seed: seed)
        let best = try TestProblems.minimize(&es, iterations: 3000, TestProblems.rosenbrock)
        #expect(best < 1e-8, "seed \(seed): best 10-D Rosenbrock value \(best) after \(es.iteration) iterations")
        #expect(!es.stopReasons.isEmpty, "seed \(seed): no stop criterion after \(es.iteration) iterations")
        #expect(es.iteration < 1500, "seed \(seed): \(es.iteration) iterations")
    }

    // The optimum of a shifted sphere lies outside the box [−1, 1]⁵: clamping keeps every candidate and
    // the mean inside, and the search ends on the wall.
    @Test func boundaryOptimumIsReachedByClamping() throws {
        let space = SearchSpace.box(count: 5, lower: -1, upper: 1)
        var es = try Self.make(.init(), space: space, seed: 4)
        for _ in 0..<400 where es.stopReasons.isEmpty {
            let xs = try es.ask()
            for x in xs { #expect(x.allSatisfy { $0 >= -1 && $0 <= 1 }) }
            try es.tell(xs.map { x in -x.reduce(0) { $0 + ($1 - 2) * ($1 - 2) } })
            #expect(es.state.mean.allSatisfy { $0 >= -1 && $0 <= 1 })
        }
        let best = try #require(es.incumbent)
        #expect(best.point.allSatisfy { abs($0 - 1) < 1e-6 }, "best \(best.point)")
    }

    @Test func sameSeedSameTrajectoryAndResumeContinuesIdentically() throws {
        let c = Configuration(population: 12, initialSigma: 0.2, covariance: .full)
        var a = try Self.make(c, seed: 42), b = try Self.make(c, seed: 42), other = try Self.make(c, seed: 43)
        let ta = try TestProblems.trajectory(&a, iterations: 25, TestProblems.rosenbrock)
        #expect(try TestProblems.trajectory(&b, iterations: 25, TestProblems.rosenbrock) == ta)
        #expect(try TestProblems.trajectory(&other, iterations: 25, TestProblems.rosenbrock) != ta)
        #expect(try TestProblems.jsonRoundTrip(Self.make(c).state) == Self.make(c).state)
        let pending = try a.ask()
        let saved = try TestProblems.jsonRoundTrip(a.state)
        #expect(saved == a.state)
        var resumed = try CMAES(configuration: c, space: Self.space, state: saved)
        try a.tell(pending.map { -TestProblems.rosenbrock($0) })
        try resumed.tell(pending.map { -TestProblems.rosenbrock($0) })
        #expect(try TestProblems.trajectory(&resumed, iterations: 25, TestProblems.rosenbrock)
                == TestProblems.trajectory(&a, iterations: 25, TestProblems.rosenbrock))
        #expect(resumed.state == a.state && resumed.snapshot() == a.snapshot())
        #expect(throws: OptimizerError.self) { try CMAES(configuration: .init(population: 6), space: Self.space, state: saved) }
    }

    @Test func covarianceRecordingRule() throws {
        var shapes: [CovarianceRecording: [[String: [Int]]]] = [:]
        for mode in CovarianceRecording.allCases {
            var es = try Self.make(.init(covariance: mode))
            _ = try TestProblems.trajectory(&es, iterations: 3, TestProblems.sphere)
            let snapshot = es.snapshot()
            shapes[mode] = snapshot.map { [$0.name: $0.shape] }
            if mode == .full {
                let c = Matrix(rows: 10, columns: 10, elements: TestProblems.recorded(snapshot, "covariance")!.values)
                let s = es.state.sigma
                #expect(c.maximumAbsoluteDifference(s * s * es.state.covariance) < 1e-12)
                #expect(c.maximumAbsoluteDifference(c.transposed) < 1e-12)
            }
        }
        #expect(shapes[.full]!.contains(["covariance": [10, 10]]))
        #expect(shapes[.diagonal]!.contains(["covariance_diagonal": [10]]))
        #expect(shapes[.lowRank] == shapes[.diagonal])
        #expect(!shapes[.none]!.contains { $0.keys.contains { $0.hasPrefix("covariance") } })
        #expect(shapes[.none]!.contains(["p_sigma_norm": []]) && shapes[.none]!.contains(["mean": [10]]))
        do {
            _ = try Self.make(.init(covariance: .full, maxFullCovariance: 5))
            Issue.record("full covariance above the limit accepted")
        } catch {
            guard case .invalidConfiguration("cmaes", "covariance", _, let expected)? = error as? OptimizerError else {
                Issue.record("\(error)")
                return
            }
            #expect(expected.contains("D = 10") && expected.contains("max_full_covariance"))
        }
    }

    @Test func misuseAndNonFiniteFitness() throws {
        var es = try Self.make(.init(population: 4), space: TestProblems.mixedSpace)
        #expect(throws: OptimizerError.self) { try es.tell([0, 0, 0, 0]) }
        let xs = try es.ask()
        for x in xs { #expect(TestProblems.decodesInsideBounds(x, in: TestProblems.mixedSpace)) }
        #expect(throws: OptimizerError.self) { try es.ask() }
        #expect(throws: OptimizerError.fitnessCountMismatch(expected: 4, got: 5)) { try es.tell([1, 2, 3, 4, 5]) }
        let before = es.state
        try es.tell([.nan, .infinity, -.infinity, .nan])
        #expect(es.incumbent == nil && es.state.mean == before.mean && es.state.covariance == before.covariance)
        #expect(try TestProblems.jsonRoundTrip(es.state) == es.state)
        let ys = try es.ask()
        try es.tell([.infinity, 3, .nan, 1])   // +∞ ranks worst, never the incumbent
        #expect(es.incumbent == Incumbent(point: ys[1], fitness: 3, iteration: 1))
        #expect(throws: OptimizerError.dimensionMismatch(expected: 10, got: 1)) { try Self.make(initialPoint: [0]) }
    }

    @Test(arguments: [
        ("population", Configuration(population: 1)), ("initial_sigma", Configuration(initialSigma: 0)),
        ("tol_x", Configuration(tolX: -1)), ("tol_fun", Configuration(tolFun: .infinity)),
        ("max_full_covariance", Configuration(maxFullCovariance: 0)),
    ])
    func invalidConfigurationNamesKey(key: String, configuration: Configuration) {
        do {
            _ = try Self.make(configuration)
            Issue.record("\(key): accepted an invalid configuration")
        } catch {
            guard case .invalidConfiguration("cmaes", let k, _, _)? = error as? OptimizerError else {
                Issue.record("\(key): \(error)")
                return
            }
            #expect(k == key)
        }
    }
}
