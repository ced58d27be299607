/// A C. elegans wiring diagram: neurons with class and transmitters, directed chemical
/// synapses with counts, undirected gap junctions with counts and neuromuscular junctions.
///
/// ```swift
/// let dir = URL(fileURLWithPath: "data/connectome")
/// let worm = try Connectome.load(.varshney2011, from: dir)
/// worm.neurons.count                         // 279
/// worm.chemicalSynapseCount                  // 6,394 synapses on 2,194 edges
/// worm.index(of: "AVAL")                     // the neuron id used by the model
/// let cook = try Connectome.load(.cook2019(includePharynx: false), from: dir)
/// ```
///
/// Data sets (see `data/connectome/README.md` for provenance):
/// - Varshney L. R., Chen B. L., Paniagua E., Hall D. H., Chklovskii D. B. (2011) Structural
///   properties of the Caenorhabditis elegans neuronal network. PLoS Comput Biol 7:e1001066,
///   doi:10.1371/journal.pcbi.1001066 — counts are numbers of synapses (S + Sp rows).
/// - Cook S. J. et al. (2019) Whole-animal connectomes of both Caenorhabditis elegans sexes.
///   Nature 571:63–71, doi:10.1038/s41586-019-1352-7 — counts are numbers of electron-microscopy
///   sections (about 3× the chemical and 5× the gap totals of Varshney): rescale before reusing
///   conductances calibrated on Varshney counts.
/// - Wang C. et al. (2024) A neurotransmitter atlas of C. elegans males and hermaphrodites.
///   eLife 13:RP95402 — the transmitters of every neuron.
///
/// Neuron ids are indices into ``neurons`` (file order, alphabetical). Edges refer to ids;
/// neuromuscular junctions keep the neuron's name because the cell may lie outside the network
/// (VC6 has only neuromuscular junctions in Varshney 2011).
public struct Connectome: Sendable, Equatable, Codable {
    /// Which published wiring a value holds.
    public enum Dataset: Sendable, Equatable, Hashable, Codable {
        /// Varshney et al. 2011: 279 somatic neurons, counts of synapses.
        case varshney2011
        /// Cook et al. 2019, hermaphrodite: 282 somatic neurons (Varshney's 279 plus CANL/R and
        /// VC6), or all 302 with the 20 pharyngeal neurons; counts of EM sections.
        case cook2019(includePharynx: Bool)
    }

    /// The data set.
    public var dataset: Dataset
    /// The network's neurons; a neuron's id is its index here.
    public var neurons: [ConnectomeNeuron]
    /// Directed chemical connections pre → post, sorted by (pre, post) name.
    public var chemicalSynapses: [ChemicalConnection]
    /// Undirected gap-junction pairs (`a < b` by name), sorted; no self pairs.
    public var gapJunctions: [GapJunctionPair]
    /// Neuromuscular junctions per neuron (Varshney 2011 only; empty for Cook 2019 here).
    public var neuromuscularJunctions: [NeuromuscularJunction]

    /// Builds a connectome; ``load(_:from:)`` reads one from CSV files.
    public init(dataset: Dataset, neurons: [ConnectomeNeuron], chemicalSynapses: [ChemicalConnection],
                gapJunctions: [GapJunctionPair], neuromuscularJunctions: [NeuromuscularJunction]) {
        self.dataset = dataset
        self.neurons = neurons
        self.chemicalSynapses = chemicalSynapses
        self.gapJunctions = gapJunctions
        self.neuromuscularJunctions = neuromuscularJunctions
        indexByName = Dictionary(uniqueKeysWithValues: neurons.enumerated().map { ($1.name, $0) })
    }

    private var indexByName: [String: Int]

    private enum CodingKeys: String, CodingKey {
        case dataset, neurons, chemicalSynapses, gapJunctions, neuromuscularJunctions
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(dataset: try c.decode(Dataset.self, forKey: .dataset),
                  neurons: try c.decode([ConnectomeNeuron].self, forKey: .neurons),
                  chemicalSynapses: try c.decode([ChemicalConnection].self, forKey: .chemicalSynapses),
                  gapJunctions: try c.decode([GapJunctionPair].self, forKey: .gapJunctions),
                  neuromuscularJunctions: try c.decode([NeuromuscularJunction].self, forKey: .neuromuscularJunctions))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dataset, forKey: .dataset)
        try c.encode(neurons, forKey: .neurons)
        try c.encode(chemicalSynapses, forKey: .chemicalSynapses)
        try c.encode(gapJunctions, forKey: .gapJunctions)
        try c.encode(neuromuscularJunctions, forKey: .neuromuscularJunctions)
    }

    /// The id of the neuron called `name` (e.g. `"AVAL"`, `"VA8"`, `"DD1"`), nil if absent.
    public func index(of name: String) -> Int? { indexByName[name] }

    /// The indices of the neurons a stimulus or readout names, in order.
    /// - Throws: ``ConnectomeError/unknownStimulusNeuron(name:dataset:)`` for a name this wiring lacks.
    public func indices(ofStimulusNeurons names: [String]) throws(ConnectomeError) -> [Int] {
        var indices: [Int] = []
        for name in names {
            guard let i = index(of: name) else { throw .unknownStimulusNeuron(name: name, dataset: "\(dataset)") }
            indices.append(i)
        }
        return indices
    }

    /// Number of neurons.
    public var neuronCount: Int { neurons.count }
    /// Total chemical synapses (Varshney) or EM sections (Cook) over all edges.
    public var chemicalSynapseCount: Int { chemicalSynapses.reduce(0) { $0 + $1.count } }
    /// Total gap junctions (or EM sections) over all pairs.
    public var gapJunctionCount: Int { gapJunctions.reduce(0) { $0 + $1.count } }
    /// Total neuromuscular junctions.
    public var neuromuscularJunctionCount: Int { neuromuscularJunctions.reduce(0) { $0 + $1.count } }
}

