import Foundation
import L2LNumerics
import Testing
@testable import L2LNetworks

/// The ENOMAD study's own arena (``PaperForaging``, ``PaperForagingLayout``) and neuron model
/// (``AccumulateFireNetwork``), against values worked out by hand from the study's rules.
@Suite struct PaperForagingTests {
    static let muscles: [(neuron: String, muscle: String, count: Double)] = {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data/connectome")
        return try! AccumulateFireNetwork.loadMuscles(from: dir)
    }()
    static let network = AccumulateFireNetwork(connectome: ConnectomeModelTests.worm, muscles: muscles)

    @Test func patternsGiveTheStatedCountsInsideTheArena() {
        let c36 = PaperForagingConfiguration()
        var c38 = c36
        c38.foodCount = 38
        // (pattern, items for 36, items for 38): grid ⌊√n⌋², clusters 4⌊n/4⌋, the rest n.
        let expected: [(PaperFoodPattern, Int, Int)] = [
            (.random, 36, 38), (.grid, 36, 36), (.clusters, 36, 36), (.square, 36, 38), (.circle, 36, 38), (.triangle, 36, 38),
        ]
        for (pattern, n36, n38) in expected {
            for (c, n) in [(c36, n36), (c38, n38)] {
                var r = RandomStream(seed: 11)
                let food = PaperForagingLayout.food(pattern, configuration: c, random: &r)
                #expect(food.count == n, "\(pattern), \(c.foodCount) asked")
                #expect(food.allSatisfy { (0...c.width).contains($0.x) && (0...c.height).contains($0.y) }, "\(pattern) inside")
                if pattern == .random { #expect(food.allSatisfy { hypot($0.x - 800, $0.y - 600) >= 400 }) }
                if pattern == .clusters {
                    // Each item within ±50 of one of the four centres.
                    let centres = [(800.0, 300.0), (400.0, 600.0), (1200.0, 600.0), (800.0, 900.0)]
                    #expect(food.allSatisfy { f in centres.contains { abs(f.x - $0.0) <= 50 && abs(f.y - $0.1) <= 50 } })
                }
            }
        }
        var r = RandomStream(seed: 1)
        // Square of side 600 centred at (800, 600), 9 items per side, clockwise from the top-left corner.
        let square = PaperForagingLayout.food(.square, configuration: c36, random: &r)
        #expect(square[0] == (500, 300) && square[8] == (1100, 300) && square[9] == (1100, 300) && square[13] == (1100, 600))
        #expect(square[35] == (500, 300))
        let circle = PaperForagingLayout.food(.circle, configuration: c36, random: &r)
        #expect(circle[0] == (1100, 600) && abs(circle[9].x - 800) < 1e-9 && abs(circle[9].y - 900) < 1e-9)
        let grid = PaperForagingLayout.food(.grid, configuration: c36, random: &r)
        #expect(grid[0] == (1600.0 / 7, 1200.0 / 7) && grid[35] == (6 * (1600.0 / 7), 6 * (1200.0 / 7)))
        let triangle = PaperForagingLayout.food(.triangle, configuration: c36, random: &r)
        #expect(triangle[0] == (800, 900) && abs(triangle[35].x - 800) < 1e-9 && abs(triangle[35].y - 900) < 1e-9)
        // Item 12: p = 12/35 just past 1/3, on the base from (400, 300) to (1200, 300) at t = 3p − 1 = 1/35.
        #expect(abs(triangle[12].x - (400 + 800.0 / 35)) < 1e-9 && abs(triangle[12].y - 300) < 1e-9)
        // A layout's seed fixes its pattern and placement.
        #expect(PaperForagingLayout(seed: 5, configuration: c36) == PaperForagingLayout(seed: 5, configuration: c36))
        #expect(Set((0..<40).map { PaperForagingLayout(seed: $0, configuration: c36).pattern }).count == 6)
    }

    /// Drives 0: speed max(0, 75)/7 along +x from (800, 600). Food A lies 3·75/7 + 5 ahead, B 100
    /// to the side of the start. Reward per step (s = 75/7), summed over the food left:
    /// step 1: A at 2s + 5 ≈ 26.4 (proximity only), B at √(s² + 100²);
    /// step 2: A at s + 5 ≈ 15.7 < 20: 30 + proximity, eaten; B at √((2s)² + 100²);
    /// steps 3, 4: B only, at √((ks)² + 100²).
    @Test func theRewardOfAScriptedTrajectoryMatchesTheHandValue() {
        var c = PaperForagingConfiguration()
        c.steps = 4
        let s = 75.0 / 7
        let layout = PaperForagingLayout(pattern: .random, foodX: [800 + 3 * s + 5, 800], foodY: [600, 700])
        func near(_ d: Double) -> Double { (150 - d) / 150 / 30 }
        func b(_ k: Double) -> Double { near((k * k * s * s + 100 * 100).squareRoot()) }
        let hand = near(2 * s + 5) + b(1) + 30 + near(s + 5) + b(2) + b(3) + b(4)
        var seen: [PaperForaging.Observation] = []
        let outcome = PaperForaging.episode(layout: layout, configuration: c, recordPath: true) { o in
            seen.append(o)
            return (0, 0)
        }
        #expect(abs(outcome.fitness - hand) < 1e-12)
        #expect(abs(outcome.fitness - 30.098039783674306) < 1e-12)
        #expect(outcome.foodEaten == 1 && outcome.eatenAlongPath == [0, 0, 1, 1, 1])
        #expect(abs(outcome.path[8] - (800 + 4 * s)) < 1e-12 && outcome.path[9] == 600)
        // Observations: the wall distance before each step; food seen only after a move.
        #expect(seen.map(\.seesFood) == [false, true, true, true])
        #expect(seen.map(\.wallDistance) == [600, 600, 600, 600], "the top and bottom walls stay 600 away")
    }

    /// Turning: heading += (r − l)/10 per step, speed min(max(|l| + |r|, 75), 150)/7; clipped at walls.
    @Test func motionFollowsTheStudysKinematics() {
        var c = PaperForagingConfiguration()
        c.steps = 2
        let layout = PaperForagingLayout(pattern: .random, foodX: [], foodY: [])
        let turn = PaperForaging.episode(layout: layout, configuration: c, recordPath: true) { _ in (-100, 100) }
        // Step 1: heading 20 rad wrapped to 20 − 6π, speed 150/7; step 2: heading 40 − 12π... wrapped.
        let h1 = 20 - 6 * Double.pi, h2 = 40 - 12 * Double.pi
        #expect(abs(turn.path[2] - (800 + 150 / 7 * cos(h1))) < 1e-9 && abs(turn.path[3] - (600 + 150 / 7 * sin(h1))) < 1e-9)
        #expect(abs(turn.path[4] - (turn.path[2] + 150 / 7 * cos(h2))) < 1e-9)
        c.steps = 100
        let straight = PaperForaging.episode(layout: layout, configuration: c, recordPath: true) { _ in (1000, 1000) }
        #expect(straight.path[2 * 100] == 1600 && straight.path[2 * 100 + 1] == 600, "clipped at the right wall")
    }

    /// The study's weights: signed chemical counts (GABA presynaptic: negative) plus gap counts in both
    /// directions; OpenWorm muscle counts, left MDL/MVL, right MDR/MVR without row 21.
    @Test func priorWeightsFollowTheStudysRule() {
        let net = Self.network
        func prior(_ name: String) -> Double? { net.edges.firstIndex { $0.name == name }.map { net.priorWeights[$0] } }
        #expect(prior("w_AVAL_AVAR") == 7)  // chemical 2 (ACh) + gap 5
        #expect(prior("w_AVAR_AVAL") == 6)  // chemical 1 + gap 5
        #expect(prior("w_DD1_DA2") == -2)  // DD1 is GABAergic
        #expect(prior("w_DD1_VD2") == 1)  // −1 chemical + 2 gap
        #expect(prior("w_DD1_DD2") == 1 && prior("w_DD2_DD1") == 1)  // gap only
        #expect(prior("nmj_DD1_MDL07") == -4 && prior("nmj_DD1_MDR07") == -4)
        #expect(net.edges.first { $0.name == "nmj_DD1_MDL07" }?.target == net.leftMuscles)
        #expect(net.edges.first { $0.name == "nmj_DD1_MDR07" }?.target == net.rightMuscles)
        #expect(prior("nmj_DA9_MDR21") == nil, "MDR21 is on neither side")
        #expect(net.edges.count == net.priorWeights.count)
    }

    /// p delivers to the left muscles (7) and to q (20); q delivers 31 to r. Hand trace:
    /// step 1 (p): q 0 → 20, left 7; step 2 (p): q 40 (20 is not above 30), left 7;
    /// step 3 (p): q fired (40 > 30): p's 20 arrives, then q delivers 31 to r and resets to 0;
    /// step 4 (no input): r fires (31 > 30) and resets; nothing else is above threshold.
    @Test func accumulateAndFireFollowsAHandTrace() throws {
        let net = Self.network
        let n = net.neuronCount
        // p: a neuron with a left-muscle edge and an edge to q, which has an edge to r ∉ {p, q}.
        var found: (p: Int, q: Int, r: Int, pm: Int, pq: Int, qr: Int)?
        search: for (pm, m) in net.edges.enumerated() where m.target == net.leftMuscles {
            for (pq, e) in net.edges.enumerated() where e.pre == m.pre && e.target < n && e.target != m.pre {
                if let qr = net.edges.indices.first(where: {
                    net.edges[$0].pre == e.target && net.edges[$0].target < n && ![m.pre, e.target].contains(net.edges[$0].target)
                }) {
                    found = (m.pre, e.target, net.edges[qr].target, pm, pq, qr)
                    break search
                }
            }
        }
        let f = try #require(found)
        var w = [Double](repeating: 0, count: net.edges.count)
        w[f.pm] = 7
        w[f.pq] = 20
        w[f.qr] = 31
        var v = net.restingState()
        #expect(net.step(&v, weights: w, sensory: [f.p]) == (7, 0) && v[f.q] == 20)
        #expect(net.step(&v, weights: w, sensory: [f.p]) == (7, 0) && v[f.q] == 40)
        #expect(net.step(&v, weights: w, sensory: [f.p]) == (7, 0) && v[f.q] == 0 && v[f.r] == 31)
        #expect(net.step(&v, weights: w, sensory: []) == (0, 0) && v[f.r] == 0)
        #expect(v.allSatisfy { $0 == 0 })
        // A negative accumulator beyond −30 fires too.
        w[f.pq] = -35
        v = net.restingState()
        _ = net.step(&v, weights: w, sensory: [f.p])
        #expect(v[f.q] == -35)
        _ = net.step(&v, weights: w, sensory: [])
        #expect(v[f.q] == 0 && v[f.r] == 31)
    }

    /// The untrained connectome in the study's arena: deterministic, and the touch neurons are
    /// needed (a wiring without FLPR is an error naming it).
    @Test func theUntrainedWormRunsDeterministically() throws {
        var c = PaperForagingConfiguration()
        c.steps = 250
        let task = try PaperForaging(network: Self.network, configuration: c)
        let layout = PaperForagingLayout(seed: 2, configuration: c)
        let a = task.run(weights: Self.network.priorWeights, layout: layout)
        #expect(a == task.run(weights: Self.network.priorWeights, layout: layout))
        #expect(a.fitness.isFinite && !a.diverged)
    }
}
