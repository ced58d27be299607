import Foundation
import Testing
@testable import L2LNetworks

/// The repository's `data/connectome/` folder, found from this file's path.
let connectomeDataDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/connectome")

/// Importer: published counts (Varshney et al. 2011), Cook et al. 2019, typed CSV errors.
@Suite struct ConnectomeImportTests {
    @Test func varshneyPublishedCounts() throws {
        let worm = try Connectome.load(.varshney2011, from: connectomeDataDirectory)
        // Varshney et al. 2011 / WormAtlas NeuronConnect.xls (data/connectome/README.md).
        #expect(worm.neuronCount == 279)
        #expect(worm.chemicalSynapses.count == 2194)
        #expect(worm.chemicalSynapseCount == 6394)
        #expect(worm.gapJunctions.count == 514)
        #expect(worm.gapJunctionCount == 887)
        #expect(worm.neuromuscularJunctionCount == 1410)
        #expect(worm.neuromuscularJunctions.count == 115)
        #expect(worm.neuromuscularJunctions.contains { $0.neuron == "VC6" } && worm.index(of: "VC6") == nil)
        let classes = Dictionary(grouping: worm.neurons, by: \.neuronClass).mapValues(\.count)
        #expect(classes == [.sensory: 83, .interneuron: 81, .motor: 115])
        #expect(worm.neurons[worm.index(of: "AVAL")!].transmitters.acetylcholine)
        #expect(!worm.neurons[worm.index(of: "AVFL")!].transmitters.gaba)     // GABA uptake only
        #expect(worm.gapJunctions.allSatisfy { worm.neurons[$0.a].name < worm.neurons[$0.b].name })
        let kunert = GradedPotentialNetwork(connectome: worm)
        #expect(kunert.inhibitory.filter { $0 }.count == 26)
        let wang = GradedPotentialNetwork(connectome: worm, polarity: SynapticPolarity(gaba: .wang2024))
        #expect(wang.inhibitory.filter { $0 }.count == 35)
        let glu = GradedPotentialNetwork(connectome: worm, polarity: SynapticPolarity(gaba: .wang2024,
                                                                                    glutamateInhibitory: true))
        #expect(glu.inhibitory.filter { $0 }.count == 35 + 71)
    }

