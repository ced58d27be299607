import Foundation
import Testing
import L2LNumerics
@testable import L2LNetworks

/// Class I vs class II excitability of a single Morris–Lecar neuron (Rinzel & Ermentrout 1998).
@Suite struct MorrisLecarNeuronTests {
    /// Firing frequency (Hz) under constant current, from `initialVoltage` (default: the rest state
    /// if one exists), counting spikes after a 500 ms transient.
    func frequency(_ p: MorrisLecarParameters, current: Double, duration: Double = 3000,
                   initialVoltage: Double? = nil, perturbation: Double = 0, transient: Double = 500) -> Double {
        var net = MorrisLecarNetwork(neuron: p, neuronCount: 1)
        net.biasCurrents = [current]
        let v0 = (initialVoltage ?? p.restingPotential(current: current) ?? p.vLeak) + perturbation
        let trace = net.simulate(duration: duration, sampleInterval: 100, initialState: net.initialState(voltage: v0))
        #expect(trace.succeeded, "I = \(current): \(String(describing: trace.failure))")
        let spikes = trace.spikeTimes[0].filter { $0 > transient }
        guard spikes.count >= 2, let first = spikes.first, let last = spikes.last else { return 0 }
        return Double(spikes.count - 1) / (last - first) * 1000
    }

    /// Saddle-node on the invariant circle of the class I set. Ermentrout & Terman 2010 (*Mathematical
    /// Foundations of Neuroscience*, §3) give I ≈ 39.96 µA/cm² for these parameters (value recalled,
    /// not re-checked against the text); we compute the knee of the I–V curve.
    @Test func classISaddleNodeCurrentMatchesTheLiterature() throws {
        let sn = try #require(MorrisLecarParameters.classI.saddleNodeCurrent())
        #expect(abs(sn - 39.96) < 0.1, "SNIC current \(sn), literature ≈ 39.96")
        #expect(MorrisLecarParameters.classII.saddleNodeCurrent() == nil, "class II I–V curve is monotone")
    }

    /// Subcritical Hopf of the class II set (g_Ca 4.4). Rinzel & Ermentrout 1998 / Ermentrout &
    /// Terman 2010 place it near I ≈ 93.9 with a fold of limit cycles near 88.3 (values recalled,
    /// not re-checked against the texts).
    @Test func classIIHopfCurrentMatchesTheLiterature() throws {
        let hopf = try #require(MorrisLecarParameters.classII.hopfCurrent())
        #expect(abs(hopf - 93.86) < 0.5, "Hopf current \(hopf), literature ≈ 93.86")
        #expect(MorrisLecarParameters.classI.hopfCurrent() == nil, "class I loses its rest state in a saddle-node, not a Hopf")
    }

    /// Class I: arbitrarily low frequency just above the SNIC, rising continuously with current.
    @Test func classIFrequencyStartsNearZero() throws {
        let p = MorrisLecarParameters.classI
        let sn = try #require(p.saddleNodeCurrent())
        #expect(frequency(p, current: sn - 0.5) == 0, "no firing below the SNIC")
        let nearOnset = frequency(p, current: sn + 0.25, duration: 5000)
        #expect(nearOnset > 0 && nearOnset < 3.5, "f at SNIC + 0.25 = \(nearOnset) Hz")
        let currents = [sn + 0.25, sn + 2, sn + 10, sn + 40]
        let f = currents.map { frequency(p, current: $0, duration: 5000) }
        for (a, b) in zip(f, f.dropFirst()) { #expect(b > a, "f–I not increasing: \(f)") }
        #expect(f.last! > 5 * nearOnset, "f–I range \(f)")
    }

    /// Class II: from rest, no firing below the Hopf current; just above it, firing starts abruptly at
    /// a clearly nonzero frequency (≈ 11 Hz); bistable between the fold of cycles and the Hopf.
    @Test func classIIFiringStartsAbruptly() throws {
        let p = MorrisLecarParameters.classII
        let hopf = try #require(p.hopfCurrent())
        #expect(frequency(p, current: hopf - 1) == 0, "rest is stable below the Hopf current")
        #expect(frequency(p, current: 85, perturbation: 5) == 0, "no firing below the fold of cycles")
        // Just above the Hopf the rest state is unstable: a small perturbation grows into full spikes.
        let onset = frequency(p, current: hopf + 0.5, duration: 6000, perturbation: 0.5, transient: 3000)
        #expect(onset > 8, "f just above the Hopf = \(onset) Hz: class II starts at nonzero frequency")
        // Bistability: a depolarized start fires below the Hopf current (above the fold of cycles ≈ 88.3).
        let fromAbove = frequency(p, current: hopf - 3, initialVoltage: 20)
        #expect(fromAbove > 8, "f from a depolarized start at I = \(hopf - 3): \(fromAbove) Hz")
        #expect(frequency(p, current: 85, initialVoltage: 20) == 0, "no cycle below the fold of cycles")
    }
}
