import Testing
import L2LNumerics
@testable import L2LNetworks

/// Spike-train sources (event-driven, filed by step) against a reference in which the same
/// spikes come from neurons of one combined network.
@Suite struct LIFSpikeTrainTests {
    struct Synapse { var pre: Int; var post: Int; var weight: Double; var delay: Double }

    /// A Poisson-driven bulk of 100 neurons (sources 0..<20), its synapses onto 12 output neurons
    /// and the output neurons' recurrent synapses, drawn once.
    struct Model {
        let p: LIFParameters
        let bulkInternal: [Synapse]    // bulk node numbering: neurons 0..<100, sources 100..<120
        let bulkToOutput: [Synapse]    // pre: bulk neuron 0..<100, post: output 0..<12
        let outputInternal: [Synapse]  // output 0..<12 → 0..<12
        let v0Bulk: [Double], v0Out: [Double]

        init(_ model: SynapseModel) {
            let delta = model == .delta
            p = LIFParameters(tauM: 20, capacitance: 250, threshold: 20, reset: 10, refractoryPeriod: 2,
                              externalCurrent: 18 * 250 / 20, synapse: model, tauSynExcitatory: 2, tauSynInhibitory: 4)
            let j = delta ? 0.4 : 40.0
            var r = RandomStream(seed: 91)
            var inner: [Synapse] = []
            for t in 0..<100 {
                for _ in 0..<10 { inner.append(Synapse(pre: r.nextInt(below: 80), post: t, weight: j * (1 + 0.1 * r.nextGaussian()), delay: 1.5)) }
                for _ in 0..<4 { inner.append(Synapse(pre: 80 + r.nextInt(below: 20), post: t, weight: -4 * j, delay: 0.8)) }
                for _ in 0..<5 { inner.append(Synapse(pre: 100 + r.nextInt(below: 20), post: t, weight: 2 * j, delay: 1.0)) }
            }
            bulkInternal = inner
            var toOut: [Synapse] = []
            for t in 0..<12 {
                for _ in 0..<30 {
                    let pre = r.nextInt(below: 100)
                    let w = (pre < 80 ? 1.5 : -1.0) * j * (1 + 0.3 * r.nextGaussian())
                    toOut.append(Synapse(pre: pre, post: t, weight: w, delay: [0.5, 1.0, 1.5, 2.3][r.nextInt(below: 4)]))
                }
            }
            bulkToOutput = toOut
            var outInternal: [Synapse] = []
            for t in 0..<12 {
                for _ in 0..<3 {
                    let pre = r.nextInt(below: 12)
                    outInternal.append(Synapse(pre: pre, post: t, weight: (pre < 9 ? 0.7 : -2.1) * j, delay: 1.2))
                }
            }
            outputInternal = outInternal
            v0Bulk = (0..<100).map { _ in r.nextUniform(in: 0, 20) }
            v0Out = (0..<12).map { _ in r.nextUniform(in: 0, 20) }
        }

        var poisson: [LIFSource] { (0..<20).map { _ in .poisson(rateHz: 300) } }

        /// Output neurons 0..<12, bulk neurons 12..<112, Poisson sources 112..<132: output rows
        /// are delivered before the bulk's, as the replay delivers neurons before sources.
        func combined() -> LIFNetwork {
            var b = SynapseGraphBuilder(neuronCount: 112, sourceCount: 20, dt: 0.1)
            for s in outputInternal { b.connect(from: s.pre, to: s.post, weight: s.weight, delay: s.delay) }
            for s in bulkInternal { b.connect(from: 12 + s.pre, to: 12 + s.post, weight: s.weight, delay: s.delay) }
            for s in bulkToOutput { b.connect(from: 12 + s.pre, to: s.post, weight: s.weight, delay: s.delay) }
            return LIFNetwork(populations: [LIFPopulation(name: "out", count: 12, parameters: p),
                                            LIFPopulation(name: "bulk", count: 100, parameters: p)],
                              sources: poisson, graph: b.build(), dt: 0.1)
        }

        func bulk() -> LIFNetwork {
            var b = SynapseGraphBuilder(neuronCount: 100, sourceCount: 20, dt: 0.1)
            for s in bulkInternal { b.connect(from: s.pre, to: s.post, weight: s.weight, delay: s.delay) }
            return LIFNetwork(populations: [LIFPopulation(name: "bulk", count: 100, parameters: p)],
                              sources: poisson, graph: b.build(), dt: 0.1)
        }

        /// The output neurons driven by 100 spike-train sources (the bulk's spikes).
        func replay(_ sources: [LIFSource]) -> LIFNetwork {
            var b = SynapseGraphBuilder(neuronCount: 12, sourceCount: 100, dt: 0.1)
            for s in outputInternal { b.connect(from: s.pre, to: s.post, weight: s.weight, delay: s.delay) }
            for s in bulkToOutput { b.connect(from: 12 + s.pre, to: s.post, weight: s.weight, delay: s.delay) }
            return LIFNetwork(populations: [LIFPopulation(name: "out", count: 12, parameters: p)],
                              sources: sources, graph: b.build(), dt: 0.1)
        }
    }

