import Testing
import L2LNumerics
@testable import L2LNetworks

/// Weights, delivery paths, inputs, divergence and the benchmark network.
@Suite struct LIFSimulatorTests {
    /// A small Brunel-style network with Poisson input sources, for one synapse model.
    func smallNetwork(_ model: SynapseModel, seed: UInt64 = 5) -> LIFNetwork {
        let delta = model == .delta
        let p = LIFParameters(tauM: 20, capacitance: 250, threshold: 20, reset: 10, refractoryPeriod: 2,
                              externalCurrent: 18 * 250 / 20, synapse: model,
                              tauSynExcitatory: 2, tauSynInhibitory: 4)
        var random = RandomStream(seed: seed)
        var b = SynapseGraphBuilder(neuronCount: 100, sourceCount: 20, dt: 0.1)
        let j = delta ? 0.4 : 40.0
        b.connectFixedInDegree(from: 0..<80, to: 0..<100, inDegree: 10, weight: .normal(mean: j, std: j / 10),
                               delay: 1.5, group: 0, random: &random)
        b.connectFixedInDegree(from: 80..<100, to: 0..<100, inDegree: 4, weight: .constant(-4 * j), delay: 0.8,
                               group: 1, random: &random)
        b.connectFixedInDegree(from: 100..<120, to: 0..<100, inDegree: 5, weight: .constant(2 * j), delay: 1.0,
                               group: 2, random: &random)
        return LIFNetwork(populations: [LIFPopulation(name: "E", count: 80, parameters: p),
                                        LIFPopulation(name: "I", count: 20, parameters: p)],
                          sources: (0..<20).map { _ in .poisson(rateHz: 200) }, graph: b.build(), dt: 0.1)
    }

    func start(_ sim: LIFSimulator) {
        var random = RandomStream(seed: 77)
        sim.randomizePotentials(low: 0, high: 20, random: &random)
    }

    /// `smallNetwork` plus synapses that make rows mixed: E neurons also reach targets after 0.3 ms
    /// with inhibitory weights (rows of several delays and receptors: the general path) and the
    /// sources get normally drawn weights (rows of one delay, many weights).
    func mixedNetwork(_ model: SynapseModel) -> LIFNetwork {
        let base = smallNetwork(model)
        let j = model == .delta ? 0.4 : 40.0
        var random = RandomStream(seed: 9)
        var b = SynapseGraphBuilder(neuronCount: 100, sourceCount: 20, dt: 0.1)
        let g = base.graph
        for p in 0..<g.nodeCount {
            for s in Int(g.rowStart[p])..<Int(g.rowStart[p + 1]) {
                b.connect(from: p, to: Int(g.target[s]), weight: g.weight[s], delay: Double(g.delaySteps[s]) * 0.1,
                          group: Int(g.group[s]))
            }
        }
        b.connectFixedInDegree(from: 0..<40, to: 0..<100, inDegree: 2, weight: .constant(-j), delay: 0.3,
                               group: 1, random: &random)
        b.connectFixedInDegree(from: 100..<120, to: 0..<100, inDegree: 2, weight: .normal(mean: j, std: j / 5),
                               delay: 1.0, group: 2, random: &random)
        return LIFNetwork(populations: base.populations, sources: base.sources, graph: b.build(), dt: 0.1)
    }

    /// Spike trains and final potentials (bits) of 150 ms.
    func outcome(_ sim: LIFSimulator) -> (steps: [Int32], senders: [Int32], v: [UInt64]) {
        start(sim)
        sim.run(durationMs: 150)
        return (sim.recording.spikeSteps, sim.recording.senders,
                (0..<sim.network.neuronCount).map { sim.potential(neuron: $0).bitPattern })
    }

    @Test(arguments: SynapseModel.allCases)
    func weightModesGiveTheSameBitsForTheSameWeights(model: SynapseModel) {
        let net = smallNetwork(model)
        let options = LIFRecordingOptions(spikes: 0..<100, binMs: 10)
        let shared = LIFSimulator(network: net, seed: 1, recording: options)
        let reference = outcome(shared)
        #expect(reference.steps.count > 50, "\(model): too quiet to test")
        for weights in [LIFWeights.groupScales([1, 1, 1]), .perSynapse(net.graph.weight)] {
            let sim = LIFSimulator(network: net, weights: weights, seed: 1, recording: options)
            let got = outcome(sim)
            #expect(got.steps == reference.steps && got.senders == reference.senders, "\(model) \(weights): spikes differ")
            #expect(got.v == reference.v, "\(model): potentials differ")
            #expect(sim.recording.binnedCounts == shared.recording.binnedCounts)
        }
    }

