import Testing
import L2LNumerics
@testable import L2LNetworks

/// Batched simulation, inputs, divergence and the benchmark network.
@Suite struct LIFBatchTests {
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

    @Test(arguments: SynapseModel.allCases)
    func identicalMembersEqualSingleRunsBitForBit(model: SynapseModel) {
        let net = smallNetwork(model)
        let options = LIFRecordingOptions(spikes: 0..<100, binMs: 10)
        let single = LIFSimulator(network: net, seed: 1, recording: options)
        start(single)
        single.run(durationMs: 150)
        #expect(single.recording.totalSpikes() > 50, "\(model): too quiet to test")
        for weights in [LIFBatchWeights.shared, .groupScales([[Double]](repeating: [1, 1, 1], count: 4)),
                        .perSynapse([[Double]](repeating: net.graph.weight, count: 4))] {
            let batch = LIFSimulator(network: net, batch: 4, weights: weights, seed: 1, recording: options)
            start(batch)
            batch.run(durationMs: 150)
            for m in 0..<4 {
                let a = single.recording.spikes(), b = batch.recording.spikes(member: m)
                #expect(a.times == b.times && a.senders == b.senders, "\(model), member \(m): spike trains differ")
                for i in 0..<100 {
                    #expect(single.potential(neuron: i).bitPattern == batch.potential(neuron: i, member: m).bitPattern)
                }
                for bin in 0..<single.recording.binCount {
                    #expect(single.recording.binnedCount(bin: bin, population: 0)
                            == batch.recording.binnedCount(bin: bin, member: m, population: 0))
                }
            }
        }
    }

    @Test func membersWithDifferentWeightsDifferAndMatchTheirOwnSingleRun() {
        let net = smallNetwork(.exponential)
        let scales: [[Double]] = [[1, 1, 1], [1.3, 1, 1], [1, 0.5, 1.2]]
        let batch = LIFSimulator(network: net, batch: 3, weights: .groupScales(scales), seed: 2,
                                 recording: LIFRecordingOptions(spikes: 0..<100))
        start(batch)
        batch.run(durationMs: 150)
        let trains = (0..<3).map { batch.recording.spikes(member: $0) }
        #expect(trains[0].times != trains[1].times || trains[0].senders != trains[1].senders)
        #expect(trains[0].times != trains[2].times || trains[0].senders != trains[2].senders)
        // Member 2 equals a batch-of-one run with the same scales, bit for bit.
        let alone = LIFSimulator(network: net, batch: 1, weights: .groupScales([scales[2]]), seed: 2,
                                 recording: LIFRecordingOptions(spikes: 0..<100))
        start(alone)
        alone.run(durationMs: 150)
        #expect(alone.recording.spikes().times == trains[2].times)
        #expect(alone.recording.spikes().senders == trains[2].senders)
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
    func divergingMemberIsFlaggedOthersContinue(bad: Double) {
        let net = smallNetwork(.exponential)
        var weights = [[Double]](repeating: net.graph.weight, count: 3)
        weights[1] = weights[1].map { $0 > 0 ? $0 * bad : $0 }
        let sim = LIFSimulator(network: net, batch: 3, weights: .perSynapse(weights), seed: 4,
                               recording: LIFRecordingOptions(spikes: 0..<100))
        start(sim)
        sim.run(durationMs: 100)
        #expect(sim.isDiverged(member: 1), "weight × \(bad) not flagged")
        #expect(!sim.isDiverged(member: 0) && !sim.isDiverged(member: 2))
        #expect(sim.recording.spikes(member: 0) == sim.recording.spikes(member: 2))
        let flaggedAt = sim.divergedAtStep[1]!
        let late = sim.recording.spikes(member: 1).times.filter { $0 > Double(flaggedAt) * 0.1 + 1e-9 }
        #expect(late.isEmpty, "a diverged member keeps spiking")
    }

    @Test func benchmarkNetworkRateMatchesThePeers() {
        // Peers (NEST, NumPy; peers/README.md): 30.2 Hz at μ = 24 mV, 17.6 Hz at 20.8 mV, 1 s.
        let high = LIFBenchmark.run(drive: 24, seed: 1, durationMs: 200, batch: 1)
        #expect(high.meanRateHz > 29.0 && high.meanRateHz < 31.5, "μ 24: \(high.meanRateHz) Hz")
        #expect(high.synapses == 100_000 && high.neurons == 1000 && high.divergedMembers == 0)
        // Fixed in-degree: out-degrees vary around 100, so events ≈ 100 per spike.
        #expect(abs(Double(high.synapticEvents) / Double(high.spikes) - 100) < 2)
        let low = LIFBenchmark.run(drive: 20.8, seed: 1, durationMs: 200, batch: 2)
        #expect(low.meanRateHz > 16.5 && low.meanRateHz < 18.7, "μ 20.8: \(low.meanRateHz) Hz")
        #expect(low.meanRateAllMembersHz > 15 && low.meanRateAllMembersHz < 20)
    }
}
