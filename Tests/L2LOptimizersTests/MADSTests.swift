import Foundation
import L2LNumerics
import Testing

@testable import L2LOptimizers

@Suite("MeshAdaptiveDirectSearch")
struct MADSTests {
    typealias MADS = MeshAdaptiveDirectSearch

    static func rosenbrockRun(
        seed: UInt64, configuration: MADS.Configuration = .init(), budget: Int
    ) throws -> (best: Double, evaluations: Int, points: [[Double]], mads: MADS) {
        var mads = try MADS(
            configuration: configuration, space: .box(count: 2, lower: -5, upper: 5), initialPoint: [-1.2, 1],
            random: RandomStream(seed: seed))
        var points: [[Double]] = []
        var evaluations = 0
        while mads.stopReasons.isEmpty && mads.state.evaluations < budget {
            let xs = try mads.ask()
            points += xs
            try mads.tell(xs.map { -TestProblems.rosenbrock($0) })
            if let f = mads.incumbent?.fitness, -f < 1e-3, evaluations == 0 { evaluations = mads.state.evaluations }
        }
        return (-(mads.incumbent?.fitness ?? -.infinity), evaluations, points, mads)
    }

    @Test("reaches the minimum of 2-D Rosenbrock from (−1.2, 1) within 600 evaluations, inside the bounds, no repeats")
    func rosenbrock() throws {
        for seed in UInt64(1)...5 {
            let run = try Self.rosenbrockRun(seed: seed, budget: 600)
            print("mads rosenbrock seed \(seed): best \(run.best), evaluations to 1e-3: \(run.evaluations)")
            #expect(run.best < 1e-3, "seed \(seed): best f = \(run.best)")
            #expect(run.points.allSatisfy { $0.allSatisfy { $0 >= -5 && $0 <= 5 } })
            let keys = run.points.map { $0.map(\.bitPattern) }
            #expect(Set(keys).count == keys.count, "seed \(seed): a point was asked twice")
        }
    }

    @Test("every option combination stays in the bounds and improves on the start")
    func options() throws {
        for type in MADS.DirectionType.allCases {
            for flags in 0..<8 {
                let c = MADS.Configuration(
                    directionType: type, opportunistic: flags & 1 != 0, speculativeSearch: flags & 2 != 0,
                    quadraticModelSearch: flags & 4 != 0, anisotropicMesh: flags & 1 == 0)
                let run = try Self.rosenbrockRun(seed: 3, configuration: c, budget: 300)
                #expect(run.best < 24.2 * 0.1, "\(type) flags \(flags): best \(run.best)")
                #expect(run.points.allSatisfy { $0.allSatisfy { $0 >= -5 && $0 <= 5 } })
            }
        }
    }

    @Test("GMesh values: Δ = a·10^b, δ = 10^(b − |b − b⁰|), refine and enlarge cycles")
    func meshRule() {
        // initial frame 0.1 × width 10 = 1: a = 1, b = 0, δ = 1.
        var mesh = MADS.Mesh(initialFrameSize: [1, 0.8, 0.05, 3])
        #expect(mesh.mantissa == [1, 1, 1, 2] && mesh.exponent == [0, 0, -1, 0])  // (int) log10 truncates
        #expect(mesh.frameSizes == [1, 1, 0.1, 2])
        let minimum = [1e-9, 1e-9, 1e-9, 1e-9]
        var frames: [Double] = [], meshes: [Double] = []
        for _ in 0..<4 {
            mesh.refine(minimumMeshSize: minimum)
            frames.append(mesh.frameSize(0))
            meshes.append(mesh.meshSize(0))
        }
        #expect(frames.map { ($0 * 1e6).rounded() / 1e6 } == [0.5, 0.2, 0.1, 0.05])
        #expect(meshes.map { ($0 * 1e6).rounded() / 1e6 } == [0.01, 0.01, 0.01, 0.0001])
        #expect(abs(mesh.frameSize(0) - mesh.rho(0) * mesh.meshSize(0)) < 1e-15)
        // Success along the first variable only: anisotropic enlarge of variable 0 (and of
        // the others only if below their initial exponent with a large ρ).
        var iso = mesh
        iso.enlarge(direction: [0.05, 0, 0, 0], anisotropic: false, anisotropyFactor: 0.1)
        #expect(iso.mantissa == [1, 1, 1, 2] && iso.exponent == [-1, -1, -2, -1])
        mesh.enlarge(direction: [0.05, 0, 0, 0], anisotropic: true, anisotropyFactor: 0.1)
        #expect(abs(mesh.frameSize(0) - 0.1) < 1e-15 && mesh.meshSize(0) == 0.01)
        // Refinement stops below the minimum mesh size.
        var small = MADS.Mesh(initialFrameSize: [1])
        for _ in 0..<30 { small.refine(minimumMeshSize: [1e-3]) }
        #expect(small.meshSize(0) < 1e-3 && small.meshSize(0) >= 1e-5)
    }

