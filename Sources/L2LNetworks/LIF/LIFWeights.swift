/// The synaptic weights a `LIFSimulator` uses, given the graph's base weights.
///
/// An ensemble Kalman filter or an evolution strategy evaluates the same network with different
/// trainable weights (Iglesias, Law & Stuart 2013, doi:10.1088/0266-5611/29/4/045001; Salimans
/// et al. 2017, arXiv:1703.03864); each candidate is one simulator with its own weights over the
/// shared `LIFNetwork`. (A batch that simulated several weight sets in one pass was removed: it
/// ran at 0.60× the speed of the same networks one after another; docs/performance.md.)
public enum LIFWeights: Sendable, Equatable {
    /// The graph's base weights.
    case shared
    /// Synapse `s` has weight `base[s] · scales[group[s]]` (a few global scales).
    case groupScales([Double])
    /// Synapse `s` has weight `weights[s]`, `s` in the graph's row order
    /// (use `SynapseGraph.rowOrder(_:)` to permute weights given in builder order).
    case perSynapse([Double])

    /// The weight of every synapse of `graph`, row order: the base weight times its group's scale
    /// (the product the delivery loop used to form per spike, so the values are the same bits).
    /// - Precondition: `.groupScales` has `graph.groupCount` scales, `.perSynapse` `graph.synapseCount` weights.
    func resolved(for graph: SynapseGraph) -> [Double] {
        switch self {
        case .shared:
            return graph.weight
        case .groupScales(let scales):
            precondition(scales.count == graph.groupCount,
                         "LIFSimulator: \(scales.count) scales for \(graph.groupCount) groups")
            return (0..<graph.synapseCount).map { graph.weight[$0] * scales[Int(graph.group[$0])] }
        case .perSynapse(let w):
            precondition(w.count == graph.synapseCount,
                         "LIFSimulator: \(w.count) weights for \(graph.synapseCount) synapses")
            return w
        }
    }
}

extension SynapseGraph {
    /// Permutes per-synapse values given in the order synapses were added to the builder
    /// into the graph's row order.
    /// - Precondition: `values.count == synapseCount`.
    public func rowOrder(_ values: [Double]) -> [Double] {
        precondition(values.count == synapseCount, "rowOrder: \(values.count) values for \(synapseCount) synapses")
        return builderIndex.map { values[Int($0)] }
    }

    /// Base weights of the synapses in `group`, row order, with their synapse indices.
    public func synapses(inGroup g: Int) -> [Int] {
        (0..<synapseCount).filter { group[$0] == Int32(g) }
    }
}
