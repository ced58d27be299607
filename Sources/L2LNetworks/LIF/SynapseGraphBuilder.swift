import L2LNumerics

/// How a connection rule draws synaptic weights.
public enum WeightRule: Sendable, Equatable, Codable {
    /// Every synapse gets this weight.
    case constant(Double)
    /// Normal(mean, std) per synapse, from the builder's random stream (NEST `nest.random.normal`).
    case normal(mean: Double, std: Double)

    func draw(_ random: inout RandomStream) -> Double {
        switch self {
        case .constant(let w): return w
        case .normal(let m, let s): return m + s * random.nextGaussian()
        }
    }
}

/// Collects synapses by connection rule, then freezes them into a `SynapseGraph`.
///
/// ```swift
/// var random = RandomStream(seed: 1)
/// var b = SynapseGraphBuilder(neuronCount: 1000, sourceCount: 0, dt: 0.1)
/// b.connectFixedInDegree(from: 0..<800, to: 0..<1000, inDegree: 80, weight: .constant(0.2),
///                        delay: 1.5, random: &random)
/// let graph = b.build()
/// ```
///
/// Rules follow NEST's connection rules (`fixed_indegree`, `pairwise_bernoulli`,
/// `one_to_one`; NEST 3 documentation "Connection management"). All randomness comes
/// from the `RandomStream` passed in, so a seed fixes the graph.
public struct SynapseGraphBuilder: Sendable {
    /// Number of neurons; nodes `neuronCount..<neuronCount + sourceCount` are input sources.
    public let neuronCount: Int
    /// Number of input sources.
    public let sourceCount: Int
    /// Simulation step, ms (delays are rounded to it).
    public let dt: Double
    /// Number of groups used so far (the largest `group` argument + 1).
    public private(set) var groupCount = 1

    private var pre: [Int32] = []
    private var post: [Int32] = []
    private var delay: [Int32] = []
    private var weight: [Double] = []
    private var group: [Int32] = []

    /// Synapses added so far.
    public var synapseCount: Int { pre.count }

    /// - Parameters:
    ///   - neuronCount: neurons of the network.
    ///   - sourceCount: input sources (Poisson generators or spike trains).
    ///   - dt: simulation step in ms.
    public init(neuronCount: Int, sourceCount: Int = 0, dt: Double) {
        precondition(neuronCount >= 0 && sourceCount >= 0 && dt > 0, "SynapseGraphBuilder: bad sizes or dt")
        precondition(neuronCount + sourceCount < Int(Int32.max), "SynapseGraphBuilder: too many nodes")
        self.neuronCount = neuronCount
        self.sourceCount = sourceCount
        self.dt = dt
    }

    /// The delay in steps for `ms`, at least one step.
    public func steps(forDelay ms: Double) -> Int32 {
        precondition(ms.isFinite && ms >= 0, "SynapseGraphBuilder: delay must be finite and ≥ 0, got \(ms)")
        return Swift.max(1, Int32((ms / dt).rounded()))
    }

    /// Adds one synapse `from → to`.
    /// - Parameters: `from` is a node (neuron or `neuronCount + source`), `to` a neuron;
    ///   `delay` in ms; `group` a weight group index ≥ 0.
    public mutating func connect(from: Int, to: Int, weight w: Double, delay d: Double, group g: Int = 0) {
        precondition((0..<neuronCount + sourceCount).contains(from), "SynapseGraphBuilder: presynaptic node \(from) out of range")
        precondition((0..<neuronCount).contains(to), "SynapseGraphBuilder: target \(to) is not a neuron")
        precondition(g >= 0, "SynapseGraphBuilder: group must be ≥ 0")
        pre.append(Int32(from))
        post.append(Int32(to))
        delay.append(steps(forDelay: d))
        weight.append(w)
        group.append(Int32(g))
        groupCount = Swift.max(groupCount, g + 1)
    }