    @Test func groupScalesEqualTheScaledPerSynapseWeights() {
        let net = smallNetwork(.exponential)
        let scales = [1, 0.5, 1.2]
        let options = LIFRecordingOptions(spikes: 0..<100)
        let scaled = outcome(LIFSimulator(network: net, weights: .groupScales(scales), seed: 2, recording: options))
        let g = net.graph
        let explicit = (0..<g.synapseCount).map { g.weight[$0] * scales[Int(g.group[$0])] }
        let perSynapse = outcome(LIFSimulator(network: net, weights: .perSynapse(explicit), seed: 2, recording: options))
        #expect(scaled.steps == perSynapse.steps && scaled.senders == perSynapse.senders && scaled.v == perSynapse.v)
        let shared = outcome(LIFSimulator(network: net, seed: 2, recording: options))
        #expect(shared.steps != scaled.steps || shared.senders != scaled.senders, "scales had no effect")
    }

    @Test func rowsAreClassifiedByWhatTheyShare() {
        let bench = LIFSimulator(network: LIFBenchmark.network(drive: 24, seed: 1))
        #expect(bench.rows.kindCounts == [0, 0, 1000], "every benchmark row has one delay and one weight")
        let mixed = LIFSimulator(network: mixedNetwork(.exponential))
        let counts = mixed.rows.kindCounts
        #expect(counts[0] >= 30 && counts[1] >= 15 && counts[2] >= 20, "\(counts)")
        #expect(counts.reduce(0, +) == 120)
    }

    @Test(arguments: SynapseModel.allCases)
    func everyDeliveryPathGivesTheGeneralPathsBits(model: SynapseModel) {
        // The same network with all rows delivered synapse by synapse (`classify: false`).
        let net = mixedNetwork(model)
        let options = LIFRecordingOptions(spikes: 0..<100)
        for weights in [LIFWeights.shared, .groupScales([1.1, 0.9, 1.3])] {
            let fast = LIFSimulator(network: net, weights: weights, seed: 3, recording: options)
            let slow = LIFSimulator(network: net, weights: weights, seed: 3, recording: options)
            slow.rows = LIFDeliveryRows(graph: net.graph, weights: weights.resolved(for: net.graph),
                                        inhibitoryOffset: slow.twoRings ? slow.slots * 100 : 0, classify: false)
            #expect(slow.rows.kindCounts == [120, 0, 0])
            let a = outcome(fast), b = outcome(slow)
            #expect(a.steps.count > 50, "\(model): too quiet to test")
            #expect(a.steps == b.steps && a.senders == b.senders, "\(model): spikes differ")
            #expect(a.v == b.v, "\(model): potentials differ")
        }
    }

    @Test func poissonInputRateIsWithinStatisticalBounds() {
        // 100 sources at 100 Hz, each into its own non-leaking integrator with delta weight 1:
        // V counts the events exactly.
        let p = LIFParameters(tauM: 1e15, threshold: 1e9, reset: 0)
        var b = SynapseGraphBuilder(neuronCount: 100, sourceCount: 100, dt: 0.1)
        var random = RandomStream(seed: 0)
        b.connectOneToOne(from: 100..<200, to: 0..<100, weight: .constant(1), delay: 0.1, random: &random)
        let net = LIFNetwork(populations: [LIFPopulation(name: "n", count: 100, parameters: p)],
                             sources: [LIFSource](repeating: .poisson(rateHz: 100), count: 100), graph: b.build(), dt: 0.1)
        let sim = LIFSimulator(network: net, seed: 11)
        sim.run(durationMs: 1000.1)           // last events arrive one step late
        let counts = (0..<100).map { sim.potential(neuron: $0).rounded() }
        let total = counts.reduce(0, +)
        #expect(abs(total - 10_000) < 4 * 100, "total \(total), expected 10000 ± 100")
        let mean = total / 100
        let variance = counts.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 99
        #expect(variance > 0.6 * mean && variance < 1.5 * mean, "Fano factor \(variance / mean)")
        // Switching the rate off stops the input.
        sim.setPoissonRates([Double](repeating: 0, count: 100))
        let before = (0..<100).map { sim.potential(neuron: $0).rounded() }
        sim.run(durationMs: 100)
        #expect((0..<100).map { sim.potential(neuron: $0).rounded() } == before)
    }

