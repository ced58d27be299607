import Foundation
import L2LNumerics

/// The outcome of `LIFBenchmark.run`, in the fields of the peers' `lif_benchmark.py` JSON.
public struct LIFBenchmarkResult: Codable, Sendable, Equatable {
    /// "l2l".
    public var simulator = "l2l"
    /// Neurons per network (1,000).
    public var neurons: Int
    /// Synapses per network (100,000).
    public var synapses: Int
    /// Networks simulated in one pass.
    public var batch: Int
    /// Timed biological time, ms.
    public var durationMs: Double
    /// Untimed warm-up before it, ms.
    public var warmupMs: Double
    /// Constant drive μ, mV.
    public var driveMv: Double
    /// Seed of graph, initial potentials and member weights.
    public var seed: UInt64
    /// Spikes of member 0 (weights exactly J and −gJ) in the timed run.
    public var spikes: Int
    /// Mean rate of member 0, Hz.
    public var meanRateHz: Double
    /// Spikes of all members.
    public var spikesAllMembers: Int
    /// Mean rate over all members, Hz.
    public var meanRateAllMembersHz: Double
    /// Wall-clock seconds of the timed simulate call (build and warm-up excluded).
    public var wallS: Double
    /// `wallS / batch`.
    public var wallPerNetworkS: Double
    /// Synapses reached by the timed run's spikes, all members (Σ spikes · out-degree).
    public var synapticEvents: Int
    /// `synapticEvents / wallS`.
    public var synapticEventsPerS: Double
    /// Wall time per network per biological time (`wallPerNetworkS / (durationMs/1000)`).
    public var realTimeFactor: Double
    /// Seconds spent building and warming up.
    public var setupS: Double
    /// Members flagged as diverged.
    public var divergedMembers: Int
    /// Threads used (1).
    public var threads = 1
}

/// The LIF benchmark network of models.md §1.3 and `peers/lif_benchmark.py`
/// (Brunel 2000, J. Comput. Neurosci. 8:183, doi:10.1023/A:1008925309027):
/// 800 E + 200 I delta-synapse LIF neurons (τ_m 20 ms, V_th 20, V_reset 10 mV, t_ref 2 ms,
/// C_m 250 pF, I_e = μ·C_m/τ_m), fixed in-degree 80 E + 20 I with multapses and autapses,
/// J = 0.2 mV, g = 5, delay 1.5 ms, dt 0.1 ms, V(0) ~ U(0, 20) mV.
///
/// ```swift
/// let r = LIFBenchmark.run(drive: 24, seed: 1, durationMs: 1000, batch: 1)
/// print(r.meanRateHz, r.wallS)   // ≈ 30 Hz
/// ```
///
/// With `batch > 1` the members share the graph; member 0 has the exact weights and every
/// other member scales its excitatory and inhibitory weights by 1 + 0.02·N(0,1) (drawn from
/// the seed), so members' spike trains differ as in an ensemble.
public enum LIFBenchmark {
    /// Excitatory and inhibitory population sizes.
    public static let excitatory = 800, inhibitory = 200
    /// In-degrees from E and from I.
    public static let inDegreeE = 80, inDegreeI = 20
    /// Excitatory weight J (mV) and relative inhibition g.
    public static let j = 0.2, g = 5.0

    /// The benchmark network for drive `drive` (mV), graph drawn from `seed`.
    public static func network(drive: Double, seed: UInt64) -> LIFNetwork {
        let dt = 0.1
        let p = LIFParameters(tauM: 20, capacitance: 250, restingPotential: 0, threshold: 20, reset: 10,
                              refractoryPeriod: 2, externalCurrent: drive * 250 / 20, synapse: .delta)
        var random = RandomStream(seed: seed).derived(0x6772_6170_68)   // "graph"
        let all = 0..<(excitatory + inhibitory)
        var builder = SynapseGraphBuilder(neuronCount: all.count, dt: dt)
        builder.connectFixedInDegree(from: 0..<excitatory, to: all, inDegree: inDegreeE, weight: .constant(j),
                                     delay: 1.5, group: 0, random: &random)
        builder.connectFixedInDegree(from: excitatory..<all.count, to: all, inDegree: inDegreeI,
                                     weight: .constant(-g * j), delay: 1.5, group: 1, random: &random)
        return LIFNetwork(populations: [LIFPopulation(name: "E", count: excitatory, parameters: p),
                                        LIFPopulation(name: "I", count: inhibitory, parameters: p)],
                          graph: builder.build(), dt: dt)
    }

    /// Builds, warms up (untimed) and times `durationMs` of the benchmark network, `batch` members
    /// in one pass on the calling thread.
    /// - Parameters:
    ///   - drive: μ in mV (24 → ≈ 30 Hz, 20.8 → ≈ 17.5 Hz).
    ///   - seed: graph, initial potentials and member weights.
    ///   - durationMs: timed biological time.
    ///   - batch: members B ≥ 1.
    ///   - warmupMs: untimed run before, 100 ms as in the peers.
    public static func run(drive: Double, seed: UInt64, durationMs: Double, batch: Int,
                           warmupMs: Double = 100) -> LIFBenchmarkResult {
        let clock = ContinuousClock()
        let t0 = clock.now
        let net = network(drive: drive, seed: seed)
        var weightRandom = RandomStream(seed: seed).derived(0x7765_6967_6874)   // "weight"
        let scales: [[Double]] = (0..<batch).map { b in
            b == 0 ? [1, 1] : [1 + 0.02 * weightRandom.nextGaussian(), 1 + 0.02 * weightRandom.nextGaussian()]
        }
        let sim = LIFSimulator(network: net, batch: batch, weights: batch == 1 ? .shared : .groupScales(scales),
                               seed: seed)
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
        var all = 0
        for i in 0..<net.neuronCount {
            var c = 0
            for b in 0..<batch { c += rec.count(neuron: i, member: b) }
            all += c
            events += c * net.graph.outDegree(i)
        }
        let spikes0 = rec.totalSpikes(member: 0)
        let bio = durationMs / 1000
        return LIFBenchmarkResult(
            neurons: net.neuronCount, synapses: net.graph.synapseCount, batch: batch, durationMs: durationMs,
            warmupMs: warmupMs, driveMv: drive, seed: seed, spikes: spikes0,
            meanRateHz: Double(spikes0) / Double(net.neuronCount) / bio,
            spikesAllMembers: all, meanRateAllMembersHz: Double(all) / Double(net.neuronCount * batch) / bio,
            wallS: wall, wallPerNetworkS: wall / Double(batch), synapticEvents: events,
            synapticEventsPerS: Double(events) / wall, realTimeFactor: wall / Double(batch) / bio,
            setupS: seconds(t1 - t0),
            divergedMembers: sim.divergedAtStep.filter { $0 != nil }.count)
    }
}