    @Test("frame enlarges on success and shrinks on failure in a run (sphere, 1-D, exact values)")
    func updateInRun() throws {
        // 1-D sphere from x0 = 3 in [−5, 5]: Δ⁰ = 1. Poll ±1 → 2 improves (success, Δ = 2).
        var mads = try MADS(
            configuration: .init(
                directionType: .ortho2N, opportunistic: false, speculativeSearch: false, quadraticModelSearch: false,
                nmSearch: false),
            space: .box(count: 1, lower: -5, upper: 5), initialPoint: [3], random: RandomStream(seed: 7))
        let f = { (xs: [[Double]]) in xs.map { -$0[0] * $0[0] } }
        var xs = try mads.ask()
        #expect(xs == [[3]])
        try mads.tell(f(xs))
        xs = try mads.ask()
        #expect(Set(xs.map { $0[0] }) == [2, 4])
        try mads.tell(f(xs))
        #expect(mads.state.centre == [2] && mads.state.lastStep == 3)
        #expect(mads.state.mesh.frameSizes == [2] && mads.state.mesh.meshSizes == [1])
        xs = try mads.ask()
        #expect(xs == [[0]])  // ±2 from 2: 4 is cached, only 0 is asked
        try mads.tell(f(xs))
        #expect(mads.state.centre == [0] && mads.state.mesh.frameSizes == [5])
        xs = try mads.ask()  // ±5 from 0
        #expect(Set(xs.map { $0[0] }) == [-5, 5])
        try mads.tell(f(xs))
        #expect(mads.state.centre == [0] && mads.state.lastStep == 0)
        #expect(mads.state.mesh.frameSizes == [2] && mads.state.mesh.meshSizes == [1])
        let snap = mads.snapshot()
        #expect(TestProblems.recorded(snap, "frame_size")?.values == [2])
        #expect(TestProblems.recorded(snap, "success")?.values == [0])
    }

    @Test("same seed, same trace; a JSON round trip of the state continues bit-identically")
    func determinismAndResume() throws {
        let c = MADS.Configuration(directionType: .orthoNPlus1)
        let space = SearchSpace.box(count: 3, lower: -2, upper: 2)
        func make() throws -> MADS {
            try MADS(configuration: c, space: space, initialPoint: [1, -1, 0.5], random: RandomStream(seed: 11))
        }
        var a = try make(), b = try make()
        let ta = try TestProblems.trajectory(&a, iterations: 60, TestProblems.rosenbrock)
        let tb = try TestProblems.trajectory(&b, iterations: 60, TestProblems.rosenbrock)
        #expect(ta == tb)
        var first = try make()
        _ = try TestProblems.trajectory(&first, iterations: 25, TestProblems.rosenbrock)
        _ = try first.ask()  // resume from a pending ask too
        let saved = try TestProblems.jsonRoundTrip(first.state)
        #expect(saved == first.state)
        var restored = try MADS(configuration: c, space: space, state: saved)
        let xs = first.state.candidates
        try first.tell(xs.map { -TestProblems.rosenbrock($0) })
        try restored.tell(xs.map { -TestProblems.rosenbrock($0) })
        let r1 = try TestProblems.trajectory(&first, iterations: 30, TestProblems.rosenbrock)
        let r2 = try TestProblems.trajectory(&restored, iterations: 30, TestProblems.rosenbrock)
        #expect(r1 == r2 && first.state == restored.state)
    }

