import Foundation
import Testing
import L2LNumerics
@testable import L2LNetworks

/// Single-neuron checks of the exact integration against closed forms.
@Suite struct LIFNeuronTests {
    /// One neuron (plus optional sources), no recurrent synapses.
    func singleNeuron(_ p: LIFParameters, sources: [LIFSource] = [], weight: Double = 0, delay: Double = 1,
                      dt: Double = 0.1) -> LIFSimulator {
        var b = SynapseGraphBuilder(neuronCount: 1, sourceCount: sources.count, dt: dt)
        for j in sources.indices { b.connect(from: 1 + j, to: 0, weight: weight, delay: delay) }
        let net = LIFNetwork(populations: [LIFPopulation(name: "n", count: 1, parameters: p)], sources: sources,
                             graph: b.build(), dt: dt)
        return LIFSimulator(network: net, recording: LIFRecordingOptions(spikes: 0..<1))
    }

    @Test(arguments: [21.0, 24.0, 30.0, 60.0])
    func constantDriveFiresAtTheAnalyticalRate(mu: Double) {
        let p = LIFParameters(tauM: 20, capacitance: 250, threshold: 20, reset: 10, refractoryPeriod: 2,
                              externalCurrent: mu * 250 / 20)
        let sim = singleNeuron(p)
        sim.setPotentials([10])
        sim.run(durationMs: 2000)
        let times = sim.recording.spikes().times
        #expect(times.count > 5)
        let period = p.analyticalPeriod
        for (a, b) in zip(times, times.dropFirst()) {
            let isi = b - a
            // The grid detects the crossing at the first step after it: period ≤ ISI < period + dt.
            #expect(isi >= period - 1e-9 && isi < period + 0.1 + 1e-9, "μ \(mu): ISI \(isi) vs analytical \(period)")
        }
        let rate = Double(times.count - 1) / (times.last! - times.first!) * 1000
        #expect(abs(rate - 1000 / period) / (1000 / period) < 0.1 / period + 1e-9, "μ \(mu): rate \(rate)")
    }

