import Foundation
import Testing

@testable import HDF5

@Suite("Extendible datasets")
struct HDF5ExtendibleTests {
    @Test("append rows across close and reopen")
    func appendAcrossReopen() throws {
        let path = TestSupport.temporaryPath("extendible")
        defer { TestSupport.remove(path) }
        let rows: [[Double]] = (0..<7).map { row in (0..<3).map { Double(row * 10 + $0) + 0.5 } }
        do {
            let file = try HDF5File.create(path)
            let group = try file.root.createGroup("runs/run_0000")
            let dataset = try group.createExtendibleDataset(
                "best_x", of: Double.self, rowShape: [3], chunkRows: 16, compressionLevel: 4, fillValue: .nan)
            #expect(dataset.shape == [0, 3])
            #expect(try dataset.read(as: Double.self).isEmpty)
            try dataset.append(rows[0])
            try dataset.append(rows[1] + rows[2], rows: 2)
            #expect(dataset.shape == [3, 3])
            let generations = try group.createExtendibleDataset("generation", of: Int64.self, rowShape: [])
            try generations.append([0, 1, 2], rows: 3)
            #expect(generations.shape == [3])
            try dataset.flush()
            file.close()
            #expect(!file.isOpen)
            file.close()  // idempotent
        }
        do {
            let file = try HDF5File.open(path, mode: .readWrite)
            let dataset = try file.root.openDataset("runs/run_0000/best_x")
            #expect(dataset.shape == [3, 3])
            try dataset.append(rows[3...].flatMap { $0 }, rows: 4)
            try dataset.append([Double](), rows: 0)
            #expect(dataset.shape == [7, 3])
            let generations = try file.root.openDataset("/runs/run_0000/generation")
            try generations.append([Int64(3)])
            try file.flush()
        }
        let file = try HDF5File.open(path)
        let dataset = try file.root.openDataset("runs/run_0000/best_x")
        #expect(dataset.shape == [7, 3])
        #expect(try dataset.read(as: Double.self) == rows.flatMap { $0 })
        #expect(try dataset.read(as: Double.self, start: [5, 1], count: [2, 2]) == [51.5, 52.5, 61.5, 62.5])
        #expect(try file.root.openDataset("runs/run_0000/generation").read(as: Int64.self) == [0, 1, 2, 3])
        #expect(try dataset.chunkShape() == [16, 3])
        #expect(try dataset.filterIdentifiers() == [2, 1])  // shuffle first, then deflate
    }

    @Test("chunk dimensions are clamped to at least 1; level 0 means no filters")
    func clampedChunks() throws {
        let path = TestSupport.temporaryPath("clamp")
        defer { TestSupport.remove(path) }
        let file = try HDF5File.create(path)
        let dataset = try file.root.createExtendibleDataset(
            "x", of: Float.self, rowShape: [2, 2], chunkRows: 0, compressionLevel: 0)
        #expect(try dataset.chunkShape() == [1, 2, 2])
        #expect(try dataset.filterIdentifiers().isEmpty)
        try dataset.append([Float(1), 2, 3, 4])
        #expect(dataset.shape == [1, 2, 2])
        #expect(try dataset.read(as: Float.self) == [1, 2, 3, 4])
    }

    @Test("h5dump shows shuffle, deflate, unlimited and fill value", .enabled(if: TestSupport.h5dumpAvailable))
    func h5dumpProperties() throws {
        let path = TestSupport.temporaryPath("h5dump")
        defer { TestSupport.remove(path) }
        do {
            let file = try HDF5File.create(path)
            let dataset = try file.root.createExtendibleDataset(
                "f", of: Double.self, rowShape: [4], chunkRows: 64, compressionLevel: 4, fillValue: -1)
            try dataset.append([1.0, 2, 3, 4])
        }
        let result = try #require(TestSupport.run(["h5dump", "-p", "-H", path]))
        #expect(result.status == 0, "\(result.stderr)")
        let output = result.stdout
        #expect(output.contains("SHUFFLE"))
        #expect(output.contains("COMPRESSION DEFLATE { LEVEL 4 }"))
        #expect(output.contains("CHUNKED ( 64, 4 )"))
        #expect(output.contains("( 1, 4 ) / ( H5S_UNLIMITED, 4 )"))
        #expect(output.contains("VALUE  -1"))
        // Filter order in the pipeline: shuffle before deflate.
        let shuffle = try #require(output.range(of: "SHUFFLE"))
        let deflate = try #require(output.range(of: "COMPRESSION DEFLATE"))
        #expect(shuffle.lowerBound < deflate.lowerBound)
    }
}
