import Foundation
import Testing
import L2LNumerics
@testable import L2LOptimizers

/// A linear Gaussian inverse problem y = G u + η, η ~ N(0, γ I), prior N(m₀, σ₀² I) = the initial ensemble.
struct LinearProblem {
    var g: Matrix
    var y: [Double]
    var prior: [Double]
    var priorSigma: Double

    /// Outputs G u_j per member and fitness −‖y − G u_j‖².
    func evaluate(_ members: [[Double]]) -> OutputEvaluation {
        let outputs = members.map { g * $0 }
        let fitness = outputs.map { o in -zip(o, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        return OutputEvaluation(fitness: fitness, outputs: outputs, targets: y)
    }

    /// The Kalman posterior mean and covariance for prior covariance `c0` and noise covariance γ I
    /// (m = m₀ + C₀Gᵀ(GC₀Gᵀ + Γ)⁻¹(y − G m₀), C = C₀ − C₀Gᵀ(GC₀Gᵀ + Γ)⁻¹GC₀).
    func kalman(mean m0: [Double], covariance c0: Matrix, gamma: Double) throws -> (mean: [Double], covariance: Matrix) {
        let cgT = c0.multiplied(by: g, transposingOther: true)           // D×K
        var s = g * cgT                                                  // K×K
        for i in 0..<s.rows { s[i, i] += gamma }
        let residual = zip(y, g * m0).map { $0 - $1 }
        let gain = try s.positiveDefiniteSolution(for: residual)
        let mean = zip(m0, cgT * gain).map { $0 + $1 }
        let x = try s.positiveDefiniteSolution(for: cgT.transposed)      // K×D
        return (mean, c0 - cgT * x)
    }
}

@Suite struct EnsembleKalmanFilterTests {
    typealias Configuration = EnsembleKalmanFilter.Configuration
    static let space = SearchSpace.box(count: 3, lower: -50, upper: 50)   // width 100: spread 0.01 is σ₀ = 1
    static let problem = LinearProblem(
        g: Matrix([[1.0, 0.5, -0.3], [0.2, -1.0, 0.8]]), y: [0.7, -1.2], prior: [0.5, -0.3, 0.2], priorSigma: 1)

    static func make(_ c: Configuration, space: SearchSpace = space, seed: UInt64 = 1, prior: [Double]? = problem.prior)
        throws -> EnsembleKalmanFilter
    {
        try EnsembleKalmanFilter(configuration: c, space: space, initialPoint: prior, random: RandomStream(seed: seed))
    }

    static func sampleCovariance(_ members: [[Double]]) -> (mean: [Double], covariance: Matrix) {
        let j = members.count, d = members[0].count
        let mean = (0..<d).map { i in members.reduce(0) { $0 + $1[i] } / Double(j) }
        var c = Matrix(rows: d, columns: d)
        for u in members { for a in 0..<d { for b in 0..<d { c[a, b] += (u[a] - mean[a]) * (u[b] - mean[b]) / Double(j - 1) } } }
        return (mean, c)
    }

    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { abs($0 - $1) }.max() ?? .nan }

    // Without perturbations the mean update is linear in the residuals, so for linear G the new ensemble
    // mean equals the Kalman mean computed with the *sample* prior covariance, up to round-off.
    @Test func oneStepMeanEqualsKalmanWithSamplePrior() throws {
        var enkf = try Self.make(.init(ensembleSize: 50, gamma: 0.5, initialSpread: 0.01))
        let members = try enkf.ask()
        let (m0, c0) = Self.sampleCovariance(members)
        let expected = try Self.problem.kalman(mean: m0, covariance: c0, gamma: 0.5)
        let e = Self.problem.evaluate(members)
        try enkf.tell(fitness: e.fitness, outputs: e.outputs, targets: e.targets)
        let (m1, _) = Self.sampleCovariance(enkf.members)
        let error = Self.maxDifference(m1, expected.mean)
        #expect(error < 1e-12, "mean differs from the sample-prior Kalman mean by \(error)")
    }

    // J = 2,000 with perturbed observations (η_j ~ N(0, γ I)) samples the analytical posterior
    // N(m, C) of prior N(m₀, I); sampling error of the mean ≈ 0.7/√2000 ≈ 0.016.
    // Measured (seeds 1–3): mean error 0.017, 0.022, 0.015; covariance error 0.022, 0.025, 0.027.
    @Test(arguments: [UInt64(1), 2, 3])
    func oneStepLargeEnsembleMatchesAnalyticalPosterior(seed: UInt64) throws {
        let gamma = 0.5
        var enkf = try Self.make(
            .init(ensembleSize: 2000, gamma: gamma, initialSpread: 0.01, observationNoise: gamma.squareRoot()), seed: seed)
        let e = Self.problem.evaluate(try enkf.ask())
        try enkf.tell(fitness: e.fitness, outputs: e.outputs, targets: e.targets)
        let exact = try Self.problem.kalman(mean: Self.problem.prior, covariance: .identity(3), gamma: gamma)
        let (m1, c1) = Self.sampleCovariance(enkf.members)
        let meanError = Self.maxDifference(m1, exact.mean)
        let covarianceError = c1.maximumAbsoluteDifference(exact.covariance)
        #expect(meanError < 0.08, "seed \(seed): posterior mean error \(meanError)")
        #expect(covarianceError < 0.1, "seed \(seed): posterior covariance error \(covarianceError) (entries ≤ 1)")
    }

    // Overdetermined (K = 5 > D = 3), no perturbations: EKI is a gradient flow on the misfit preconditioned
    // by the ensemble covariance (Schillings & Stuart 2017, SIAM J. Numer. Anal. 55:1264), so the ensemble
    // mean converges to the least-squares solution (GᵀG)⁻¹Gᵀy. The ensemble collapses as it does, and the
    // error falls like the spread, ∝ t^(−1/2) (measured after 2,000 iterations: 1.8e-3 and 5.3e-3 for seeds 1 and 2, half the error after 500).
    @Test(arguments: [UInt64(1), 2])
    func iteratingConvergesToLeastSquares(seed: UInt64) throws {
        var random = RandomStream(seed: 100 + seed)
        var g = Matrix(rows: 5, columns: 3)
        for i in 0..<5 { for j in 0..<3 { g[i, j] = random.nextGaussian() } }
        let y = (0..<5).map { _ in random.nextGaussian() }   // not in the range of G: a true least-squares problem
        let problem = LinearProblem(g: g, y: y, prior: [0, 0, 0], priorSigma: 1)
        let gtg = g.multiplied(by: g, transposingSelf: true)
        let leastSquares = try gtg.positiveDefiniteSolution(for: g.multiplied(by: y, transposingSelf: true))
        var enkf = try Self.make(.init(ensembleSize: 20, gamma: 0.01, initialSpread: 0.01), seed: seed, prior: [0, 0, 0])
        var errors: [Double] = []
        for iterations in [500, 1500] {
            try enkf.optimize(iterations: iterations) { xs, _ in problem.evaluate(xs) }
            errors.append(Self.maxDifference(Self.sampleCovariance(enkf.members).mean, leastSquares))
        }
        #expect(errors[1] < 1e-2, "seed \(seed): error \(errors[1]) from \(leastSquares) after 2,000 iterations")
        #expect(errors[1] < 0.7 * errors[0], "seed \(seed): errors \(errors) after 500 and 2,000 iterations")
        #expect(enkf.iteration == 2000)
    }

    @Test func misfitToleranceStops() throws {
        let exact = LinearProblem(g: Self.problem.g, y: Self.problem.g * [1, 2, 3], prior: [0, 0, 0], priorSigma: 1)
        var enkf = try Self.make(.init(ensembleSize: 10, gamma: 0.001, initialSpread: 0.01, misfitTolerance: 1e-3), prior: [0, 0, 0])
        #expect(enkf.stopReasons.isEmpty)
        try enkf.optimize(iterations: 5000) { xs, _ in exact.evaluate(xs) }
        #expect(enkf.iteration < 5000)
        guard case .misfitBelow(let stoppedAt, let tolerance)? = enkf.stopReasons.first else {
            Issue.record("no misfit stop after \(enkf.iteration) iterations")
            return
        }
        #expect(stoppedAt < tolerance && tolerance == 1e-3, "stopped after \(enkf.iteration) iterations")
        #expect(enkf.stopReasons[0].description.contains("misfit_tolerance"))
        let misfit = TestProblems.recorded(enkf.snapshot(), "misfit_mean")!.values[0]
        #expect(misfit < 1e-3)
    }

    // C rebuilt from the low_rank anomalies (A Aᵀ/(J − 1)) equals the full covariance record.
    @Test func covarianceFromAnomaliesEqualsFullRecord() throws {
        var byMode: [CovarianceRecording: [RecordedArray]] = [:]
        for mode in CovarianceRecording.allCases {
            var enkf = try Self.make(.init(ensembleSize: 8, gamma: 0.5, initialSpread: 0.01, covariance: mode))
            for _ in 0..<3 {
                let e = Self.problem.evaluate(try enkf.ask())
                try enkf.tell(fitness: e.fitness, outputs: e.outputs, targets: e.targets)
            }
            byMode[mode] = enkf.snapshot()
        }
        let full = try #require(TestProblems.recorded(byMode[.full]!, "covariance"))
        let anomalies = try #require(TestProblems.recorded(byMode[.lowRank]!, "anomalies"))
        let diagonal = try #require(TestProblems.recorded(byMode[.diagonal]!, "covariance_diagonal"))
        #expect(full.shape == [3, 3] && anomalies.shape == [3, 8] && diagonal.shape == [3])
        let a = Matrix(rows: 3, columns: 8, elements: anomalies.values)
        let rebuilt = a.multiplied(by: a, transposingOther: true, scale: 1.0 / 7)
        #expect(rebuilt.maximumAbsoluteDifference(Matrix(rows: 3, columns: 3, elements: full.values)) < 1e-14)
        #expect(Self.maxDifference(rebuilt.diagonal, diagonal.values) < 1e-14)
        let names = Set(byMode[.none]!.map(\.name))
        #expect(names.isDisjoint(with: ["covariance", "covariance_diagonal", "anomalies"]))
        // The anomalies and the mean rebuild every member after the update.
        let mean = TestProblems.recorded(byMode[.lowRank]!, "mean")!.values
        var enkf = try Self.make(.init(ensembleSize: 8, gamma: 0.5, initialSpread: 0.01, covariance: .lowRank))
        for _ in 0..<3 {
            let e = Self.problem.evaluate(try enkf.ask())
            try enkf.tell(fitness: e.fitness, outputs: e.outputs, targets: e.targets)
        }
        for (j, u) in enkf.members.enumerated() {
            #expect(Self.maxDifference(u, (0..<3).map { mean[$0] + a[$0, j] }) < 1e-14)
        }
    }

    @Test func fullCovarianceAboveLimitIsRefused() throws {
        #expect(throws: OptimizerError.self) {
            try Self.make(.init(covariance: .full, maxFullCovariance: 2), prior: nil)
        }
        do {
            _ = try Self.make(.init(covariance: .full, maxFullCovariance: 2), prior: nil)
        } catch {
            guard case .invalidConfiguration("enkf", "covariance", _, let expected)? = error as? OptimizerError else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(expected.contains("D = 3") && expected.contains("low_rank") && expected.contains("max_full_covariance"))
        }
        _ = try Self.make(.init(covariance: .full, maxFullCovariance: 3), prior: nil)
    }

