import Foundation
import L2LNumerics

/// The outcome of `LIFBenchmark.run`, in the fields of the peers' `lif_benchmark.py` JSON, with
/// the work done (spikes, synaptic events, bytes and flops of the model below) and, once
/// `setLimit` is called, the limit that work allows on this core.
///
/// **Limit model** (delta synapses, rows of one delay and weight, as in this network): a neuron
/// step reads and writes V, the refractory count and its ring entry (48 bytes, 3 flops); a
/// synaptic event reads a 4-byte target and adds into a ring entry (20 bytes, 1 flop). The
/// limit is `max(bytes / bandwidth, flops / flop rate)` with both rates measured on this core:
/// an optimistic roofline, since the ring entries an event touches are scattered (a whole cache
/// line moves for 8 bytes used once the ring outgrows the L1 cache).
public struct LIFBenchmarkResult: Codable, Sendable, Equatable {
    /// "l2l".
    public var simulator = "l2l"
    /// Neurons (80 % excitatory).
    public var neurons: Int
    /// Synapses (100 per neuron).
    public var synapses: Int
    /// Timed biological time, ms.
    public var durationMs: Double
    /// Untimed warm-up before it, ms.
    public var warmupMs: Double
    /// Constant drive μ, mV.
    public var driveMv: Double
    /// Seed of graph and initial potentials.
    public var seed: UInt64
    /// Spikes in the timed run.
    public var spikes: Int
    /// Mean rate, Hz.
    public var meanRateHz: Double
    /// Wall-clock seconds of the timed simulate call (build and warm-up excluded).
    public var wallS: Double
    /// `spikes / wallS`.
    public var spikesPerS: Double
    /// Synapses reached by the timed run's spikes (Σ spikes · out-degree).
    public var synapticEvents: Int
    /// `synapticEvents / wallS`.
    public var synapticEventsPerS: Double
    /// Wall time per biological time (`wallS / (durationMs/1000)`).
    public var realTimeFactor: Double
    /// Seconds spent building and warming up.
    public var setupS: Double
    /// Whether the network diverged.
    public var diverged: Bool
    /// Neuron updates in the timed run (neurons · steps).
    public var neuronSteps: Int
    /// Bytes the timed run moves in the limit model.
    public var bytesMoved: Double
    /// Floating-point operations of the timed run in the limit model.
    public var flopCount: Double
    /// Memory bandwidth measured on this core over a buffer of the ring's size, GB/s (nil until `setLimit`).
    public var limitBandwidthGBps: Double?
    /// Floating-point rate measured on this core (`dgemm`), GFLOP/s.
    public var limitGFLOPS: Double?
    /// Wall time of the timed run at the limit, s.
    public var limitWallS: Double?
    /// Synaptic events per second at the limit.
    public var limitSynapticEventsPerS: Double?
    /// `limitWallS / wallS`.
    public var fractionOfLimit: Double?
    /// Threads used (1).
    public var threads = 1

    /// Bytes and flops per neuron step and per synaptic event in the limit model.
    public static let bytesPerNeuronStep = 48.0, flopsPerNeuronStep = 3.0
    /// See ``bytesPerNeuronStep``.
    public static let bytesPerEvent = 20.0, flopsPerEvent = 1.0

    /// Fills in the limit from the core's measured bandwidth (GB/s) and flop rate (GFLOP/s).
    public mutating func setLimit(bandwidthGBps: Double, gflops: Double) {
        limitBandwidthGBps = bandwidthGBps
        limitGFLOPS = gflops
        let t = max(bytesMoved / (bandwidthGBps * 1e9), flopCount / (gflops * 1e9))
        limitWallS = t
        limitSynapticEventsPerS = Double(synapticEvents) / t
        fractionOfLimit = t / wallS
    }
}

/// The LIF benchmark network of models.md §1.3 and `peers/lif_benchmark.py`
/// (Brunel 2000, J. Comput. Neurosci. 8:183, doi:10.1023/A:1008925309027):
/// 800 E + 200 I delta-synapse LIF neurons (τ_m 20 ms, V_th 20, V_reset 10 mV, t_ref 2 ms,
/// C_m 250 pF, I_e = μ·C_m/τ_m), fixed in-degree 80 E + 20 I with multapses and autapses,
/// J = 0.2 mV, g = 5, delay 1.5 ms, dt 0.1 ms, V(0) ~ U(0, 20) mV.
///
/// ```swift
/// let r = LIFBenchmark.run(drive: 24, seed: 1, durationMs: 1000)
/// print(r.meanRateHz, r.wallS)   // ≈ 30 Hz
/// ```
///
/// Other sizes (`neurons`) keep 80 % excitatory neurons and the in-degrees, so rates stay the
/// same and the work grows in proportion (bench/lif/sweep.py runs the same sizes in NEST).
public enum LIFBenchmark {
    /// Population sizes of the 1,000-neuron benchmark.
    public static let excitatory = 800, inhibitory = 200
    /// In-degrees from E and from I.
    public static let inDegreeE = 80, inDegreeI = 20
    /// Excitatory weight J (mV) and relative inhibition g.
    public static let j = 0.2, g = 5.0