    @Test(arguments: SynapseModel.allCases)
    func replayedSpikeTrainsEqualTheCombinedNetworkBitForBit(model: SynapseModel) {
        let m = Model(model)
        let steps = 2000
        let combined = LIFSimulator(network: m.combined(), seed: 3, recording: LIFRecordingOptions(spikes: 0..<112))
        combined.setPotentials(m.v0Out + m.v0Bulk)
        combined.run(steps: steps)
        let bulk = LIFSimulator(network: m.bulk(), seed: 3, recording: LIFRecordingOptions(spikes: 0..<100))
        bulk.setPotentials(m.v0Bulk)
        bulk.run(steps: steps)
        let c = combined.recording.spikes(), b = bulk.recording.spikes()
        let cBulk = zip(c.times, c.senders).filter { $0.1 >= 12 }
        #expect(cBulk.map(\.0) == b.times && cBulk.map { $0.1 - 12 } == b.senders, "\(model): bulk differs")
        #expect(b.times.count > 500, "\(model): bulk too quiet (\(b.times.count) spikes)")
        let cOut = zip(c.times, c.senders).filter { $0.1 < 12 }
        #expect(cOut.count > 20, "\(model): output too quiet (\(cOut.count) spikes)")

        var trains = [[Double]](repeating: [], count: 100)
        for (t, who) in zip(b.times, b.senders) { trains[who].append(t) }
        let rec = bulk.recording
        let fromSteps = LIFSpikeSchedule(sourceCount: 100, steps: rec.spikeSteps, sources: rec.senders)
        let fromTimes = LIFSpikeSchedule(trains: trains, dt: 0.1)
        #expect(fromSteps == fromTimes)

        // Four ways to install the same trains.
        var sims: [(String, LIFSimulator)] = []
        let options = LIFRecordingOptions(spikes: 0..<12)
        sims.append(("network sources", LIFSimulator(network: m.replay(trains.map { .spikeTrain($0) }), seed: 9, recording: options)))
        let perSource = LIFSimulator(network: m.replay(Array(repeating: .spikeTrain([]), count: 100)), seed: 9, recording: options)
        for j in 0..<100 { perSource.setSpikeTrain(source: j, timesMs: trains[j].reversed()) }
        sims.append(("setSpikeTrain", perSource))
        let scheduled = LIFSimulator(network: m.replay(Array(repeating: .spikeTrain([]), count: 100)), seed: 9, recording: options)
        scheduled.setSpikeTrain(source: 5, timesMs: [3, 4, 5])     // replaced below
        scheduled.setSpikeTrains(fromSteps)
        sims.append(("setSpikeTrains", scheduled))
        // Installed as two schedules.
        let halves = LIFSimulator(network: m.replay(Array(repeating: .spikeTrain([]), count: 100)), seed: 9, recording: options)
        halves.setSpikeTrains(LIFSpikeSchedule(trains: Array(trains[..<50]), dt: 0.1))
        halves.setSpikeTrains(LIFSpikeSchedule(trains: Array(trains[50...]), dt: 0.1), firstSource: 50)
        sims.append(("two schedules", halves))
        for (name, sim) in sims {
            sim.setPotentials(m.v0Out)
            sim.run(steps: steps)
            let r = sim.recording.spikes()
            #expect(r.times == cOut.map(\.0) && r.senders == cOut.map(\.1), "\(model), \(name): output spikes differ")
            for i in 0..<12 {
                #expect(sim.potential(neuron: i).bitPattern == combined.potential(neuron: i).bitPattern,
                        "\(model), \(name): potential of \(i) differs")
            }
        }
    }

    /// A train set mid-run drops its past spikes; a second set before the next step replaces the
    /// first; spikes of one step add up; a Poisson rate on the same source adds to the train.
    @Test func trainsSetMidRunAndReplaced() {
        let p = LIFParameters(tauM: 1e9, capacitance: 250, threshold: 1e6, reset: 0, refractoryPeriod: 0,
                              externalCurrent: 0)
        var b = SynapseGraphBuilder(neuronCount: 2, sourceCount: 2, dt: 0.1)
        b.connect(from: 2, to: 0, weight: 1, delay: 0.1)
        b.connect(from: 3, to: 1, weight: 1, delay: 0.1)
        let net = LIFNetwork(populations: [LIFPopulation(name: "n", count: 2, parameters: p)],
                             sources: [.spikeTrain([0.5, 1.0]), .spikeTrain([])], graph: b.build(), dt: 0.1)
        let sim = LIFSimulator(network: net)
        sim.run(steps: 8)                                            // the spike at step 5 has arrived
        #expect(abs(sim.potential(neuron: 0) - 1) < 1e-6)
        sim.setSpikeTrain(source: 0, timesMs: [0.2, 2.0, 2.0])       // 0.2 is past: ignored
        sim.setSpikeTrain(source: 1, timesMs: [1.5])
        sim.setSpikeTrain(source: 1, timesMs: [2.5, 2.5, 2.5])       // replaces [1.5]
        sim.run(steps: 30)
        #expect(abs(sim.potential(neuron: 0) - 3) < 1e-6)            // the old spike at 1.0 is gone
        #expect(abs(sim.potential(neuron: 1) - 3) < 1e-6)
        sim.setPoissonRate(source: 1, hz: 2000)
        sim.run(steps: 1000)
        #expect(sim.potential(neuron: 1) > 50)
        #expect(abs(sim.potential(neuron: 0) - 3) < 1e-6)
    }
}
