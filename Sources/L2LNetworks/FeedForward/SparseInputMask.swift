import L2LNumerics

/// Which input→hidden connections of a ``FeedForwardNetwork`` exist: a sparse
/// random input graph in which each (hidden unit, input pixel) pair is connected
/// independently with probability `p`.
///
/// ```swift
/// var random = RandomStream(seed: 3)
/// let mask = SparseInputMask(inputs: 784, units: 100, connectionProbability: 0.1, random: &random)
/// mask.connections.count        // ≈ 7,840
/// ```
///
/// This is the input layer of the allele-frequency (NNE) network, whose hidden
/// layer sees a random tenth of the pixels. Only connected weights are parameters
/// of the network, so a gradient-free optimizer searches `connections.count`
/// input weights instead of `inputs · units`.
///
/// Connection `c` joins input `connections[c] % inputs` to hidden unit
/// `connections[c] / inputs`; the list is strictly increasing, i.e. in the
/// row-major order of the dense `units × inputs` weight matrix.
public struct SparseInputMask: Sendable, Equatable, Codable {
    /// Number of inputs (pixels).
    public let inputs: Int
    /// Number of hidden units of the first layer.
    public let units: Int
    /// Flat indices `unit · inputs + input` of the connections present, increasing.
    public let connections: [Int]

    /// Draws a mask: every pair is connected with probability `connectionProbability`,
    /// decided in row-major order by one uniform draw each from `random`.
    ///
    /// - Parameters:
    ///   - inputs: number of inputs, ≥ 1.
    ///   - units: number of hidden units, ≥ 1.
    ///   - connectionProbability: `p` in [0, 1].
    ///   - random: consumes `inputs · units` uniforms.
    public init(inputs: Int, units: Int, connectionProbability: Double, random: inout RandomStream) {
        precondition(inputs >= 1 && units >= 1, "SparseInputMask: shape \(units)×\(inputs)")
        precondition(
            connectionProbability >= 0 && connectionProbability <= 1,
            "SparseInputMask: connection probability \(connectionProbability) outside [0, 1]")
        var chosen: [Int] = []
        chosen.reserveCapacity(Int(Double(inputs * units) * connectionProbability * 1.1) + 16)
        for index in 0..<(inputs * units) where random.nextUniform() < connectionProbability {
            chosen.append(index)
        }
        self.init(inputs: inputs, units: units, connections: chosen)
    }

    /// A mask with the given connections.
    /// - Precondition: `connections` strictly increasing, each in `0..<(inputs · units)`.
    public init(inputs: Int, units: Int, connections: [Int]) {
        precondition(inputs >= 1 && units >= 1, "SparseInputMask: shape \(units)×\(inputs)")
        precondition(
            zip(connections, connections.dropFirst()).allSatisfy { $0 < $1 }
                && (connections.first ?? 0) >= 0 && (connections.last ?? 0) < inputs * units,
            "SparseInputMask: connections must be strictly increasing indices in 0..<\(inputs * units)")
        self.inputs = inputs
        self.units = units
        self.connections = connections
    }

    /// Fraction of pairs connected.
    public var density: Double { Double(connections.count) / Double(inputs * units) }

    /// Whether `input` feeds `unit`.
    /// - Complexity: O(log connections.count).
    public func isConnected(unit: Int, input: Int) -> Bool {
        let key = unit * inputs + input
        var low = 0, high = connections.count
        while low < high {
            let mid = (low + high) / 2
            if connections[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < connections.count && connections[low] == key
    }

    /// Number of inputs feeding each unit.
    public var fanIns: [Int] {
        var counts = [Int](repeating: 0, count: units)
        for c in connections { counts[c / inputs] += 1 }
        return counts
    }
}