    @Test func cookLoadsThroughTheSameImporter() throws {
        let somatic = try Connectome.load(.cook2019(includePharynx: false), from: connectomeDataDirectory)
        #expect(somatic.neuronCount == 282)
        #expect(somatic.chemicalSynapses.count == 3567)
        #expect(somatic.gapJunctions.count == 1057)
        for name in ["CANL", "CANR", "VC6", "AVAL"] { #expect(somatic.index(of: name) != nil) }
        let all = try Connectome.load(.cook2019(includePharynx: true), from: connectomeDataDirectory)
        #expect(all.neuronCount == 302)
        #expect(all.chemicalSynapses.count == 3709)
        #expect(all.chemicalSynapseCount == 20965)
        #expect(all.gapJunctions.count == 1091)
        #expect(all.gapJunctionCount == 5744)
        // The model runs on it too (EM-section counts; no claim about the dynamics).
        let net = GradedPotentialNetwork(connectome: somatic)
        let sim = GradedPotentialSimulator(network: net, weights: [net.priorWeights], method: .euler, dtMs: 0.01)
        sim.run(steps: 10)
        #expect(sim.divergedAtStep == [nil])
    }

    /// Copies the Varshney files into a temporary folder, with `edit` applied to one of them.
    func corrupted(_ file: String, _ edit: (String) -> String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("connectome-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in [Connectome.FileName.varshneyNeurons, Connectome.FileName.varshneyEdges,
                     Connectome.FileName.varshneyNMJ] {
            var text = try String(contentsOf: connectomeDataDirectory.appendingPathComponent(name), encoding: .utf8)
            if name == file { text = edit(text) }
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// Replaces line `line` (1-based) of a CRLF file.
    func replacingLine(_ line: Int, with f: @escaping (String) -> String) -> (String) -> String {
        { text in
            var lines = text.components(separatedBy: "\r\n")
            lines[line - 1] = f(lines[line - 1])
            return lines.joined(separator: "\r\n")
        }
    }

    @Test func badCountIsATypedErrorWithLineAndColumn() throws {
        let dir = try corrupted(Connectome.FileName.varshneyEdges, replacingLine(17) { l in
            var f = l.components(separatedBy: ","); f[3] = "x"; return f.joined(separator: ",")
        })
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(Connectome.FileName.varshneyEdges).path
        #expect(throws: ConnectomeError.invalidValue(file: file, line: 17, column: 4, name: "count",
                                                     expected: "a non-negative integer", found: "x")) {
            try Connectome.load(.varshney2011, from: dir)
        }
        do { _ = try Connectome.load(.varshney2011, from: dir) } catch {
            #expect(error.description.hasSuffix("varshney2011_edges.csv:17:4: column \"count\": expected a non-negative integer, found \"x\""))
        }
    }

    @Test func unknownNeuronFieldCountQuotingAndMissingFile() throws {
        let edges = Connectome.FileName.varshneyEdges
        let unknown = try corrupted(edges, replacingLine(5) { l in "XYZ" + l.drop { $0 != "," } })
        defer { try? FileManager.default.removeItem(at: unknown) }
        #expect(throws: ConnectomeError.unknownNeuron(file: unknown.appendingPathComponent(edges).path,
                                                      line: 5, column: 1, name: "XYZ")) {
            try Connectome.load(.varshney2011, from: unknown)
        }
        let short = try corrupted(edges, replacingLine(9) { l in String(l.prefix { $0 != "," }) })
        defer { try? FileManager.default.removeItem(at: short) }
        #expect(throws: ConnectomeError.wrongFieldCount(file: short.appendingPathComponent(edges).path,
                                                        line: 9, expected: 6, found: 1)) {
            try Connectome.load(.varshney2011, from: short)
        }
        let quote = try corrupted(edges, replacingLine(3) { l in "AD\"AL" + l.drop { $0 != "," } })
        defer { try? FileManager.default.removeItem(at: quote) }
        #expect(throws: ConnectomeError.malformedQuoting(file: quote.appendingPathComponent(edges).path,
                                                         line: 3, column: 1)) {
            try Connectome.load(.varshney2011, from: quote)
        }
        let missing = URL(fileURLWithPath: "/nonexistent-connectome")
        #expect(throws: ConnectomeError.self) { try Connectome.load(.varshney2011, from: missing) }
    }

    @Test func quotedFieldsAndLineNumbers() throws {
        let csv = try ConnectomeCSV(text: "a,b\r\n\"x, \"\"y\"\"\",2\r\n\"multi\nline\",3\r\nlast,4", file: "t.csv")
        #expect(csv.header == ["a", "b"])
        #expect(csv.rows.map(\.fields) == [["x, \"y\"", "2"], ["multi\nline", "3"], ["last", "4"]])
        #expect(csv.rows.map(\.line) == [2, 3, 5])
    }

    @Test func gapCouplingIsSymmetric() throws {
        let worm = try Connectome.load(.varshney2011, from: connectomeDataDirectory)
        let net = GradedPotentialNetwork(connectome: worm)
        let n = net.neuronCount
        let (gap, syn) = net.conductances(weights: net.priorWeights)
        for i in 0..<n {
            #expect(gap[i * n + i] == 0)
            for j in 0..<i where gap[i * n + j] != gap[j * n + i] { Issue.record("G^g not symmetric at \(i),\(j)") }
        }
        let gapSum: Double = gap.reduce(0, +), synSum: Double = syn.reduce(0, +)
        #expect(gapSum == 177_400)   // 2 · 100 pS · 887
        #expect(synSum == 639_400)   // 100 pS · 6,394
    }
}
