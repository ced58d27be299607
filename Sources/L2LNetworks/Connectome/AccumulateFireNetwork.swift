import Foundation

/// The integer "accumulate and fire" connectome model that the ENOMAD study trains (Churchland &
/// Garcia-Ojalvo 2025; the model of OpenWorm's robot worm, its code `Worm_Env/trained_connectome.py`
/// read for the settings): every neuron has an accumulator; a neuron whose accumulator exceeded
/// `threshold` (in absolute value) at the end of the previous step fires — it adds its outgoing
/// weights to its targets' accumulators and is reset to 0 — and the body-wall muscles' summed input
/// of the step is the worm's left and right drive. There are no time constants and no potentials:
/// the trainable parameters are the raw weights themselves.
///
/// **Weights** (one per edge, ``edges`` order): neuron → neuron, the chemical synapse count pre → post
/// (negative when the presynaptic neuron is GABAergic, as the study's table negates GABA rows) plus
/// the gap-junction count of the pair (both directions, positive), from this package's connectome;
/// then neuron → body-wall muscle, the OpenWorm neuromuscular counts of muscles 07–23
/// (`data/connectome/openworm_body_wall_nmj.csv`), signed the same way. The study builds its
/// neuron → neuron weights from OpenWorm's table (which includes the pharynx); here the wiring is
/// Varshney 2011 (or Cook 2019), so the prior differs from theirs in the counts, not the rule.
///
/// **Sides** as in the study's muscle lists: left = MDL and MVL 07–23; right = MDR and MVR 07–23 except
/// MDR21 and MVR21, which their lists omit (they name MDL21 and MVL21 in the right list, and those
/// already count on the left) — kept for fidelity.
///
/// **Order**: the firing neurons deliver in neuron-id order (alphabetical, as the study's sorted
/// names); a neuron's reset happens right after its own delivery, so input from neurons later in
/// the order arrives after the reset and is kept, input from earlier ones is cleared — their rule.
public struct AccumulateFireNetwork: Sendable {
    /// A weighted connection. `target` is a neuron id (`< neuronCount`), or ``leftMuscles`` /
    /// ``rightMuscles`` for a left or right body-wall muscle.
    public struct Edge: Sendable, Equatable {
        public var pre: Int
        public var target: Int
        /// `w_PRE_POST` for neuron edges, `nmj_PRE_MUSCLE` for muscle edges.
        public var name: String
    }

    public let connectome: Connectome
    public let edges: [Edge]
    /// The unmodified connectome weights (the study's untrained worm), one per edge.
    public let priorWeights: [Double]
    /// Firing threshold (the study's 30).
    public let threshold: Double
    /// Edge ids grouped by presynaptic neuron: `outgoing[outStart[i]..<outStart[i + 1]]`.
    let outStart: [Int]
    let outgoing: [Int]

    public var neuronCount: Int { connectome.neurons.count }
    /// The target id that collects left body-wall muscle input.
    public var leftMuscles: Int { neuronCount }
    /// The target id that collects right body-wall muscle input.
    public var rightMuscles: Int { neuronCount + 1 }

    /// Muscles read as the left side.
    public static func isLeft(_ muscle: String) -> Bool { muscle.hasPrefix("MDL") || muscle.hasPrefix("MVL") }
    /// Muscles read as the right side (not MDR21, MVR21; see the type's doc).
    public static func isRight(_ muscle: String) -> Bool {
        (muscle.hasPrefix("MDR") || muscle.hasPrefix("MVR")) && !muscle.hasSuffix("21")
    }