    /// The benchmark network of `neurons` neurons (4/5 excitatory) for drive `drive` (mV),
    /// graph drawn from `seed`; 1,000 neurons give the peers' network size.
    /// - Precondition: `neurons ≥ 5`.
    public static func network(drive: Double, seed: UInt64, neurons: Int = excitatory + inhibitory) -> LIFNetwork {
        precondition(neurons >= 5, "LIFBenchmark: at least 5 neurons, got \(neurons)")
        let dt = 0.1
        let ne = neurons * 4 / 5
        let p = LIFParameters(tauM: 20, capacitance: 250, restingPotential: 0, threshold: 20, reset: 10,
                              refractoryPeriod: 2, externalCurrent: drive * 250 / 20, synapse: .delta)
        var random = RandomStream(seed: seed).derived(0x6772_6170_68)   // "graph"
        let all = 0..<neurons
        var builder = SynapseGraphBuilder(neuronCount: neurons, dt: dt)
        builder.connectFixedInDegree(from: 0..<ne, to: all, inDegree: inDegreeE, weight: .constant(j),
                                     delay: 1.5, group: 0, random: &random)
        builder.connectFixedInDegree(from: ne..<neurons, to: all, inDegree: inDegreeI,
                                     weight: .constant(-g * j), delay: 1.5, group: 1, random: &random)
        return LIFNetwork(populations: [LIFPopulation(name: "E", count: ne, parameters: p),
                                        LIFPopulation(name: "I", count: neurons - ne, parameters: p)],
                          graph: builder.build(), dt: dt)
    }

    /// Builds, warms up (untimed) and times `durationMs` of the benchmark network on the calling thread.
    /// - Parameters:
    ///   - drive: μ in mV (24 → ≈ 30 Hz, 20.8 → ≈ 17.5 Hz).
    ///   - seed: graph and initial potentials.
    ///   - durationMs: timed biological time.
    ///   - neurons: network size (1,000 by default).
    ///   - warmupMs: untimed run before, 100 ms as in the peers.
    public static func run(drive: Double, seed: UInt64, durationMs: Double, neurons: Int = excitatory + inhibitory,
                           warmupMs: Double = 100) -> LIFBenchmarkResult {
        let clock = ContinuousClock()
        let t0 = clock.now
        let net = network(drive: drive, seed: seed, neurons: neurons)
        let sim = LIFSimulator(network: net, seed: seed)
        var vRandom = RandomStream(seed: seed).derived(0x7630)   // "v0"
        sim.randomizePotentials(low: 0, high: 20, random: &vRandom)
        sim.run(durationMs: warmupMs)
        sim.recording.reset()
        let t1 = clock.now
        sim.run(durationMs: durationMs)
        let t2 = clock.now
        func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        let wall = seconds(t2 - t1)
        let rec = sim.recording
        var events = 0
        for i in 0..<net.neuronCount { events += rec.count(neuron: i) * net.graph.outDegree(i) }
        let spikes = rec.totalSpikes()
        let bio = durationMs / 1000
        let neuronSteps = net.neuronCount * rec.steps
        typealias R = LIFBenchmarkResult
        return LIFBenchmarkResult(
            neurons: net.neuronCount, synapses: net.graph.synapseCount, durationMs: durationMs,
            warmupMs: warmupMs, driveMv: drive, seed: seed, spikes: spikes,
            meanRateHz: Double(spikes) / Double(net.neuronCount) / bio, wallS: wall,
            spikesPerS: Double(spikes) / wall, synapticEvents: events,
            synapticEventsPerS: Double(events) / wall, realTimeFactor: wall / bio,
            setupS: seconds(t1 - t0), diverged: sim.isDiverged, neuronSteps: neuronSteps,
            bytesMoved: R.bytesPerNeuronStep * Double(neuronSteps) + R.bytesPerEvent * Double(events),
            flopCount: R.flopsPerNeuronStep * Double(neuronSteps) + R.flopsPerEvent * Double(events))
    }

    /// Bytes of the ring buffer of a `neurons`-neuron benchmark network (16 slots of 8-byte
    /// entries): the buffer size at which `bench lif` measures the bandwidth of its limit.
    public static func ringBytes(neurons: Int) -> Int { 16 * neurons * 8 }
}