    @Test(arguments: [0.5, 4.0, 50.0, 400.0])
    func poissonSamplerMeanAndVariance(lambda: Double) {
        var random = RandomStream(seed: 21)
        let n = 20_000
        let x = (0..<n).map { _ in Double(random.nextPoisson(lambda)) }
        let mean = x.reduce(0, +) / Double(n)
        let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        #expect(abs(mean - lambda) < 5 * (lambda / Double(n)).squareRoot(), "λ \(lambda): mean \(mean)")
        #expect(abs(variance / lambda - 1) < 0.06, "λ \(lambda): variance \(variance)")
    }

    @Test(arguments: [Double.infinity, Double.nan, 1e308])
    func divergingNetworkIsFlaggedAndSilenced(bad: Double) {
        let net = smallNetwork(.exponential)
        let weights = net.graph.weight.map { $0 > 0 ? $0 * bad : $0 }
        let sim = LIFSimulator(network: net, weights: .perSynapse(weights), seed: 4,
                               recording: LIFRecordingOptions(spikes: 0..<100))
        start(sim)
        sim.run(durationMs: 100)
        #expect(sim.isDiverged, "weight × \(bad) not flagged")
        let flaggedAt = sim.divergedAtStep!
        let late = sim.recording.spikes().times.filter { $0 > Double(flaggedAt) * 0.1 + 1e-9 }
        #expect(late.isEmpty, "a diverged network keeps spiking")
        #expect(sim.potential(neuron: 0).isNaN)
        let fine = LIFSimulator(network: net, seed: 4)
        start(fine)
        fine.run(durationMs: 100)
        #expect(!fine.isDiverged)
    }

    @Test func benchmarkNetworkRateMatchesThePeers() {
        // Peers (NEST, NumPy; peers/README.md): 30.2 Hz at μ = 24 mV, 17.6 Hz at 20.8 mV, 1 s.
        let high = LIFBenchmark.run(drive: 24, seed: 1, durationMs: 200)
        #expect(high.meanRateHz > 29.0 && high.meanRateHz < 31.5, "μ 24: \(high.meanRateHz) Hz")
        #expect(high.synapses == 100_000 && high.neurons == 1000 && !high.diverged)
        // Fixed in-degree: out-degrees vary around 100, so events ≈ 100 per spike.
        #expect(abs(Double(high.synapticEvents) / Double(high.spikes) - 100) < 2)
        #expect(high.neuronSteps == 1000 * 2000)
        #expect(high.bytesMoved == 48 * 2e6 + 20 * Double(high.synapticEvents))
        let low = LIFBenchmark.run(drive: 20.8, seed: 1, durationMs: 200)
        #expect(low.meanRateHz > 16.5 && low.meanRateHz < 18.7, "μ 20.8: \(low.meanRateHz) Hz")
    }

    @Test func largerBenchmarkNetworksKeepTheRateAndTheInDegrees() {
        // Fixed in-degree (80 E + 20 I): the rate does not depend on the size.
        let net = LIFBenchmark.network(drive: 24, seed: 3, neurons: 5000)
        #expect(net.populations.map(\.count) == [4000, 1000])
        #expect(net.graph.synapseCount == 500_000)
        #expect(net.graph.inDegrees(from: 0..<4000).allSatisfy { $0 == 80 })
        #expect(net.graph.inDegrees(from: 4000..<5000).allSatisfy { $0 == 20 })
        let r = LIFBenchmark.run(drive: 24, seed: 3, durationMs: 100, neurons: 5000)
        #expect(r.meanRateHz > 28.5 && r.meanRateHz < 32, "5,000 neurons: \(r.meanRateHz) Hz")
    }

    @Test func limitIsTheSlowerOfBytesAndFlops() {
        var r = LIFBenchmark.run(drive: 24, seed: 1, durationMs: 50, neurons: 200)
        r.setLimit(bandwidthGBps: 10, gflops: 1e6)          // memory-bound
        #expect(abs(r.limitWallS! - r.bytesMoved / 1e10) < 1e-15)
        r.setLimit(bandwidthGBps: 1e6, gflops: 0.001)        // flop-bound
        #expect(abs(r.limitWallS! - r.flopCount / 1e6) < 1e-12)
        #expect(abs(r.fractionOfLimit! - r.limitWallS! / r.wallS) < 1e-12)
    }
}
