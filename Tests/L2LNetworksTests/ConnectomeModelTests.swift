import Foundation
import Testing
import L2LNumerics
@testable import L2LNetworks

/// The Kunert et al. 2014 graded-potential model: equilibrium, batches, divergence.
@Suite struct ConnectomeModelTests {
    static let worm: Connectome = {
        do { return try Connectome.load(.varshney2011, from: connectomeDataDirectory) } catch {
            fatalError("cannot load the Varshney connectome: \(error)")
        }
    }()

    @Test(arguments: ["kunert2014", "interactome"])
    func zeroInputNetworkStaysAtItsSolvedEquilibrium(params: String) {
        let net = GradedPotentialNetwork(connectome: Self.worm, parameters: .named(params)!)
        let sim = GradedPotentialSimulator(network: net, weights: [net.priorWeights], method: .rk4, dtMs: 0.1)
        #expect(sim.thresholds(member: 0) == sim.restingPotentials(member: 0))
        let (dv, ds) = sim.derivative()
        // |dV/dt| in mV/s against the scale of the currents divided by C (≈ 1e5..1e7 mV/s).
        let worstDv = dv[0].map(abs).max()!, worstDs = ds[0].map(abs).max()!
        #expect(worstDv < 1e-6, "max |dV/dt| = \(worstDv) mV/s")
        #expect(worstDs < 1e-15, "max |ds/dt| = \(worstDs) /s")
        let v0 = sim.potentials(member: 0)
        sim.run(durationMs: 50)
        let drift = zip(sim.potentials(member: 0), v0).map { abs($0 - $1) }.max()!
        #expect(drift < 1e-9, "V drifted by \(drift) mV in 50 ms")
    }

    /// Random weights near the prior: 1 + 0.2·N(0,1), clipped at 0.
    func randomWeights(_ net: GradedPotentialNetwork, seed: UInt64) -> [Double] {
        var r = RandomStream(seed: seed)
        return (0..<net.weightCount).map { _ in max(0, 1 + 0.2 * r.nextGaussian()) }
    }

    @Test(arguments: GradedPotentialSimulator.Method.allCases, SimulationPrecision.allCases)
    func batchMembersEqualSingleRunsBitForBit(method: GradedPotentialSimulator.Method,
                                              precision: SimulationPrecision) throws {
        let net = GradedPotentialNetwork(connectome: Self.worm, parameters: .kunert2014)
        let input = try net.currents(["PLML": 2000, "PLMR": 2000])
        let w0 = net.priorWeights, w1 = randomWeights(net, seed: 3)
        func single(_ w: [Double]) -> ([Double], [Double]) {
            let s = GradedPotentialSimulator(network: net, weights: [w], currents: input, method: method, dtMs: 0.1,
                                             precision: precision)
            s.run(steps: 40)
            return (s.potentials(member: 0), s.activations(member: 0))
        }
        let (v0, s0) = single(w0), (v1, s1) = single(w1)
        // A full chunk (16 in double, 32 in single: the fused kernel) and 11 more (a register
        // block of 8 and remainder lanes of 2 and 1); 2 and 4 members: the sliced products of small
        // chunks (the foraging layouts).
        let chunk = precision == .double ? 16 : 32
        let many = (0..<(chunk + 11)).map { $0 % 3 == 1 ? w1 : w0 }
        for members in [[w0, w0, w0], [w1, w0], [w0, w1, w1, w0], [w0, w1, w0, w1, w1], many] {
            let batch = GradedPotentialSimulator(network: net, weights: members, currents: input, method: method,
                                                 dtMs: 0.1, precision: precision)
            #expect(batch.chunkSize == chunk)
            batch.run(steps: 40)
            for (b, w) in members.enumerated() {
                let (v, s) = w == w0 ? (v0, s0) : (v1, s1)
                #expect(batch.potentials(member: b) == v, "member \(b) of \(members.count): V differs")
                #expect(batch.activations(member: b) == s, "member \(b) of \(members.count): s differs")
            }
        }
        #expect(v0 != v1)
    }

    @Test(arguments: SimulationPrecision.allCases)
    func divergingMemberIsFlaggedAndOthersContinue(precision: SimulationPrecision) throws {
        let net = GradedPotentialNetwork(connectome: Self.worm, parameters: .kunert2014)
        let input = try net.currents(["PLML": 2000, "PLMR": 2000])
        var stiff = net.priorWeights
        for k in 0..<net.gapWeightCount { stiff[net.chemicalWeightCount + k] = 50 }   // 50× gap conductance
        var nan = net.priorWeights
        nan[0] = .nan
        // Members 1 and `chunk` diverge (the latter in the simulator's second chunk), member 2 cannot be solved.
        let chunk = precision == .double ? 16 : 32
        var members = [[Double]](repeating: net.priorWeights, count: chunk + 1)
        members[1] = stiff
        members[chunk] = stiff
        members[2] = nan
        let sim = GradedPotentialSimulator(network: net, weights: members, currents: input, method: .rk4, dtMs: 0.1,
                                           precision: precision)
        #expect(sim.divergedAtStep[2] == 0, "NaN weights: the equilibrium solve fails")
        sim.run(steps: 80)
        #expect(sim.divergedAtStep.enumerated().filter { $0.element != nil }.map(\.offset) == [1, 2, chunk])
        #expect(sim.divergedAtStep[1] == sim.divergedAtStep[chunk])
        let flagged = try #require(sim.divergedAtStep[1])
        #expect(flagged > 0 && flagged <= 80)
        print("connectome divergence (\(precision)): 50× gap conductance, RK4 dt 0.1 ms, flagged at step \(flagged)")
        let v0 = sim.potentials(member: 0), v1 = sim.potentials(member: 1), v3 = sim.potentials(member: 3)
        #expect(v1.allSatisfy { $0.isNaN })
        #expect(v0.allSatisfy { $0.isFinite })
        #expect(v0 == v3)
        sim.setWeights(nan, member: 3)            // a failed re-solve flags the member at once
        #expect(sim.divergedAtStep[3] == 80)
        sim.setWeights(net.priorWeights, member: 3)
        sim.reset()
        #expect(sim.divergedAtStep.enumerated().filter { $0.element != nil }.map(\.offset) == [2])
    }

    @Test func inputSwitchReSolvesThresholds() throws {
        let net = GradedPotentialNetwork(connectome: Self.worm, parameters: .kunert2014)
        let sim = GradedPotentialSimulator(network: net, weights: [net.priorWeights, net.priorWeights])
        let rest = sim.thresholds(member: 0)
        let input = try net.currents(["AVBL": 500, "AVBR": 500])
        sim.setCurrents(input, member: 1)
        #expect(sim.thresholds(member: 0) == rest)
        let zero = [Double](repeating: 0, count: net.neuronCount)
        let solved = try net.equilibrium(weights: net.priorWeights, currents: [zero, input])
        #expect(sim.thresholds(member: 1) == solved[1])
        #expect(solved[0] == rest)
        #expect(throws: ConnectomeError.unknownStimulusNeuron(name: "AVB", dataset: "varshney2011")) {
            try net.currents(["AVB": 1])
        }
    }
}
