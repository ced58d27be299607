import Foundation
import Testing
import L2LNumerics
@testable import L2LNetworks

/// Single-precision connectome kernels (``SimulationPrecision/single``) against double, and the
/// sigmoid's exponentials of both precisions against libm.
@Suite struct ConnectomePrecisionTests {
    /// 100 ms of RK4 with the benchmark's input (2 nA into PLML and PLMR): the prior and two
    /// perturbed weight sets. Single stays within 0.01 mV of double in every neuron (measured:
    /// 1.1e-3 mV here, 7.2e-3 mV after 300 ms; 1e-4 mV for the prior after 300 ms, as `bench
    /// connectome` shows); a kernel that lost precision (a wrong float constant in the
    /// exponential, float sums of the wrong rows) moves voltages by millivolts. And it is not
    /// bit-identical to double (the float path really ran). The fused chunk of 32 gives the same
    /// bits as these single runs (``ConnectomeModelTests``), so the bound covers it too.
    @Test func singlePrecisionStaysWithinAHundredthOfAMillivoltOfDouble() throws {
        let worm = ConnectomeModelTests.worm
        let net = GradedPotentialNetwork(connectome: worm, parameters: .kunert2014)
        let input = try net.currents(["PLML": 2000, "PLMR": 2000])
        var random = RandomStream(seed: 11)
        let perturbed = (0..<2).map { _ in (0..<net.weightCount).map { _ in max(0, 1 + 0.2 * random.nextGaussian()) } }
        let members = (0..<3).map { $0 % 3 == 0 ? net.priorWeights : perturbed[$0 % 3 - 1] }
        func simulate(_ precision: SimulationPrecision) -> GradedPotentialSimulator {
            let sim = GradedPotentialSimulator(network: net, weights: members, currents: input, method: .rk4,
                                               dtMs: 0.1, precision: precision)
            sim.run(durationMs: 100)
            return sim
        }
        let double = simulate(.double), single = simulate(.single)
        var worst = 0.0
        for b in 0..<3 {
            let vd = double.potentials(member: b), vs = single.potentials(member: b)
            #expect(vd.allSatisfy(\.isFinite) && vs.allSatisfy(\.isFinite))
            worst = max(worst, zip(vd, vs).map { abs($0 - $1) }.max()!)
            let sd = double.activations(member: b), ss = single.activations(member: b)
            #expect(zip(sd, ss).map { abs($0 - $1) }.max()! < 1e-4, "member \(b): s differs")
        }
        print("connectome single vs double, 100 ms RK4: max |ΔV| = \(worst) mV")
        #expect(worst < 0.01, "max |ΔV| = \(worst) mV")
        #expect(worst > 0, "single precision gave double's bits: the float kernels did not run")
        #expect(single.operationsPerNetworkStep < double.operationsPerNetworkStep)
    }

    /// The double time loop keeps the bits it had before the kernels became generic over precision
    /// (main 97a9ff7, round 6): its `bench connectome --batch 1 --duration 50` (release) and the
    /// same run in its debug build gave these final voltages, to the last bit, for RK4 and Euler. Batch members equal these single runs bit for
    /// bit (``ConnectomeModelTests``), so every double path is pinned.
    @Test(arguments: GradedPotentialSimulator.Method.allCases)
    func doublePrecisionKeepsTheBitsOfRoundSix(method: GradedPotentialSimulator.Method) throws {
        let worm = ConnectomeModelTests.worm
        let net = GradedPotentialNetwork(connectome: worm, parameters: .kunert2014)
        let input = try net.currents(["PLML": 2000, "PLMR": 2000])
        let sim = GradedPotentialSimulator(network: net, weights: [net.priorWeights], currents: input, method: method,
                                           dtMs: 0.1)
        sim.run(durationMs: 50)
        let v = sim.potentials(member: 0)
        let got = ["AVAL", "AVAR", "AVBL", "AVBR"].map { v[worm.index(of: $0)!] }
        // Round 6's Euler run ends 1 ulp apart in AVBR between its debug and its release build
        // (…08484 and …084845; both recorded): either is round 6's bits.
        let want: [[Double]] = method == .rk4
            ? [[104.00415041133729, 71.51004530335533, 59.89511077859108, 60.86369217994801]]
            : [[103.9838929625005, 71.4946582398573, 59.881212691643235, 60.84897915808484],
               [103.9838929625005, 71.4946582398573, 59.881212691643235, 60.848979158084845]]
        #expect(want.contains(got), "\(got)")
        #expect(v.reduce(0, +) / Double(v.count) == (method == .rk4 ? 140.33436176021925 : 140.32912961125555))
    }

    /// The exponentials against Foundation's `exp` over the clamped range and the lanes of the
    /// register forms against the scalar form (every lane the same bits), NaN passing through.
    @Test func exponentialsMatchLibmAndTheirLanesMatchTheScalarForm() {
        var random = RandomStream(seed: 5)
        var worstDouble = 0.0, worstSingle = 0.0
        for _ in 0..<2_000 {
            let x = random.nextUniform(in: -80, 80)
            worstDouble = max(worstDouble, abs(sigmoidExp(x) / Foundation.exp(x) - 1))
            let xf = Float(x)
            worstSingle = max(worstSingle, abs(Double(sigmoidExp(xf)) / Foundation.exp(Double(xf)) - 1))
        }
        for x in [-87.0, 87.0] {   // the float clamp's bounds: normal, finite, accurate
            let e = sigmoidExp(Float(x))
            #expect(e.isNormal && abs(Double(e) / Foundation.exp(x) - 1) < 5e-7, "e^\(x) = \(e)")
        }
        #expect(worstDouble < 1e-15, "double: relative error \(worstDouble)")
        #expect(worstSingle < 5e-7, "single: relative error \(worstSingle) (float ulp 1.2e-7)")
        #expect(sigmoidExp(1e4) == sigmoidExp(700.0) && sigmoidExp(Float(1e4)) == sigmoidExp(Float(87)))
        #expect(sigmoidExp(Float(-1e4)) > 0 && sigmoidExp(Float(87)).isFinite)
        #expect(sigmoidExp(Double.nan).isNaN && sigmoidExp(Float.nan).isNaN)
        let xs = (0..<16).map { _ in random.nextUniform(in: -100, 100) }
        let d8 = sigmoidExp8(SIMD8<Double>(xs[0..<8]))
        let f16 = sigmoidExp16(SIMD16<Float>(xs.map { Float($0) }))
        for i in 0..<8 { #expect(d8[i] == sigmoidExp(xs[i]), "double lane \(i)") }
        for i in 0..<16 { #expect(f16[i] == sigmoidExp(Float(xs[i])), "float lane \(i)") }
    }
}
