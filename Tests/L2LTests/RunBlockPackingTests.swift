import Foundation
import Testing
@testable import L2L
import L2LOptimizers
import L2LOptimizees

/// Stacking a generation from each run's ``PackedRun`` gives exactly the arrays that stacking
/// from the iteration records gives (bit for bit, padding included), and hands over to the
/// records where a pack cannot repeat them.
@Suite struct RunBlockPackingTests {
    private static func state(_ name: String, _ shape: [Int], _ base: Double) -> RecordedArray {
        let count = shape.reduce(1, *)
        let axes = shape.indices.map { "\(name)_axis\($0)" }
        return RecordedArray(name: name, shape: shape, values: (0..<count).map { base + Double($0) }, axes: axes,
                             description: "state \(name)", units: "mV")
    }

    /// An optimizer run with `iterations` iterations of `population` candidates in `dimension`
    /// parameters, some iterations without kept candidates, statuses that do not always match,
    /// a state array whose shape grows, and a sparse one (absent from the first iteration).
    private static func optimizerRun(
        individual: Int, iterations: Int, population: Int, dimension: Int, sparseEvery: Int
    ) -> InnerRunResult {
        var r = InnerRunResult(coordinates: RunCoordinates(
            phase: .train, generation: 0, individual: individual, taskIndex: 0, taskSeed: 3, repeatIndex: 0))
        for i in 0..<iterations {
            let size = population - (i % 2)  // iterations differ in size
            let candidates = i == 1 ? [] : (0..<size).map { j in (0..<dimension).map { Double(100 * i + 10 * j + $0) } }
            var snapshot = [state("mean", [dimension], Double(i)), state("covariance", [1 + i % 3, 2], Double(-i))]
            if i > 0, i % sparseEvery == 0 { snapshot.append(state("archive", [i], 0.5)) }
            r.iterations.append(IterationRecord(
                iteration: i, candidates: candidates, fitness: (0..<size).map { -Double($0 + i) },
                incumbent: i == 0 ? nil : Incumbent(point: (0..<dimension).map { Double($0) * 0.1 }, fitness: -1, iteration: i),
                snapshot: snapshot))
            r.statuses.append(i == 2 ? [.error] : (0..<size).map { $0 == 0 ? .nonFinite : .ok })
            r.bestCurve.append(-Double(i))
        }
        r.bestPoint = (0..<dimension).map(Double.init)
        return r
    }

    private static func stacked(_ results: [InnerRunResult], packed: Bool) -> RunBlock? {
        var block = RunBlock(runs: results.count, columns: [])
        let iterations = results.map(\.iterations.count).max() ?? 0
        if packed {
            guard block.stackPacked(results.map(PackedRun.init), kinds: results.map(\.kind), curves: results.map(\.bestCurve),
                                    iterations: iterations, recordCandidates: true) else { return nil }
        } else {
            block.stackRecords(results, iterations: iterations, recordCandidates: true)
        }
        return block
    }

    private static func bits(_ values: RunBlock.Values) -> [UInt64] {
        switch values {
        case .double(let v): v.map(\.bitPattern)
        case .int64(let v): v.map { UInt64(bitPattern: $0) }
        case .uint8(let v): v.map(UInt64.init)
        case .string(let v): v.map { UInt64(truncatingIfNeeded: $0.hashValue) }
        }
    }

    private static func expectSame(_ a: RunBlock, _ b: RunBlock) {
        #expect(a.columns.map(\.name) == b.columns.map(\.name))
        for (x, y) in zip(a.columns, b.columns) {
            #expect(x.axes == y.axes, "\(x.name) axes")
            #expect(x.shape == y.shape, "\(x.name) shape")
            #expect(x.description == y.description && x.units == y.units, "\(x.name) labels")
            #expect(bits(x.values) == bits(y.values), "\(x.name) values")
        }
    }

