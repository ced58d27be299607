import Foundation
import Testing
import L2LNumerics
@testable import L2LNetworks

/// Dormand–Prince accuracy against references, and divergence reported as a failed evaluation.
@Suite struct MorrisLecarIntegratorTests {
    /// A small coupled network with random weights (seeded).
    func smallNetwork(n: Int = 4, seed: UInt64 = 5) -> MorrisLecarNetwork {
        var rng = RandomStream(seed: seed)
        var net = MorrisLecarNetwork(neuron: .classI, neuronCount: n)
        net.recurrentWeights = (0..<(n * n)).map { _ in rng.nextGaussian() * 4 }
        net.inputWeights = (0..<n).map { _ in rng.nextUniform(in: 10, 30) }
        net.biasCurrents = (0..<n).map { _ in rng.nextUniform(in: 38, 45) }
        return net
    }

    /// Classical fixed-step RK4 (the reference).
    func rk4<S: ODESystem>(_ system: S, _ y0: [Double], to t1: Double, dt: Double) -> [Double] {
        let n = system.dimension
        var y = y0
        var k1 = [Double](repeating: 0, count: n), k2 = k1, k3 = k1, k4 = k1, tmp = k1
        let steps = Int((t1 / dt).rounded())
        func f(_ t: Double, _ x: [Double], _ out: inout [Double]) {
            x.withUnsafeBufferPointer { xp in out.withUnsafeMutableBufferPointer { system.derivative(time: t, state: xp, into: $0) } }
        }
        for s in 0..<steps {
            let t = Double(s) * dt
            f(t, y, &k1)
            for i in 0..<n { tmp[i] = y[i] + 0.5 * dt * k1[i] }
            f(t + 0.5 * dt, tmp, &k2)
            for i in 0..<n { tmp[i] = y[i] + 0.5 * dt * k2[i] }
            f(t + 0.5 * dt, tmp, &k3)
            for i in 0..<n { tmp[i] = y[i] + dt * k3[i] }
            f(t + dt, tmp, &k4)
            for i in 0..<n { y[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
        }
        return y
    }

    @Test func matchesTightToleranceAndRK4References() throws {
        var net = smallNetwork()
        net.stimulusLevel = 1
        let y0 = net.initialState()
        let duration = 150.0
        var loose = y0, tight = y0
        var solver = DormandPrince54(options: AdaptiveIntegratorOptions(relativeTolerance: 1e-6, absoluteTolerance: 1e-6))
        try solver.integrate(net, state: &loose, from: 0, to: duration)
        var reference = DormandPrince54(options: AdaptiveIntegratorOptions(relativeTolerance: 1e-11, absoluteTolerance: 1e-11,
                                                                           maximumStep: 0.5))
        try reference.integrate(net, state: &tight, from: 0, to: duration)
        let rk = rk4(net, y0, to: duration, dt: 0.005)
        let n = net.neuronCount
        let errLoose = (0..<n).map { abs(loose[$0] - tight[$0]) }.max()!
        let errRK = (0..<n).map { abs(rk[$0] - tight[$0]) }.max()!
        // Global error at tolerance 1e-6 over 150 ms of spiking: well under 0.05 mV.
        #expect(errLoose < 0.05, "rtol 1e-6 vs 1e-11: max |ΔV| = \(errLoose) mV")
        #expect(errRK < 1e-4, "RK4 dt 0.005 vs DP 1e-11: max |ΔV| = \(errRK) mV")
        #expect(solver.acceptedSteps < reference.acceptedSteps, "looser tolerance should take fewer steps")
        #expect(loose.contains { $0 > 0 } || net.neuronCount > 0)
    }

    @Test func errorShrinksWithTolerance() throws {
        let net = smallNetwork(seed: 9)
        let y0 = net.initialState()
        var reference = y0
        var ref = DormandPrince54(options: AdaptiveIntegratorOptions(relativeTolerance: 1e-11, absoluteTolerance: 1e-11))
        try ref.integrate(net, state: &reference, from: 0, to: 100)
        var errors: [Double] = []
        for tol in [1e-4, 1e-6, 1e-8] {
            var y = y0
            var s = DormandPrince54(options: AdaptiveIntegratorOptions(relativeTolerance: tol, absoluteTolerance: tol))
            try s.integrate(net, state: &y, from: 0, to: 100)
            errors.append((0..<net.neuronCount).map { abs(y[$0] - reference[$0]) }.max()!)
        }
        #expect(errors[0] > errors[1] && errors[1] > errors[2], "errors \(errors)")
    }

    /// A tiny capacitance makes the membrane time constant ~1e-5 ms: explicit steps must be tiny, the
    /// step budget runs out, and the simulation reports it instead of crashing.
    @Test func stiffConfigurationIsReportedAsFailed() {
        var p = MorrisLecarParameters.classI
        p.capacitance = 1e-4
        var net = MorrisLecarNetwork(neuron: p, neuronCount: 2)
        net.biasCurrents = [45, 45]
        let trace = net.simulate(duration: 100, options: AdaptiveIntegratorOptions(maximumSteps: 20_000))
        #expect(!trace.succeeded)
        if case .stepBudgetExhausted = trace.failure {} else { Issue.record("expected stepBudgetExhausted, got \(String(describing: trace.failure))") }
        #expect(trace.sampleTimes.count < 10)
    }

    @Test func nonFiniteAndOutOfBoundsAreReported() {
        var net = MorrisLecarNetwork(neuron: .classII, neuronCount: 2)
        net.biasCurrents = [.nan, 0]
        let nanTrace = net.simulate(duration: 50)
        #expect(nanTrace.failure == .nonFinite(time: 0))

        var huge = MorrisLecarNetwork(neuron: .classII, neuronCount: 1)
        huge.biasCurrents = [1e9]
        let bound = huge.simulate(duration: 50)
        if case .stateOutOfBounds = bound.failure {} else { Issue.record("expected stateOutOfBounds, got \(String(describing: bound.failure))") }

        var tiny = MorrisLecarNetwork(neuron: .classI, neuronCount: 1)
        tiny.biasCurrents = [60]
        let under = tiny.simulate(duration: 200, options: AdaptiveIntegratorOptions(relativeTolerance: 1e-14, absoluteTolerance: 1e-14,
                                                                                  minimumStep: 1e-2))
        #expect(under.failure != nil, "an unreachable tolerance must fail, got \(String(describing: under.failure))")
    }

    @Test func simulationIsDeterministicAndSamplesOnTheGrid() {
        let net = smallNetwork()
        let a = net.simulate(duration: 200, pulses: [(50, 70)], sampleInterval: 10)
        let b = net.simulate(duration: 200, pulses: [(50, 70)], sampleInterval: 10)
        #expect(a == b)
        #expect(a.sampleTimes == (1...20).map { Double($0) * 10 })
        #expect(a.rates.count == 20 && a.rates.allSatisfy { $0.count == net.neuronCount })
    }

    /// The network's fast right-hand side (three exponentials) equals the textbook formulas.
    @Test(arguments: [MorrisLecarParameters.classI, .classII])
    func derivativeMatchesTheTextbookFormulas(neuron: MorrisLecarParameters) {
        var net = smallNetwork(n: 3, seed: 13)
        net.neuron = neuron
        net.stimulusLevel = 1
        var rng = RandomStream(seed: 17)
        for _ in 0..<20 {
            let y = (0..<12).map { k in k < 3 ? rng.nextUniform(in: -90, 60) : rng.nextUniform() }
            var dy = [Double](repeating: 0, count: 12)
            y.withUnsafeBufferPointer { yp in dy.withUnsafeMutableBufferPointer { net.derivative(time: 0, state: yp, into: $0) } }
            for i in 0..<3 {
                let v = y[i], w = y[3 + i], s = y[6 + i], r = y[9 + i]
                let syn = (0..<3).map { net.recurrentWeights[i * 3 + $0] * y[6 + $0] }.reduce(0, +)
                let current = net.biasCurrents[i] + net.inputWeights[i] + syn
                let dv = (current - neuron.ionicCurrent(v: v, w: w)) / neuron.capacitance
                let dw = neuron.phi * (neuron.wInfinity(v) - w) * neuron.inverseTauW(v)
                let t = net.synapse.release(v)
                let ds = net.synapse.riseRate * t * (1 - s) - s / net.synapse.decayTime
                let dr = (t - r) / net.synapse.rateTimeConstant
                for (got, want) in [(dy[i], dv), (dy[3 + i], dw), (dy[6 + i], ds), (dy[9 + i], dr)] {
                    #expect(abs(got - want) <= 1e-12 * max(1, abs(want)), "V \(v): \(got) vs \(want)")
                }
            }
        }
    }
}