    /// - Parameters:
    ///   - muscles: neuron → muscle counts (`openworm_body_wall_nmj.csv` rows); rows of a neuron
    ///     outside the wiring, or of a muscle on neither side, are left out.
    public init(connectome: Connectome, muscles: [(neuron: String, muscle: String, count: Double)], threshold: Double = 30) {
        self.connectome = connectome
        self.threshold = threshold
        let n = connectome.neurons.count
        let sign = connectome.neurons.map { $0.transmitters.gaba ? -1.0 : 1.0 }
        var pairs: [Int: Double] = [:]  // pre * n + post
        for e in connectome.chemicalSynapses { pairs[e.pre * n + e.post, default: 0] += sign[e.pre] * Double(e.count) }
        for g in connectome.gapJunctions {
            pairs[g.a * n + g.b, default: 0] += Double(g.count)
            pairs[g.b * n + g.a, default: 0] += Double(g.count)
        }
        let names = connectome.neurons.map(\.name)
        var edges: [Edge] = [], prior: [Double] = []
        for key in pairs.keys.sorted() {
            let pre = key / n, post = key % n
            edges.append(Edge(pre: pre, target: post, name: "w_\(names[pre])_\(names[post])"))
            prior.append(pairs[key]!)
        }
        for row in muscles.sorted(by: { ($0.neuron, $0.muscle) < ($1.neuron, $1.muscle) }) {
            guard let pre = connectome.index(of: row.neuron) else { continue }
            let target = Self.isLeft(row.muscle) ? n : Self.isRight(row.muscle) ? n + 1 : -1
            guard target >= 0 else { continue }
            edges.append(Edge(pre: pre, target: target, name: "nmj_\(row.neuron)_\(row.muscle)"))
            prior.append(sign[pre] * row.count)
        }
        self.edges = edges
        priorWeights = prior
        var start = [Int](repeating: 0, count: n + 1)
        for e in edges { start[e.pre + 1] += 1 }
        for i in 0..<n { start[i + 1] += start[i] }
        var fill = start, order = [Int](repeating: 0, count: edges.count)
        for (k, e) in edges.enumerated() {
            order[fill[e.pre]] = k
            fill[e.pre] += 1
        }
        outStart = start
        outgoing = order
    }

    /// Reads `openworm_body_wall_nmj.csv` (`neuron,muscle,count`) from `directory`.
    /// - Throws: ``ConnectomeError`` naming the file (and the line and column of a bad field).
    public static func loadMuscles(from directory: URL) throws(ConnectomeError) -> [(neuron: String, muscle: String, count: Double)] {
        let file = directory.appendingPathComponent("openworm_body_wall_nmj.csv")
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw .unreadable(file: file.path, reason: "\(error.localizedDescription)")
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard let header = lines.first.map({ $0.split(separator: ",").map(String.init) }),
              header == ["neuron", "muscle", "count"] else {
            throw .missingColumn(file: file.path, column: "neuron,muscle,count",
                                 header: lines.first.map { $0.split(separator: ",").map(String.init) } ?? [])
        }
        var rows: [(neuron: String, muscle: String, count: Double)] = []
        for (k, line) in lines.enumerated() where k > 0 && !line.isEmpty {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 3 else { throw .wrongFieldCount(file: file.path, line: k + 1, expected: 3, found: f.count) }
            guard let count = Double(f[2]), count >= 0 else {
                throw .invalidValue(file: file.path, line: k + 1, column: 3, name: "count",
                                    expected: "a non-negative number", found: f[2])
            }
            rows.append((f[0], f[1], count))
        }
        return rows
    }

    /// The accumulators of every neuron, all 0 at the start of an episode.
    public func restingState() -> [Double] { [Double](repeating: 0, count: neuronCount) }

    /// One step: the `sensory` neurons deliver their weights; then every neuron whose accumulator
    /// exceeded the threshold (absolute value) before this step delivers and resets. Returns the
    /// step's summed left and right body-wall muscle input (the study's left and right "speeds").
    public func step(_ state: inout [Double], weights: [Double], sensory: [Int]) -> (left: Double, right: Double) {
        let n = neuronCount
        var next = state, left = 0.0, right = 0.0
        func deliver(_ pre: Int) {
            for k in outStart[pre]..<outStart[pre + 1] {
                let e = outgoing[k], target = edges[e].target, w = weights[e]
                if target < n { next[target] += w } else if target == n { left += w } else { right += w }
            }
        }
        for s in sensory { deliver(s) }
        for i in 0..<n where abs(state[i]) > threshold {
            deliver(i)
            next[i] = 0
        }
        state = next
        return (left, right)
    }
}