    /// Two optimizer runs of different shapes with sparse state arrays, a failed run and a lifetime run.
    private static func mixedRuns(failure: String? = nil) -> [InnerRunResult] {
        var lifetime = InnerRunResult(coordinates: RunCoordinates(
            phase: .train, generation: 0, individual: 9, taskIndex: 0, taskSeed: 3, repeatIndex: 0))
        lifetime.kind = .lifetime
        lifetime.iterations = (0..<4).map { IterationRecord(iteration: $0, candidates: [], fitness: [0.5], incumbent: nil, snapshot: []) }
        lifetime.bestCurve = [0.1, 0.2, 0.3, 0.4]
        var failed = InnerRunResult(coordinates: RunCoordinates(
            phase: .train, generation: 0, individual: 8, taskIndex: 0, taskSeed: 3, repeatIndex: 0))
        failed.failure = failure
        return [
            optimizerRun(individual: 0, iterations: 6, population: 5, dimension: 3, sparseEvery: 2),
            optimizerRun(individual: 1, iterations: 4, population: 7, dimension: 2, sparseEvery: 3),
            failed, lifetime,
        ]
    }

    @Test func packsStackToTheSameArraysAsTheRecords() throws {
        let results = Self.mixedRuns()
        let fromRecords = try #require(Self.stacked(results, packed: false))
        let fromPacks = try #require(Self.stacked(results, packed: true))
        #expect(fromRecords.columns.contains { $0.name == "state_archive_iteration" }, "the sparse array is stored by occurrence")
        #expect(fromRecords.columns.contains { $0.name == "candidates" })
        Self.expectSame(fromRecords, fromPacks)
        // Through the public path: packs made ahead (as the evaluating threads do), and stale ones ignored.
        var ahead = results
        for k in ahead.indices { ahead[k].pack() }
        ahead[1].iterations.removeLast()  // its pack no longer matches: repacked by the block
        var expected = results
        expected[1].iterations.removeLast()
        Self.expectSame(RunBlock(expected, recordCandidates: true), RunBlock(ahead, recordCandidates: true))
    }

    @Test func aPartsCatalogueFromItsBlockEqualsTheOneReadBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("l2l-catalogue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.h5").path
        let runs = Self.mixedRuns(failure: "diverged")
        for (k, candidates) in [true, false].enumerated() {
            let block = RunBlock(runs, recordCandidates: candidates)
            let name = GenerationParts.partName(generation: k)
            try GenerationParts.write(path: path, name: name) { try RunCube($0).append(block) }
            let read = try PartCatalog.read(GenerationParts.partPath(for: path, name: name + ".h5"))
            let written = PartCatalog(written: block)
            #expect(read.runs == written.runs)
            #expect(read.arrays.map(\.name) == written.arrays.map(\.name))
            for (r, w) in zip(read.arrays, written.arrays) { #expect(r == w, "\(r.name)") }
        }
    }

    @Test func aStateArrayWhoseRankChangesIsStackedFromTheRecords() throws {
        var odd = Self.optimizerRun(individual: 0, iterations: 3, population: 2, dimension: 2, sparseEvery: 99)
        odd.iterations[2].snapshot[0] = Self.state("mean", [2, 1], 7)
        #expect(!PackedRun(odd).regular)
        #expect(Self.stacked([odd], packed: true) == nil)
        // Within runs regular, across runs not: the packs decline too.
        var other = Self.optimizerRun(individual: 1, iterations: 3, population: 2, dimension: 2, sparseEvery: 99)
        for i in other.iterations.indices { other.iterations[i].snapshot[0] = Self.state("mean", [1, 2], 1) }
        let plain = Self.optimizerRun(individual: 0, iterations: 3, population: 2, dimension: 2, sparseEvery: 99)
        #expect(PackedRun(other).regular && PackedRun(plain).regular)
        #expect(Self.stacked([plain, other], packed: true) == nil)
        // The block still records them, from the records.
        let block = RunBlock([odd, other], recordCandidates: true)
        let expected = try #require(Self.stacked([odd, other], packed: false))
        let names = Set(expected.columns.map(\.name))
        Self.expectSame(RunBlock(runs: 2, columns: block.columns.filter { names.contains($0.name) }), expected)
    }

    @Test func aPackStaysInItsProcess() throws {
        var result = Self.optimizerRun(individual: 0, iterations: 2, population: 2, dimension: 2, sparseEvery: 99)
        result.pack()
        #expect(result.packed?.value != nil)
        let back = try WireFormat.decode(InnerRunResult.self, from: WireFormat.encode(result))
        #expect(back.packed?.value == nil)
        #expect(back.iterations.count == 2)
        let encoder = JSONEncoder(), decoder = JSONDecoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = try decoder.decode(InnerRunResult.self, from: encoder.encode(result))
        #expect(json.packed?.value == nil)
    }
}