    @Test func refractoryGapUnderVeryStrongDrive() {
        // With μ far above threshold the neuron fires one step after the refractory period ends.
        let p = LIFParameters(tauM: 20, capacitance: 250, threshold: 20, reset: 10, refractoryPeriod: 2,
                              externalCurrent: 1e6)
        let sim = singleNeuron(p)
        sim.run(durationMs: 50)
        let times = sim.recording.spikes().times
        for (a, b) in zip(times, times.dropFirst()) { #expect(abs(b - a - 2.1) < 1e-9) }
    }

    /// The PSP of one input spike arriving at step `arrival`, sampled at the end of each later step.
    func psp(_ p: LIFParameters, weight: Double, steps: Int) -> [Double] {
        let sim = singleNeuron(p, sources: [.spikeTrain([1.0])], weight: weight, delay: 1.0)
        sim.run(steps: 20 + 1)          // emitted at step 10, arrives at step 20
        var v: [Double] = []
        for _ in 0..<steps {
            v.append(sim.potential(neuron: 0))
            sim.run(steps: 1)
        }
        return v
    }

    @Test(arguments: [(10.0, 2.0), (10.0, 10.0), (20.0, 5.0), (5.0, 8.0)])
    func exponentialPSPMatchesClosedForm(taus: (Double, Double)) {
        let (tm, ts) = taus
        let c = 250.0, w = 100.0, h = 0.1
        let p = LIFParameters(tauM: tm, capacitance: c, threshold: 1e9, reset: 0, synapse: .exponential,
                              tauSynExcitatory: ts, tauSynInhibitory: ts)
        let v = psp(p, weight: w, steps: 400)
        var worst = 0.0
        for (n, value) in v.enumerated() {
            let t = Double(n) * h
            let exact = tm == ts ? w / c * t * exp(-t / tm)
                                 : w / c * tm * ts / (tm - ts) * (exp(-t / tm) - exp(-t / ts))
            worst = max(worst, abs(value - exact))
        }
        #expect(worst < 1e-12, "τ_m \(tm), τ_s \(ts): max |V − V_exact| = \(worst)")
        #expect(v.max()! > 0.01)
    }

    @Test(arguments: [(10.0, 2.0), (10.0, 10.0), (20.0, 5.0), (5.0, 8.0)])
    func alphaPSPMatchesClosedForm(taus: (Double, Double)) {
        let (tm, ts) = taus
        let c = 250.0, w = 50.0, h = 0.1
        let p = LIFParameters(tauM: tm, capacitance: c, threshold: 1e9, reset: 0, synapse: .alpha,
                              tauSynExcitatory: ts, tauSynInhibitory: ts)
        let v = psp(p, weight: w, steps: 400)
        let k = w * M_E / (ts * c)
        var worst = 0.0
        for (n, value) in v.enumerated() {
            let t = Double(n) * h
            let exact: Double
            if tm == ts {
                exact = k * t * t / 2 * exp(-t / tm)
            } else {
                let a = 1 / ts - 1 / tm
                exact = k * ((exp(-t / tm) - exp(-t / ts)) / (a * a) - t * exp(-t / ts) / a)
            }
            worst = max(worst, abs(value - exact))
        }
        #expect(worst < 1e-11, "τ_m \(tm), τ_s \(ts): max |V − V_exact| = \(worst)")
    }

    @Test func alphaCurrentPeaksAtItsWeightAfterTauSyn() {
        let p = LIFParameters(tauM: 10, threshold: 1e9, synapse: .alpha, tauSynExcitatory: 2, tauSynInhibitory: 3)
        let sim = singleNeuron(p, sources: [.spikeTrain([1.0])], weight: -40, delay: 1.0)
        sim.run(steps: 21 + 30)       // 3 ms = τ_syn,in after arrival
        #expect(abs(sim.synapticCurrent(neuron: 0, receptor: .inhibitory) + 40) < 1e-12)
        #expect(sim.synapticCurrent(neuron: 0, receptor: .excitatory) == 0)
    }

    @Test(arguments: [0.1, 1.5, 3.7])
    func deltaSpikeArrivesExactlyAfterItsDelay(delay: Double) {
        let p = LIFParameters(tauM: 20, threshold: 1e9, reset: 0)
        let sim = singleNeuron(p, sources: [.spikeTrain([1.0])], weight: 0.5, delay: delay)
        let d = Int((delay / 0.1).rounded())
        sim.run(steps: 10 + d)                 // steps 0 … 9 + d
        #expect(sim.potential(neuron: 0) == 0, "delay \(delay): input arrived early")
        sim.run(steps: 1)                      // step 10 + d
        #expect(sim.potential(neuron: 0) == 0.5, "delay \(delay): input not there at step 10 + \(d)")
    }

    @Test func neuronToNeuronDelay() {
        // Neuron 0 fires under strong drive; neuron 1 (no drive) jumps exactly 15 steps later.
        let driven = LIFParameters(tauM: 20, threshold: 20, reset: 10, refractoryPeriod: 50, externalCurrent: 1e6)
        let quiet = LIFParameters(tauM: 20, threshold: 1e9, reset: 0)
        var b = SynapseGraphBuilder(neuronCount: 2, dt: 0.1)
        b.connect(from: 0, to: 1, weight: 1, delay: 1.5)
        let net = LIFNetwork(populations: [LIFPopulation(name: "a", count: 1, parameters: driven),
                                           LIFPopulation(name: "b", count: 1, parameters: quiet)],
                             graph: b.build(), dt: 0.1)
        let sim = LIFSimulator(network: net, recording: LIFRecordingOptions(spikes: 0..<2))
        var jumped: Int?
        for k in 0..<40 {
            sim.run(steps: 1)
            if jumped == nil && sim.potential(neuron: 1) > 0 { jumped = k }
        }
        let fired = sim.recording.spikeSteps.first.map(Int.init)
        #expect(fired != nil && jumped == fired! + 15)
    }
}