/// One neuron of a ``Connectome``.
public struct ConnectomeNeuron: Sendable, Equatable, Hashable, Codable {
    /// Name in cect's convention: upper case, no leading zero (`VA8`, `DD1`).
    public var name: String
    /// Functional class after Cook et al. 2019's grouping.
    public var neuronClass: NeuronClass
    /// Cook 2019 group label (`SENSORY NEURONS`, `INTERNEURONS`, …) and subgroup (may be empty).
    public var group: String, subgroup: String
    /// Transmitter identity after Wang et al. 2024.
    public var transmitters: NeuronTransmitters

    public init(name: String, neuronClass: NeuronClass, group: String = "", subgroup: String = "",
                transmitters: NeuronTransmitters) {
        self.name = name
        self.neuronClass = neuronClass
        self.group = group
        self.subgroup = subgroup
        self.transmitters = transmitters
    }
}

/// Neuron classes (Cook et al. 2019 groups; the sex-specific HSN and VC cells count as motor).
public enum NeuronClass: String, Sendable, Hashable, Codable, CaseIterable {
    case sensory, interneuron, motor, pharyngeal, other
}

/// The transmitters a neuron uses, as listed by Wang et al. 2024 (eLife 13:RP95402,
/// Supplementary File 2), with the three classical fast transmitters decoded.
///
/// An entry counts for ACh, GABA or glutamate if it names it, also when marked `*` (dim or
/// variable expression). GABA that is only taken up (`GABA (uptake)`, AVFL/R) does not count.
public struct NeuronTransmitters: Sendable, Equatable, Hashable, Codable {
    /// The entries as published, e.g. `["ACh", "*GABA", "*betaine (uptake) - NEW"]`.
    public var entries: [String]
    /// Acetylcholine.
    public var acetylcholine: Bool
    /// GABA, synthesised (not uptake only).
    public var gaba: Bool
    /// Glutamate.
    public var glutamate: Bool

    /// Decodes entries as in `data/connectome/regenerate.py`'s `sign_guess`.
    public init(entries: [String]) {
        self.entries = entries
        acetylcholine = entries.contains { $0.contains("ACh") }
        gaba = entries.contains { $0.contains("GABA") && !$0.contains("uptake") }
        glutamate = entries.contains { $0.contains("Glu") }
    }

    /// Parses the `;`-joined CSV form.
    public init(joined: String) {
        self.init(entries: joined.split(separator: ";").map(String.init).filter { !$0.isEmpty })
    }
}

/// A directed chemical connection between two neurons of a ``Connectome``.
public struct ChemicalConnection: Sendable, Equatable, Hashable, Codable {
    /// Presynaptic and postsynaptic neuron ids.
    public var pre: Int, post: Int
    /// Number of synapses (Varshney: monadic + polyadic) or EM sections (Cook).
    public var count: Int
    public init(pre: Int, post: Int, count: Int) { self.pre = pre; self.post = post; self.count = count }
}

/// An undirected gap-junction pair (`a`'s name sorts before `b`'s).
public struct GapJunctionPair: Sendable, Equatable, Hashable, Codable {
    /// The two neuron ids.
    public var a: Int, b: Int
    /// Number of junctions (Varshney) or EM sections (Cook).
    public var count: Int
    public init(a: Int, b: Int, count: Int) { self.a = a; self.b = b; self.count = count }
}

/// Neuromuscular junctions of one neuron (Varshney 2011 does not name the muscle cell).
public struct NeuromuscularJunction: Sendable, Equatable, Hashable, Codable {
    /// The neuron's name; it may lie outside the network (VC6).
    public var neuron: String
    /// The target as given, `BWM (unspecified body-wall muscle)`.
    public var target: String
    /// Number of junctions.
    public var count: Int
    public init(neuron: String, target: String, count: Int) {
        self.neuron = neuron; self.target = target; self.count = count
    }
}
