import Foundation
import Testing

@testable import HDF5

@Suite("Files, groups and dimension scales")
struct HDF5FileTests {
    @Test("groups: nested creation, contains, member names")
    func groups() throws {
        let path = TestSupport.temporaryPath("groups")
        defer { TestSupport.remove(path) }
        let file = try HDF5File.create(path)
        #expect(file.path == path)
        let root = file.root
        #expect(root.name == "/")
        let deep = try root.createGroup("a/b/c")
        #expect(deep.name == "/a/b/c")
        let b = try root.openGroup("a/b")
        #expect(b.name == "/a/b")
        _ = try b.createGroup("zeta")
        _ = try b.createDataset("alpha", shape: [1], values: [Int32(1)])
        #expect(try b.memberNames() == ["alpha", "c", "zeta"])
        #expect(root.contains("a"))
        #expect(root.contains("a/b/c"))
        #expect(root.contains("/a/b/alpha"))
        #expect(b.contains("c"))
        #expect(!root.contains("a/x"))
        #expect(!root.contains("x/y/z"))
        #expect(root.contains("/"))
        #expect(try root.memberNames() == ["a"])
        #expect(throws: HDF5Error.self) { try root.createGroup("a") }  // exists already
    }

    @Test("closing a file with objects still open allows reopening; old objects throw")
    func closeAndReopen() throws {
        let path = TestSupport.temporaryPath("close")
        defer { TestSupport.remove(path) }
        let file = try HDF5File.create(path)
        let group = try file.root.createGroup("g")
        let dataset = try group.createDataset("d", shape: [2], values: [1.0, 2.0])
        file.close()
        #expect(throws: HDF5Error.self) { try dataset.read(as: Double.self) }
        #expect(throws: HDF5Error.self) { try group.memberNames() }
        #expect(!group.contains("d"))
        // Reopen for writing while the old wrappers are still alive.
        let again = try HDF5File.open(path, mode: .readWrite)
        let reopened = try again.root.openDataset("g/d")
        try reopened.write([3.0, 4.0])
        again.close()
        let reader = try HDF5File.open(path)
        #expect(try reader.root.openDataset("g/d").read(as: Double.self) == [3, 4])
        withExtendedLifetime((group, dataset)) {}
    }

    @Test("objects keep their file alive")
    func objectsKeepFileAlive() throws {
        let path = TestSupport.temporaryPath("alive")
        defer { TestSupport.remove(path) }
        let dataset: HDF5Dataset = try {
            let file = try HDF5File.create(path)
            return try file.root.createDataset("d", shape: [3], values: [UInt8(1), 2, 3])
        }()
        #expect(try dataset.read(as: UInt8.self) == [1, 2, 3])
        #expect(dataset.file.isOpen)
    }

    @Test("dimension scales are attached")
    func dimensionScales() throws {
        let path = TestSupport.temporaryPath("scales")
        defer { TestSupport.remove(path) }
        do {
            let file = try HDF5File.create(path)
            let run = try file.root.createGroup("runs/run_0000")
            let generation = try run.createExtendibleDataset("generation", of: Int64.self, rowShape: [])
            let coord = try run.createDataset("coord", shape: [3], values: [Int64(0), 1, 2])
            let bestX = try run.createExtendibleDataset("best_x", of: Double.self, rowShape: [3])
            try generation.makeDimensionScale(name: "generation")
            try coord.makeDimensionScale(name: "coord")
            try bestX.attachDimensionScale(generation, axis: 0)
            try bestX.attachDimensionScale(coord, axis: 1)
            try generation.append([Int64(0)])
            try bestX.append([1.0, 2, 3])
            #expect(try generation.isDimensionScale())
            #expect(try !bestX.isDimensionScale())
            #expect(try bestX.isDimensionScaleAttached(generation, axis: 0))
            #expect(try bestX.isDimensionScaleAttached(coord, axis: 1))
            #expect(try !bestX.isDimensionScaleAttached(coord, axis: 0))
        }
        let file = try HDF5File.open(path)
        let bestX = try file.root.openDataset("runs/run_0000/best_x")
        #expect(try bestX.attachedScaleCount(axis: 0) == 1)
        #expect(try bestX.attachedScaleCount(axis: 1) == 1)
        let coord = try file.root.openDataset("runs/run_0000/coord")
        #expect(try coord.isDimensionScale())
        #expect(try bestX.isDimensionScaleAttached(coord, axis: 1))
    }

    @Test("concurrent writers to separate files")
    func concurrentWriters() async throws {
        let paths = (0..<4).map { TestSupport.temporaryPath("concurrent\($0)") }
        defer { paths.forEach(TestSupport.remove) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, path) in paths.enumerated() {
                group.addTask {
                    let file = try HDF5File.create(path)
                    let dataset = try file.root.createExtendibleDataset(
                        "x", of: Double.self, rowShape: [2], chunkRows: 8)
                    for row in 0..<100 {
                        try dataset.append([Double(index), Double(row)])
                    }
                    file.close()
                }
            }
            try await group.waitForAll()
        }
        for (index, path) in paths.enumerated() {
            let values = try HDF5File.open(path).root.openDataset("x").read(as: Double.self)
            #expect(values == (0..<100).flatMap { [Double(index), Double($0)] })
        }
    }
}
