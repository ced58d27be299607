import Foundation

extension Connectome {
    /// File names in a connectome data directory (`data/connectome/`).
    public enum FileName {
        public static let varshneyNeurons = "varshney2011_neurons.csv"
        public static let varshneyEdges = "varshney2011_edges.csv"
        public static let varshneyNMJ = "varshney2011_nmj.csv"
        public static let cookNeurons = "cook2019_herm_neurons.csv"
        public static let cookEdges = "cook2019_herm_neuron_edges.csv"
    }

    /// Reads `dataset` from the CSV files in `directory` (the layout of `data/connectome/`,
    /// written by `data/connectome/regenerate.py` from cect 0.3.5).
    ///
    /// - Varshney 2011: the neurons with `in_varshney_279 = 1` of `varshney2011_neurons.csv`
    ///   (279), the `chemical` and `electrical` rows of `varshney2011_edges.csv` (`count`), and
    ///   `varshney2011_nmj.csv`.
    /// - Cook 2019: `cook2019_herm_neurons.csv` (302, or 282 without the pharynx) and
    ///   `cook2019_herm_neuron_edges.csv` (`em_sections`); chemical autapses are kept, edges
    ///   touching a dropped pharyngeal neuron are left out.
    ///
    /// - Throws: ``ConnectomeError`` naming the file, line and column of the first problem.
    /// - Complexity: O(rows).
    public static func load(_ dataset: Dataset, from directory: URL) throws(ConnectomeError) -> Connectome {
        switch dataset {
        case .varshney2011:
            let neurons = try readNeurons(directory.appendingPathComponent(FileName.varshneyNeurons),
                                          classColumn: "class_cook2019") { csv, row throws(ConnectomeError) in
                try csv.flag(row, try csv.column("in_varshney_279"))
            }
            let (chemical, gap) = try readEdges(directory.appendingPathComponent(FileName.varshneyEdges),
                                                countColumn: "count", neurons: neurons, skipUnknown: false)
            let nmj = try readNMJ(directory.appendingPathComponent(FileName.varshneyNMJ))
            return Connectome(dataset: dataset, neurons: neurons, chemicalSynapses: chemical, gapJunctions: gap,
                              neuromuscularJunctions: nmj)
        case .cook2019(let includePharynx):
            let neurons = try readNeurons(directory.appendingPathComponent(FileName.cookNeurons),
                                          classColumn: "class") { csv, row throws(ConnectomeError) in
                let cls = try csv.column("class")
                return includePharynx || row.fields[cls] != NeuronClass.pharyngeal.rawValue
            }
            let (chemical, gap) = try readEdges(directory.appendingPathComponent(FileName.cookEdges),
                                                countColumn: "em_sections", neurons: neurons,
                                                skipUnknown: !includePharynx)
            return Connectome(dataset: dataset, neurons: neurons, chemicalSynapses: chemical, gapJunctions: gap,
                              neuromuscularJunctions: [])
        }
    }

    private static func readNeurons(
        _ url: URL, classColumn: String,
        keep: (ConnectomeCSV, ConnectomeCSV.Row) throws(ConnectomeError) -> Bool
    ) throws(ConnectomeError) -> [ConnectomeNeuron] {
        let csv = try ConnectomeCSV(url: url)
        let name = try csv.column("name"), cls = try csv.column(classColumn)
        let group = try csv.column("cook2019_group"), sub = try csv.column("cook2019_subgroup")
        let nt = try csv.column("neurotransmitters_wang2024")
        var out: [ConnectomeNeuron] = []
        var seen = Set<String>()
        for row in csv.rows {
            let n = row.fields[name]
            guard !n.isEmpty else {
                throw .invalidValue(file: csv.file, line: row.line, column: name + 1, name: "name",
                                    expected: "a neuron name", found: n)
            }
            guard seen.insert(n).inserted else { throw .duplicate(file: csv.file, line: row.line, what: "neuron \(n)") }
            guard let c = NeuronClass(rawValue: row.fields[cls]) else {
                throw .invalidValue(file: csv.file, line: row.line, column: cls + 1, name: classColumn,
                                    expected: NeuronClass.allCases.map(\.rawValue).joined(separator: "|"),
                                    found: row.fields[cls])
            }
            guard try keep(csv, row) else { continue }
            out.append(ConnectomeNeuron(name: n, neuronClass: c, group: row.fields[group], subgroup: row.fields[sub],
                                        transmitters: NeuronTransmitters(joined: row.fields[nt])))
        }
        return out
    }

    private static func readEdges(
        _ url: URL, countColumn: String, neurons: [ConnectomeNeuron], skipUnknown: Bool
    ) throws(ConnectomeError) -> ([ChemicalConnection], [GapJunctionPair]) {
        let csv = try ConnectomeCSV(url: url)
        let pre = try csv.column("pre"), post = try csv.column("post"), type = try csv.column("type")
        let countIndex = try csv.column(countColumn)
        let index = Dictionary(uniqueKeysWithValues: neurons.enumerated().map { ($1.name, $0) })
        var chemical: [ChemicalConnection] = []
        var gap: [GapJunctionPair] = []
        var seenChemical = Set<[Int]>(), seenGap = Set<[Int]>()
        for row in csv.rows {
            let a = index[row.fields[pre]], b = index[row.fields[post]]
            if a == nil || b == nil {
                if skipUnknown { continue }
                let bad = a == nil ? pre : post
                throw .unknownNeuron(file: csv.file, line: row.line, column: bad + 1, name: row.fields[bad])
            }
            guard let a, let b else { continue }
            let n = try csv.count(row, countIndex)
            switch row.fields[type] {
            case "chemical":
                guard seenChemical.insert([a, b]).inserted else {
                    throw .duplicate(file: csv.file, line: row.line, what: "chemical edge \(row.fields[pre])→\(row.fields[post])")
                }
                chemical.append(ChemicalConnection(pre: a, post: b, count: n))
            case "electrical":
                guard a != b else {
                    throw .invalidValue(file: csv.file, line: row.line, column: post + 1, name: "post",
                                        expected: "a neuron other than pre (no self gap junctions)", found: row.fields[post])
                }
                guard seenGap.insert([min(a, b), max(a, b)]).inserted else {
                    throw .duplicate(file: csv.file, line: row.line, what: "gap-junction pair \(row.fields[pre])–\(row.fields[post])")
                }
                gap.append(GapJunctionPair(a: a, b: b, count: n))
            case let t:
                throw .invalidValue(file: csv.file, line: row.line, column: type + 1, name: "type",
                                    expected: "chemical or electrical", found: t)
            }
        }
        return (chemical, gap)
    }

    private static func readNMJ(_ url: URL) throws(ConnectomeError) -> [NeuromuscularJunction] {
        let csv = try ConnectomeCSV(url: url)
        let neuron = try csv.column("neuron"), target = try csv.column("target"), count = try csv.column("nmj_count")
        return try csv.rows.map { row throws(ConnectomeError) in
            NeuromuscularJunction(neuron: row.fields[neuron], target: row.fields[target],
                                  count: try csv.count(row, count))
        }
    }
}
