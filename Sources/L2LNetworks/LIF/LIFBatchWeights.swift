/// How the members of a batch differ in synaptic weights while sharing one graph.
///
/// The members of an ensemble Kalman filter or an evolution-strategy population
/// (Iglesias, Law & Stuart 2013, doi:10.1088/0266-5611/29/4/045001; Salimans et al. 2017,
/// arXiv:1703.03864) evaluate the same network with different trainable weights; the
/// simulator shares the CSR graph, delays and receptors and looks weights up per member.
public enum LIFBatchWeights: Sendable, Equatable {
    /// Every member uses the graph's base weights.
    case shared
    /// Member `b`'s synapse `s` has weight `base[s] · scales[b][group[s]]` (a few global scales).
    case groupScales([[Double]])
    /// Member `b`'s synapse `s` has weight `weights[b][s]`, `s` in the graph's row order
    /// (use `SynapseGraph.rowOrder(_:)` to permute weights given in builder order).
    case perSynapse([[Double]])

    /// Number of members this assignment describes, or nil for `.shared`.
    var memberCount: Int? {
        switch self {
        case .shared: return nil
        case .groupScales(let s): return s.count
        case .perSynapse(let w): return w.count
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

/// Per-member weight lookups, specialized in the delivery loop.
protocol LIFWeightLookup {
    func weight(_ s: Int, _ b: Int) -> Double
}

struct SharedWeightLookup: LIFWeightLookup {
    let base: UnsafePointer<Double>
    @inline(__always) func weight(_ s: Int, _ b: Int) -> Double { base[s] }
}

struct ScaledWeightLookup: LIFWeightLookup {
    let base: UnsafePointer<Double>
    let group: UnsafePointer<Int32>
    let scales: UnsafePointer<Double>    // [member * groupCount + group]
    let groupCount: Int
    @inline(__always) func weight(_ s: Int, _ b: Int) -> Double {
        base[s] * scales[b &* groupCount &+ Int(group[s])]
    }
}

struct PerSynapseWeightLookup: LIFWeightLookup {
    let weights: UnsafePointer<Double>   // [member * synapseCount + s]
    let synapseCount: Int
    @inline(__always) func weight(_ s: Int, _ b: Int) -> Double { weights[b &* synapseCount &+ s] }
}
