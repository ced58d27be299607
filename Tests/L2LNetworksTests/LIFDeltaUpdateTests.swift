import Testing
import L2LNumerics
@testable import L2LNetworks

/// The vectorized delta-synapse update (4 neurons per SIMD block, scalar tail) against a plain
/// scalar simulation of the same network written out here in NEST's `iaf_psc_delta` order.
@Suite struct LIFDeltaUpdateTests {
    /// 43 neurons (10 SIMD blocks + a tail of 3) in two populations of 21 and 22 (so a
    /// population boundary falls inside a block), strong recurrent input and two delays.
    func network(mixedRows: Bool = false) -> LIFNetwork {
        let p = LIFParameters(tauM: 20, capacitance: 250, restingPotential: -2, threshold: 18, reset: 8,
                              refractoryPeriod: 2, externalCurrent: 23 * 250 / 20, synapse: .delta)
        var random = RandomStream(seed: 11)
        var b = SynapseGraphBuilder(neuronCount: 43, dt: 0.1)
        b.connectFixedInDegree(from: 0..<21, to: 0..<43, inDegree: 6, weight: .normal(mean: 0.9, std: 0.2),
                               delay: 1.5, group: 0, random: &random)
        b.connectFixedInDegree(from: 21..<43, to: 0..<43, inDegree: 3, weight: .constant(-2.5), delay: 0.7,
                               group: 1, random: &random)
        if mixedRows {   // E rows with a second delay: delivered synapse by synapse
            b.connectFixedInDegree(from: 0..<21, to: 0..<43, inDegree: 2, weight: .constant(-0.6), delay: 0.2,
                                   group: 0, random: &random)
        }
        return LIFNetwork(populations: [LIFPopulation(name: "E", count: 21, parameters: p),
                                        LIFPopulation(name: "I", count: 22, parameters: p)],
                          graph: b.build(), dt: 0.1)
    }

    /// (step, neuron) of every spike, from a scalar loop: decay toward the drive and add this
    /// step's input unless refractory, threshold, then file each spike's weights `delay` steps ahead.
    func scalarSpikes(_ net: LIFNetwork, v0: [Double], steps: Int) -> [[Int]] {
        let g = net.graph, p = net.populations[0].parameters, prop = LIFPropagators(p, dt: net.dt)
        let n = net.neuronCount, slots = g.maxDelaySteps + 1
        var u = v0.map { $0 - p.restingPotential }
        var refractory = [Int](repeating: 0, count: n)
        var ring = [[Double]](repeating: [Double](repeating: 0, count: n), count: slots)
        var spikes: [[Int]] = []
        for step in 0..<steps {
            let now = step % slots
            var fired: [Int] = []
            for i in 0..<n {
                let input = ring[now][i]
                ring[now][i] = 0
                if refractory[i] == 0 {
                    u[i] = prop.p22 * u[i] + prop.p20 * p.externalCurrent + input
                } else {
                    refractory[i] -= 1
                }
                if u[i] >= p.threshold - p.restingPotential {
                    u[i] = p.reset - p.restingPotential
                    refractory[i] = Int(prop.refractorySteps)
                    fired.append(i)
                }
            }
            for i in fired {
                spikes.append([step, i])
                for s in Int(g.rowStart[i])..<Int(g.rowStart[i + 1]) {
                    ring[(now + Int(g.delaySteps[s])) % slots][Int(g.target[s])] += g.weight[s]
                }
            }
        }
        return spikes
    }

    @Test(arguments: [false, true])
    func vectorizedUpdateGivesTheScalarSpikeTrains(mixedRows: Bool) {
        let net = network(mixedRows: mixedRows)
        var random = RandomStream(seed: 5)
        let v0 = (0..<43).map { _ in random.nextUniform(in: -2, 18) }
        let sim = LIFSimulator(network: net, recording: LIFRecordingOptions(spikes: 0..<43))
        sim.setPotentials(v0)
        sim.run(steps: 3000)
        let got = zip(sim.recording.spikeSteps, sim.recording.senders).map { [Int($0), Int($1)] }
        let want = scalarSpikes(net, v0: v0, steps: 3000)
        #expect(want.count > 300, "too few spikes to test: \(want.count)")   // 362 without mixed rows
        let general = sim.rows.kindCounts[0]
        #expect(mixedRows ? general >= 10 : general == 0, "rows on the general path: \(sim.rows.kindCounts)")
        #expect(Set(want.map { $0[1] }).count == 43, "every neuron, tail lanes included, should fire")
        #expect(got == want)
    }
}
