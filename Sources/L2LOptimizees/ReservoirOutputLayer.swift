import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers


/// Output clusters driven by the bulk's recorded spikes (`trainable: reservoir_to_output`).
struct OutputLayer: Sendable {
    /// Populations outE (K·E_out), outI (K·I_out); sources: the bulk's neurons (spike trains), then background.
    let network: LIFNetwork
    /// Number of trainable synapses (the first ones added to the builder).
    let trainableCount: Int
    /// Whether each trainable synapse comes from a bulk E neuron.
    let fromExcitatory: [Bool]
    /// Fixed weights of the other synapses, builder order.
    let fixedWeights: [Double]
    let clusterE: Int
    let bulkCount: Int

    init(_ spec: ReservoirOptimizeeSpec, bulk: LIFNetwork) {
        let k = spec.classCount, oe = spec.outputExcitatory, oi = spec.outputInhibitory
        let ne = spec.excitatory, ni = spec.inhibitory, nb = ne + ni
        let n = k * (oe + oi)
        let background = spec.backgroundRateHz > 0 ? n : 0
        var random = RandomStream(seed: spec.networkSeed).derived(2)
        var b = SynapseGraphBuilder(neuronCount: n, sourceCount: nb + background, dt: spec.dtMs)
        let outE = 0..<(k * oe), outI = (k * oe)..<n
        let bulkE = n..<(n + ne), bulkI = (n + ne)..<(n + nb)
        let dE = max(1, min(ne, Int((spec.outputConnectionFraction * Double(ne)).rounded())))
        let dI = min(ni, Int((spec.outputConnectionFraction * Double(ni)).rounded()))
        var fromE: [Bool] = []
        // Trainable groups: 0 E→outE, 1 E→outI, 2 I→outE, 3 I→outI.
        for (targets, groupE, groupI) in [(outE, 0, 2), (outI, 1, 3)] where !targets.isEmpty {
            b.connectFixedInDegree(from: bulkE, to: targets, inDegree: dE, weight: .constant(1), delay: spec.delayMs,
                                   group: groupE, allowMultapses: false, random: &random)
            fromE += [Bool](repeating: true, count: targets.count * dE)
            if dI > 0 {
                b.connectFixedInDegree(from: bulkI, to: targets, inDegree: dI, weight: .constant(-1), delay: spec.delayMs,
                                       group: groupI, allowMultapses: false, random: &random)
                fromE += [Bool](repeating: false, count: targets.count * dI)
            }
        }
        trainableCount = b.synapseCount
        fromExcitatory = fromE
        // Fixed in-degree 2 inside each cluster (EE, EI, IE, II), no autapses.
        for c in 0..<k {
            let e = (c * oe)..<((c + 1) * oe), i = (k * oe + c * oi)..<(k * oe + (c + 1) * oi)
            for (from, to, weight) in [(e, e, spec.excitatoryWeight), (e, i, spec.excitatoryWeight),
                                       (i, e, -spec.inhibitoryWeight), (i, i, -spec.inhibitoryWeight)]
            where !from.isEmpty && !to.isEmpty {
                let degree = min(2, from.count - (from == to ? 1 : 0))
                if degree > 0 {
                    b.connectFixedInDegree(from: from, to: to, inDegree: degree, weight: .constant(weight), delay: spec.delayMs,
                                           group: 4, allowAutapses: false, allowMultapses: false, random: &random)
                }
            }
        }
        if background > 0 {
            b.connectOneToOne(from: (n + nb)..<(n + nb + n), to: 0..<n, weight: .constant(spec.backgroundWeight),
                              delay: spec.delayMs, group: 5, random: &random)
        }
        let graph = b.build()
        // Recover the fixed weights in builder order from the graph's row order.
        var builderWeights = [Double](repeating: 0, count: graph.synapseCount)
        for s in 0..<graph.synapseCount { builderWeights[Int(graph.builderIndex[s])] = graph.weight[s] }
        fixedWeights = Array(builderWeights[trainableCount...])
        let p = ReservoirOptimizee.neuronParameters(spec)
        let sources = [LIFSource](repeating: .spikeTrain([]), count: nb)
            + [LIFSource](repeating: .poisson(rateHz: spec.backgroundRateHz), count: background)
        network = LIFNetwork(populations: [LIFPopulation(name: "outE", count: k * oe, parameters: p),
                                           LIFPopulation(name: "outI", count: k * oi, parameters: p)],
                             sources: sources, graph: graph, dt: spec.dtMs)
        clusterE = oe
        bulkCount = nb
    }

    /// Each cluster's E rate over the window / `rate_scale_hz`; NaN when the member diverged.
    func scores(weights: [Double], spikeTrains: LIFSpikeSchedule, plan: ReservoirOptimizee.Timeline, seed: UInt64,
                optimizee: ReservoirOptimizee) -> [Double] {
        let k = optimizee.classCount
        let row = network.graph.rowOrder(weights + fixedWeights)
        let sim = LIFSimulator(network: network, weights: .perSynapse(row), seed: seed)
        sim.setSpikeTrains(spikeTrains, firstSource: 0)
        var potentials = RandomStream(seed: seed).derived(1)
        sim.randomizePotentials(low: optimizee.spec.resetMv, high: optimizee.spec.thresholdMv, random: &potentials)
        let start = optimizee.run(sim, plan) { _ in }
        if sim.isDiverged { return [Double](repeating: .nan, count: k) }
        let seconds = (plan.window.upperBound - plan.window.lowerBound) / 1000
        return (0..<k).map { c in
            var spikes = 0
            for i in (c * clusterE)..<((c + 1) * clusterE) { spikes += sim.recording.counts[i] - start[i] }
            return Double(spikes) / Double(max(clusterE, 1)) / max(seconds, 1e-9) / optimizee.spec.rateScaleHz
        }
    }
}