    @Test("NaN fitness never becomes the centre; min mesh size and max evaluations stop the run")
    func nanAndStops() throws {
        var mads = try MADS(
            configuration: .init(minMeshSize: 1e-4), space: .box(count: 2, lower: -1, upper: 1),
            initialPoint: [0.5, 0.5], random: RandomStream(seed: 2))
        for _ in 0..<2000 where mads.stopReasons.isEmpty {
            let xs = try mads.ask()
            try mads.tell(xs.map { $0[0] < 0.4 ? .nan : -TestProblems.sphere($0) })
        }
        #expect(mads.incumbent!.point[0] >= 0.4 && mads.state.centreValue.isFinite)
        #expect(mads.stopReasons.contains { if case .stepSizeBelow = $0 { true } else { false } })
        #expect(try mads.ask().isEmpty)
        try mads.tell([])
        var limited = try MADS(
            configuration: .init(opportunistic: false, maxEvaluations: 7), space: .box(count: 3, lower: -1, upper: 1),
            initialPoint: nil, random: RandomStream(seed: 2))
        try limited.optimize(iterations: 100) { xs in xs.map { -TestProblems.sphere($0) } }
        #expect(limited.state.evaluations == 7 && !limited.stopReasons.isEmpty)
    }

    @Test("misuse: out of order, wrong counts, invalid configuration, bad state")
    func misuse() throws {
        let space = SearchSpace.box(count: 2, lower: 0, upper: 1)
        var mads = try MADS(configuration: .init(), space: space, initialPoint: nil, random: RandomStream(seed: 1))
        #expect(throws: OptimizerError.outOfOrder("mads: tell called without a pending ask")) { try mads.tell([]) }
        _ = try mads.ask()
        #expect(throws: OptimizerError.self) { _ = try mads.ask() }
        #expect(throws: OptimizerError.fitnessCountMismatch(expected: 1, got: 2)) { try mads.tell([0, 0]) }
        #expect(throws: OptimizerError.dimensionMismatch(expected: 2, got: 3)) {
            _ = try MADS(configuration: .init(), space: space, initialPoint: [0, 0, 0], random: RandomStream(seed: 1))
        }
        for (c, key) in [
            (MADS.Configuration(initialFrameSize: 0), "initial_frame_size"),
            (MADS.Configuration(pollBlockSize: 0), "poll_block_size"),
            (MADS.Configuration(minMeshSize: 0.5), "min_mesh_size"),
            (MADS.Configuration(maxEvaluations: -1), "max_evaluations"),
        ] {
            #expect {
                _ = try MADS(configuration: c, space: space, initialPoint: nil, random: RandomStream(seed: 1))
            } throws: { error in
                if case .invalidConfiguration(_, let k, _, _) = error as? OptimizerError { k == key } else { false }
            }
        }
        let other = SearchSpace.box(count: 3, lower: 0, upper: 1)
        #expect(throws: OptimizerError.self) { _ = try MADS(configuration: .init(), space: other, state: mads.state) }
    }

    @Test("snapshot arrays keep their shapes")
    func snapshotShapes() throws {
        var mads = try MADS(
            configuration: .init(), space: TestProblems.mixedSpace, initialPoint: nil, random: RandomStream(seed: 5))
        let before = mads.snapshot().map { ($0.name, $0.shape) }
        for _ in 0..<20 {
            let xs = try mads.ask()
            #expect(xs.allSatisfy { TestProblems.decodesInsideBounds($0, in: TestProblems.mixedSpace) })
            try mads.tell(xs.map { -TestProblems.sphere($0) })
            let now = mads.snapshot().map { ($0.name, $0.shape) }
            #expect(now.map(\.0) == before.map(\.0) && now.map(\.1) == before.map(\.1))
        }
    }
}