    /// Every target neuron receives exactly `inDegree` synapses from sources drawn uniformly
    /// from `from` (NEST `fixed_indegree`). Targets are visited in order; for each, the
    /// `inDegree` sources are drawn in order.
    /// - Parameters:
    ///   - allowAutapses: allow `p == target` (ignored when the ranges do not overlap).
    ///   - allowMultapses: allow the same source twice for one target; when false,
    ///     `inDegree ≤ from.count` (minus one without autapses) is required.
    public mutating func connectFixedInDegree(from: Range<Int>, to: Range<Int>, inDegree: Int,
                                              weight rule: WeightRule, delay d: Double, group g: Int = 0,
                                              allowAutapses: Bool = true, allowMultapses: Bool = true,
                                              random: inout RandomStream) {
        precondition(inDegree >= 0 && !from.isEmpty, "connectFixedInDegree: need inDegree ≥ 0 and sources")
        for t in to {
            let autapsePossible = from.contains(t)
            let available = from.count - (!allowAutapses && autapsePossible ? 1 : 0)
            precondition(allowMultapses || inDegree <= available,
                         "connectFixedInDegree: in-degree \(inDegree) exceeds \(available) distinct sources")
            var chosen = Set<Int>()
            var made = 0
            while made < inDegree {
                let p = from.lowerBound + random.nextInt(below: from.count)
                if !allowAutapses && p == t { continue }
                if !allowMultapses {
                    if chosen.contains(p) { continue }
                    chosen.insert(p)
                }
                connect(from: p, to: t, weight: rule.draw(&random), delay: d, group: g)
                made += 1
            }
        }
    }

    /// Every source `p` sends exactly `outDegree` synapses to targets drawn uniformly from `to`
    /// (NEST `fixed_outdegree`).
    public mutating func connectFixedOutDegree(from: Range<Int>, to: Range<Int>, outDegree: Int,
                                               weight rule: WeightRule, delay d: Double, group g: Int = 0,
                                               allowAutapses: Bool = true, allowMultapses: Bool = true,
                                               random: inout RandomStream) {
        precondition(outDegree >= 0 && !to.isEmpty, "connectFixedOutDegree: need outDegree ≥ 0 and targets")
        for p in from {
            let available = to.count - (!allowAutapses && to.contains(p) ? 1 : 0)
            precondition(allowMultapses || outDegree <= available,
                         "connectFixedOutDegree: out-degree \(outDegree) exceeds \(available) distinct targets")
            var chosen = Set<Int>()
            var made = 0
            while made < outDegree {
                let t = to.lowerBound + random.nextInt(below: to.count)
                if !allowAutapses && p == t { continue }
                if !allowMultapses {
                    if chosen.contains(t) { continue }
                    chosen.insert(t)
                }
                connect(from: p, to: t, weight: rule.draw(&random), delay: d, group: g)
                made += 1
            }
        }
    }

    /// Each pair `(p, t)` is connected independently with probability `probability`
    /// (NEST `pairwise_bernoulli`); pairs are visited target-major.
    public mutating func connectProbability(from: Range<Int>, to: Range<Int>, probability: Double,
                                            weight rule: WeightRule, delay d: Double, group g: Int = 0,
                                            allowAutapses: Bool = false, random: inout RandomStream) {
        precondition((0...1).contains(probability), "connectProbability: probability must lie in [0, 1], got \(probability)")
        for t in to {
            for p in from where allowAutapses || p != t {
                if random.nextUniform() < probability {
                    connect(from: p, to: t, weight: rule.draw(&random), delay: d, group: g)
                }
            }
        }
    }

    /// Connects `from[k] → to[k]` for every k (NEST `one_to_one`).
    public mutating func connectOneToOne(from: Range<Int>, to: Range<Int>, weight rule: WeightRule,
                                         delay d: Double, group g: Int = 0, random: inout RandomStream) {
        precondition(from.count == to.count, "connectOneToOne: ranges differ in size (\(from.count) vs \(to.count))")
        for (p, t) in zip(from, to) {
            connect(from: p, to: t, weight: rule.draw(&random), delay: d, group: g)
        }
    }

    /// The frozen CSR graph.
    /// - Complexity: O(synapses + nodes).
    public func build() -> SynapseGraph {
        SynapseGraph(neuronCount: neuronCount, nodeCount: neuronCount + sourceCount, pre: pre, post: post,
                     delay: delay, weight: weight, group: group, groupCount: groupCount)
    }
}