    @Test func misuseThrows() throws {
        var enkf = try Self.make(.init(ensembleSize: 4))
        let e0 = OutputEvaluation(fitness: [0, 0, 0, 0], outputs: [[0, 0], [0, 0], [0, 0], [0, 0]], targets: [0, 0])
        #expect(throws: OptimizerError.self) { try enkf.tell(fitness: e0.fitness, outputs: e0.outputs, targets: e0.targets) }
        _ = try enkf.ask()
        #expect(throws: OptimizerError.self) { try enkf.ask() }
        do {
            try enkf.tell([0, 0, 0, 0])
            Issue.record("plain tell accepted")
        } catch {
            guard case .outOfOrder(let text) = error else { Issue.record("unexpected \(error)"); return }
            #expect(text.contains("needs outputs and targets"))
        }
        #expect(throws: OptimizerError.fitnessCountMismatch(expected: 4, got: 3)) {
            try enkf.tell(fitness: [0, 0, 0], outputs: e0.outputs, targets: e0.targets)
        }
        #expect(throws: OptimizerError.dimensionMismatch(expected: 4, got: 3)) {
            try enkf.tell(fitness: e0.fitness, outputs: Array(e0.outputs.prefix(3)), targets: e0.targets)
        }
        #expect(throws: OptimizerError.dimensionMismatch(expected: 2, got: 3)) {
            try enkf.tell(fitness: e0.fitness, outputs: [[0, 0], [0, 0, 0], [0, 0], [0, 0]], targets: e0.targets)
        }
        try enkf.tell(fitness: e0.fitness, outputs: e0.outputs, targets: e0.targets)
        #expect(enkf.iteration == 1)
        #expect(throws: OptimizerError.dimensionMismatch(expected: 3, got: 1)) { try Self.make(.init(), prior: [0]) }
        var optimizer = try Self.make(.init(ensembleSize: 4))
        #expect(throws: OptimizerError.self) { try optimizer.optimize(iterations: 1) { xs in xs.map { _ in 0 } } }
    }

    @Test(arguments: [
        ("ensemble_size", Configuration(ensembleSize: 1)),
        ("gamma", Configuration(gamma: 0)),
        ("initial_spread", Configuration(initialSpread: -1)),
        ("observation_noise", Configuration(observationNoise: .nan)),
        ("misfit_tolerance", Configuration(misfitTolerance: -1)),
        ("max_full_covariance", Configuration(maxFullCovariance: 0)),
    ])
    func invalidConfigurationNamesKey(key: String, configuration: Configuration) {
        do {
            _ = try Self.make(configuration)
            Issue.record("\(key): accepted an invalid configuration")
        } catch {
            guard case .invalidConfiguration("enkf", let k, _, _)? = error as? OptimizerError else { Issue.record("\(key): \(error)"); return }
            #expect(k == key)
        }
    }

    // Members with non-finite outputs are excluded from the covariances and left unchanged; NaN fitness
    // never becomes the incumbent.
    @Test func nonFiniteOutputsAreExcludedAndLeftUnchanged() throws {
        var enkf = try Self.make(.init(ensembleSize: 6, gamma: 0.5, initialSpread: 0.01))
        let members = try enkf.ask()
        var e = Self.problem.evaluate(members)
        e.outputs[0][1] = .nan
        e.outputs[3][0] = .infinity
        e.fitness[0] = .nan
        e.fitness[3] = .infinity
        try enkf.tell(fitness: e.fitness, outputs: e.outputs, targets: e.targets)
        let after = enkf.members
        #expect(after[0] == members[0] && after[3] == members[3])
        for j in [1, 2, 4, 5] { #expect(after[j] != members[j]) }
        let snapshot = enkf.snapshot()
        #expect(TestProblems.recorded(snapshot, "excluded_members")?.values == [2])
        let misfit = TestProblems.recorded(snapshot, "misfit")!.values
        #expect(misfit[0].isNaN && misfit[3].isNaN && misfit[1].isFinite)
        let best = [1, 2, 4, 5].max { e.fitness[$0] < e.fitness[$1] }!
        #expect(enkf.incumbent == Incumbent(point: members[best], fitness: e.fitness[best], iteration: 0))
        // All outputs non-finite: nothing moves.
        let before = enkf.members
        _ = try enkf.ask()
        let nan = [[Double]](repeating: [.nan, .nan], count: 6)
        try enkf.tell(fitness: [Double](repeating: .nan, count: 6), outputs: nan, targets: e.targets)
        #expect(enkf.members == before)
        #expect(try TestProblems.jsonRoundTrip(enkf.state) == enkf.state)
    }

    @Test func sameSeedSameRunAndResumeContinuesIdentically() throws {
        let c = Configuration(ensembleSize: 12, gamma: 0.3, initialSpread: 0.01, observationNoise: 0.2, covariance: .lowRank)
        var uninterrupted = try Self.make(c, seed: 9)
        var first = try Self.make(c, seed: 9)
        let other = try Self.make(c, seed: 10)
        #expect(other.state != first.state)
        #expect(try TestProblems.jsonRoundTrip(first.state) == first.state)
        let step = { (o: inout EnsembleKalmanFilter) throws in
            let e = Self.problem.evaluate(try o.ask())
            try o.tell(fitness: e.fitness, outputs: e.outputs, targets: e.targets)
        }
        for _ in 0..<4 { try step(&uninterrupted); try step(&first) }
        #expect(uninterrupted.state == first.state)
        let pending = try first.ask()
        let saved = try TestProblems.jsonRoundTrip(first.state)
        var resumed = try EnsembleKalmanFilter(configuration: c, space: Self.space, state: saved)
        #expect(try uninterrupted.ask() == pending)
        let e = Self.problem.evaluate(pending)
        try uninterrupted.tell(fitness: e.fitness, outputs: e.outputs, targets: e.targets)
        try resumed.tell(fitness: e.fitness, outputs: e.outputs, targets: e.targets)
        for _ in 0..<5 { try step(&uninterrupted); try step(&resumed) }
        #expect(resumed.state == uninterrupted.state)
        #expect(resumed.snapshot() == uninterrupted.snapshot())
        #expect(throws: OptimizerError.self) {
            try EnsembleKalmanFilter(configuration: .init(ensembleSize: 5), space: Self.space, state: saved)
        }
    }

    @Test func snapshotShapesAreFixedAndMembersStayInBox() throws {
        let space = SearchSpace.box(count: 4, lower: -1, upper: 1)
        var enkf = try Self.make(.init(ensembleSize: 5, gamma: 0.01, initialSpread: 0.5), space: space, prior: nil)
        let shapes = enkf.snapshot().map { [$0.name: $0.shape] }
        #expect(shapes.contains(["mean": [4]]) && shapes.contains(["misfit": [5]]) && shapes.contains(["covariance_diagonal": [4]]))
        var random = RandomStream(seed: 3)
        for t in 0..<10 {
            let xs = try enkf.ask()
            for x in xs { #expect(x.allSatisfy { $0 >= -1 && $0 <= 1 }) }
            let k = 3 + t % 2   // the batch size may change between iterations
            let outputs = xs.map { x in (0..<k).map { 10 * x[$0] * x[($0 + 1) % 4] } }
            try enkf.tell(fitness: xs.map { _ in random.nextGaussian() }, outputs: outputs, targets: (0..<k).map { _ in 5 })
            #expect(enkf.snapshot().map { [$0.name: $0.shape] } == shapes)
        }
        #expect(enkf.members.allSatisfy { $0.allSatisfy { $0 >= -1 && $0 <= 1 } })
    }
}
