import Foundation
import HDF5
import Testing
@testable import L2L
import L2LOptimizees

/// `/runs` while a run is written: every array a view of the part files, commits that open
/// only the part they add, and a catalogue that never serves a replaced part's old contents.
@Suite struct RunStoreTests {
    private static func results(generation: Int, count: Int, failure: String? = nil) -> [InnerRunResult] {
        (0..<count).map { individual in
            var r = InnerRunResult(coordinates: RunCoordinates(
                phase: .train, generation: generation, individual: individual, taskIndex: 0, taskSeed: 7, repeatIndex: 0))
            r.failure = individual == 0 ? failure : nil
            r.evaluations = 10 * generation + individual
            return r
        }
    }

    private static func scratchPath() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("l2l-runstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("r.h5").path
    }

    @Test func perRunColumnsAreViewsOfThePartsAndMaterializeToTheSameValues() throws {
        let path = try Self.scratchPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = try HDF5File.create(path)
        let runs = try file.root.createGroup("runs")
        try RunStore.commit(RunBlock(Self.results(generation: 0, count: 3, failure: "boom"), recordCandidates: false),
                            part: GenerationParts.partName(generation: 0), runs: runs, path: path)
        try RunStore.commit(RunBlock(Self.results(generation: 1, count: 2), recordCandidates: false),
                            part: GenerationParts.partName(generation: 1), runs: runs, path: path)
        for name in ["phase", "generation", "evaluations", "failure"] {
            #expect(try runs.openDataset(name).isVirtual(), "\(name) should be a view of the parts")
        }
        let expectedEvaluations: [Int64] = [0, 1, 2, 10, 11]
        #expect(try runs.openDataset("evaluations").read(as: Int64.self) == expectedEvaluations)
        #expect(try runs.openDataset("generation").read(as: Int64.self) == [0, 0, 0, 1, 1])
        #expect(try runs.openDataset("failure").readStrings() == ["boom", "", "", "", ""])
        try RunStore.materialize(runs, path: path)
        for name in ["phase", "evaluations", "failure"] { #expect(try !runs.openDataset(name).isVirtual()) }
        #expect(try runs.openDataset("evaluations").read(as: Int64.self) == expectedEvaluations)
        #expect(try runs.openDataset("failure").readStrings() == ["boom", "", "", "", ""])
        #expect(try runs.openDataset("phase").readStrings() == Array(repeating: "train", count: 5))
        file.close()
    }

    @Test func segmentsKeepTheViewsShortAndTheValuesTheSame() throws {
        let path = try Self.scratchPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = try HDF5File.create(path)
        let runs = try file.root.createGroup("runs")
        let span = RunStore.segmentSpan
        var expected: [Int64] = []
        for g in 0..<(span + 3) {
            let count = 1 + g % 3  // parts of different lengths
            try RunStore.commit(RunBlock(Self.results(generation: g, count: count, failure: g == 2 ? "boom" : nil), recordCandidates: false),
                                part: GenerationParts.partName(generation: g), runs: runs, path: path)
            try RunStore.writeSegment(endingWith: g, path: path)
            expected += (0..<count).map { Int64(10 * g + $0) }
        }
        #expect(RunStore.mappedNames(path: path) == ["s0000.h5"] + (span..<(span + 3)).map { GenerationParts.partName(generation: $0) + ".h5" })
        try RunStore.rebuildVirtual(runs, path: path)
        #expect(try runs.openDataset("evaluations").read(as: Int64.self) == expected)
        let failures = try runs.openDataset("failure").readStrings()
        #expect(failures.count == expected.count && failures.filter { !$0.isEmpty } == ["boom"])
        // A rollback into the segment's generations removes it with the parts.
        GenerationParts.removeParts(path: path, from: span - 1)
        #expect(RunStore.mappedNames(path: path) == (0..<(span - 1)).map { GenerationParts.partName(generation: $0) + ".h5" })
        file.close()
    }

    @Test func aGrowingCubeIsRechunkedWhenItsTrailingAxesOutgrowItsChunks() throws {
        let path = try Self.scratchPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = try HDF5File.create(path)
        defer { file.close() }
        func block(runs: Int, width: Int, base: Double) -> RunBlock {
            RunBlock(runs: runs, columns: [RunBlock.Column(
                name: "fitness", axes: ["run", "candidate"], shape: [runs, width],
                values: .double((0..<(runs * width)).map { base + Double($0) }), description: "d")])
        }
        for rechunking in [false, true] {
            let group = try file.root.createGroup("g\(rechunking)")
            try RunCube(group, rechunking: rechunking).append(block(runs: 2, width: 3, base: 0))
            try RunCube(group, rechunking: rechunking).append(block(runs: 1, width: 5, base: 100))
            let fitness = try group.openDataset("fitness")
            #expect(fitness.shape == [3, 5])
            let values = try fitness.read(as: Double.self)
            let expected: [Double] = [0, 1, 2, .nan, .nan, 3, 4, 5, .nan, .nan, 100, 101, 102, 103, 104]
            #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
            let chunks = try #require(try fitness.chunkShape())
            #expect(rechunking ? chunks[1] == 5 : chunks[1] == 3, "chunks \(chunks)")
            #expect(try fitness.isDimensionScaleAttached(try group.openDataset("candidate"), axis: 1))
            #expect(try fitness.attribute("description") == .string("d"))
        }
    }

    @Test func catalogueFollowsAPartReplacedUnderTheSameName() throws {
        let path = try Self.scratchPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let part = GenerationParts.partPath(for: path, name: "g0000.h5")
        try GenerationParts.write(path: path, name: "g0000") { try RunCube($0).append(RunBlock(Self.results(generation: 0, count: 3), recordCandidates: false)) }
        #expect(try PartCatalog.of(part).runs == 3)
        // What a rollback and a re-run of the generation do: the part is written anew, with other contents.
        try GenerationParts.write(path: path, name: "g0000") { try RunCube($0).append(RunBlock(Self.results(generation: 0, count: 5), recordCandidates: false)) }
        #expect(try PartCatalog.of(part).runs == 5)
        #expect(try PartCatalog.of(part).arrays.first { $0.name == "evaluations" }?.shape == [5])
    }
}
