import Foundation
import L2LNumerics
import Testing

@testable import L2LOptimizers

/// The Nelder–Mead search step (NOMAD 4 `NM_SEARCH`).
@Suite("MeshAdaptiveDirectSearch Nelder–Mead")
struct MADSNelderMeadTests {
    typealias MADS = MeshAdaptiveDirectSearch
    typealias Model = MADSModelTests

    @Test("the initial simplex: n + 1 affinely independent cached points, the best first; none when collinear")
    func initialSimplex() throws {
        let mads = try Model.primed(.init(), h: 0.03)
        let (points, values) = try #require(mads.initialSimplex())
        #expect(points.count == 3 && values == values.sorted())
        #expect(values[0] == mads.state.cacheValues.min())
        let e1 = zip(points[1], points[0]).map { $0 - $1 }, e2 = zip(points[2], points[0]).map { $0 - $1 }
        #expect(abs(e1[0] * e2[1] - e1[1] * e2[0]) > 1e-6, "degenerate simplex \(points)")
        var s = mads.state
        s.cachePoints = (0..<6).map { [Double($0) * 0.01, Double($0) * 0.01] }
        s.cacheValues = s.cachePoints.map(Model.f)
        let line = try MADS(configuration: mads.configuration, space: mads.space, state: s)
        #expect(line.initialSimplex() == nil)
    }

    @Test("a Nelder–Mead search on a quadratic improves the centre with trial points on the mesh")
    func improvesQuadratic() throws {
        // δ = 0.001 ≪ the simplex (grid spacing 0.03), so rounding on the mesh keeps NM's geometry.
        var mads = try Model.primed(.init(nmSearchPatience: 0), h: 0.03, refinements: 3)
        let start = mads.state.centreValue, delta = mads.state.mesh.meshSizes
        var s = mads.state
        s.phase = .nelderMead
        mads = try MADS(configuration: mads.configuration, space: mads.space, state: s)
        var trials = 0
        while mads.state.phase == .nelderMead {
            let xs = try mads.ask()
            guard mads.state.steps == [4] else { break }
            trials += 1
            for (i, v) in xs[0].enumerated() {
                let steps = v / delta[i]
                #expect(abs(steps - steps.rounded()) < 1e-9 && abs(v) <= 1, "trial \(xs[0]) off the mesh")
            }
            try mads.tell(xs.map { -Model.f($0) })
        }
        print("nelder-mead: \(trials) trials, f \(start) → \(mads.state.centreValue)")
        #expect(trials >= 2 && trials <= mads.configuration.nmSearchFactor * 2)
        #expect(mads.state.madsIteration == 1 && mads.state.centreValue < 0.5 * start)
        #expect(mads.state.lastStep == 4)
    }

    @Test("NOMAD's rank test: edges in frame units need n singular values above NM_SEARCH_RANK_EPS")
    func rankTest() throws {
        let mads = try Model.primed(.init(), h: 0.03)
        #expect(mads.state.mesh.frameSizes == [0.1, 0.1])
        let values = [0.0, 1, 2]
        // Edges of 0.5 and 0.4 frame sizes, orthogonal: full rank.
        #expect(mads.isNelderMeadSimplex([[0, 0], [0.05, 0], [0, 0.04]], values: values))
        // Almost collinear: the second edge leaves the first's line by 0.0005 = 0.005 frame sizes.
        #expect(!mads.isNelderMeadSimplex([[0, 0], [0.05, 0], [0.1, 0.0005]], values: values))
        // Regular but tiny: edges of 0.008 frame sizes are below the tolerance (it is absolute, as NOMAD's).
        #expect(!mads.isNelderMeadSimplex([[0, 0], [0.0008, 0], [0, 0.0008]], values: values))
        // The edges start at the best vertex, wherever it is listed.
        #expect(mads.isNelderMeadSimplex([[0.05, 0], [0, 0], [0, 0.04]], values: [1, 0, 2]))
    }

    @Test("outside contraction worse than the reflection: x_r replaces the worst vertex and the search goes on (NOMAD)")
    func outsideContractionKeepsReflection() throws {
        var mads = try Model.primed(.init(), h: 0.03)
        let simplex: [[Double]] = [[0, 0], [0.05, 0], [0, 0.05]]
        let reflected = [0.05, -0.05]
        mads.state.nelderMead = MADS.NelderMeadState(
            simplex: simplex, values: [0, 1, 2], step: .outsideContraction, trial: [0.0375, -0.025],
            reflected: reflected, reflectedValue: 1.5, trials: 2, stall: 0, done: false, best: [], bestValue: .infinity)
        mads.advanceNelderMead(3)
        let nm = try #require(mads.state.nelderMead)
        #expect(!nm.done && nm.step == .reflect)
        #expect(nm.simplex == [[0, 0], [0.05, 0], reflected] && nm.values == [0, 1, 1.5])
    }

    @Test("the search stops once an insertion leaves a degenerate simplex, well before 80·n trial points")
    func stopsOnDegenerateSimplex() throws {
        // A quadratic valley: NM contracts across it until the simplex flattens.
        var mads = try Model.primed(.init(nmSearchPatience: 0), h: 0.03, refinements: 3)
        var s = mads.state
        s.phase = .nelderMead
        mads = try MADS(configuration: mads.configuration, space: mads.space, state: s)
        var trials = 0
        while mads.state.phase == .nelderMead, trials < 1000 {
            let xs = try mads.ask()
            guard mads.state.steps == [4] else { break }
            trials += 1
            try mads.tell(xs.map { -Model.f($0) })
            if let nm = mads.state.nelderMead, !nm.done {
                #expect(mads.isNelderMeadSimplex(nm.simplex, values: nm.values), "a live simplex failed the test")
            }
        }
        #expect(trials < mads.configuration.nmSearchFactor * 2, "\(trials) trials")
    }

    @Test("nm_search_patience ends the search early; the search is off with nm_search false")
    func patienceAndSwitch() throws {
        func trials(_ c: MADS.Configuration) throws -> Int {
            var mads = try Model.primed(c, h: 0.03)
            var s = mads.state
            s.phase = .search
            mads = try MADS(configuration: mads.configuration, space: mads.space, state: s)
            var count = 0
            while mads.state.madsIteration == 0 {
                let xs = try mads.ask()
                count += mads.state.steps.filter { $0 == 4 }.count
                try mads.tell(xs.map { -Model.f($0) })
            }
            return count
        }
        let off = MADS.Configuration(speculativeSearch: false, quadraticModelSearch: false, nmSearch: false)
        #expect(try trials(off) == 0)
        let patient = MADS.Configuration(speculativeSearch: false, quadraticModelSearch: false, nmSearchPatience: 0)
        let impatient = MADS.Configuration(speculativeSearch: false, quadraticModelSearch: false, nmSearchPatience: 1)
        #expect(try trials(impatient) > 0)
        #expect(try trials(impatient) <= trials(patient))
    }
}
