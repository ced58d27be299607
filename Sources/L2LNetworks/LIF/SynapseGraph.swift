/// Which synaptic current an arriving spike feeds (NEST's receptor of `iaf_psc_*`):
/// excitatory synapses feed the τ_syn,ex current, inhibitory ones the τ_syn,in current.
/// With delta synapses both simply add to the membrane potential.
public enum Receptor: UInt8, Codable, Sendable {
    case excitatory = 0
    case inhibitory = 1
}

/// Static synaptic connectivity in compressed sparse row form, **rows by presynaptic node**
/// (the layout of spike-driven simulators: NEST's target tables, Brian2's
/// `SynapticPathway`; Morrison et al. 2005, Neural Comput. 17:1776, doi:10.1162/0899766054026648).
///
/// Presynaptic nodes are the network's neurons `0..<neuronCount` followed by its input
/// sources `neuronCount..<nodeCount`; targets are always neurons. Synapses of a row are
/// stored in the order they were added. Each synapse has a base weight (mV for delta,
/// pA for exponential/alpha currents), a delay in steps (≥ 1), a receptor fixed by the
/// sign of its base weight, and a *group* index: a simulator can scale whole
/// groups (see `LIFWeights`).
///
/// - Complexity: O(synapses) memory; a spike of node `p` touches `rowStart[p]..<rowStart[p+1]`.
public struct SynapseGraph: Sendable, Equatable {
    /// Number of neurons (possible targets).
    public let neuronCount: Int
    /// Neurons plus input sources (possible presynaptic nodes).
    public let nodeCount: Int
    /// Row offsets, `nodeCount + 1` entries.
    public let rowStart: [Int32]
    /// Postsynaptic neuron of each synapse.
    public let target: [Int32]
    /// Delay of each synapse in steps, ≥ 1.
    public let delaySteps: [Int32]
    /// Base weight of each synapse.
    public let weight: [Double]
    /// Receptor of each synapse.
    public let receptor: [Receptor]
    /// Group of each synapse, `0..<groupCount`.
    public let group: [Int32]
    /// Number of weight groups.
    public let groupCount: Int
    /// Position of each synapse in the order it was added to the builder (`builderIndex[s]`),
    /// so per-synapse weights given in that order can be permuted into rows.
    public let builderIndex: [Int32]

    /// Number of synapses.
    public var synapseCount: Int { target.count }
    /// Largest delay in steps (0 when there are no synapses).
    public var maxDelaySteps: Int { Int(delaySteps.max() ?? 0) }

    /// Out-degree of presynaptic node `p`.
    public func outDegree(_ p: Int) -> Int { Int(rowStart[p + 1] - rowStart[p]) }

    /// In-degree of every neuron, optionally counting only presynaptic nodes in `from`.
    /// - Complexity: O(synapses).
    public func inDegrees(from: Range<Int>? = nil) -> [Int] {
        var d = [Int](repeating: 0, count: neuronCount)
        let rows = from ?? 0..<nodeCount
        for p in rows {
            for s in Int(rowStart[p])..<Int(rowStart[p + 1]) { d[Int(target[s])] += 1 }
        }
        return d
    }

    init(neuronCount: Int, nodeCount: Int, pre: [Int32], post: [Int32], delay: [Int32],
         weight: [Double], group: [Int32], groupCount: Int) {
        self.neuronCount = neuronCount
        self.nodeCount = nodeCount
        self.groupCount = groupCount
        // Stable counting sort by presynaptic node.
        var start = [Int32](repeating: 0, count: nodeCount + 1)
        for p in pre { start[Int(p) + 1] += 1 }
        for i in 0..<nodeCount { start[i + 1] += start[i] }
        var fill = start
        var order = [Int32](repeating: 0, count: pre.count)
        for (k, p) in pre.enumerated() {
            order[Int(fill[Int(p)])] = Int32(k)
            fill[Int(p)] += 1
        }
        rowStart = start
        builderIndex = order
        target = order.map { post[Int($0)] }
        delaySteps = order.map { delay[Int($0)] }
        self.weight = order.map { weight[Int($0)] }
        receptor = order.map { weight[Int($0)] >= 0 ? .excitatory : .inhibitory }
        self.group = order.map { group[Int($0)] }
    }
}
