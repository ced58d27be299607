import Foundation
import Testing

@testable import HDF5

/// Copying a group tree between files (how a finished run's part files are consolidated), and
/// the external links that point to them before.
@Suite("Tree copy and external links")
struct HDF5TreeCopyTests {
    /// A group like one inner run: many attributes (dense storage), a compressed dataset and
    /// a subgroup, each dataset with dimension scales.
    private func writeRun(in root: HDF5Group) throws {
        let run = try root.createGroup("g0001_i0002_t0000_r00", compactAttributes: 64)
        for k in 0..<12 { try run.setAttribute("attribute_\(k)", .string("value \(k) ✓")) }
        try run.setAttribute("final_best_fitness", .double(-1.5))
        let iteration = try run.createDataset("iteration", shape: [50], values: (0..<50).map { Int64($0) })
        try iteration.makeDimensionScale(name: "iteration")
        let parameter = try run.createDataset("parameter", shape: [100], values: (0..<100).map { Int64($0) })
        try parameter.makeDimensionScale(name: "parameter")
        let values = (0..<5000).map { sin(Double($0)) }
        let best = try run.createDataset("best_x", shape: [50, 100], values: values, chunks: [25, 100], compressionLevel: 4)
        try best.setAttribute("description", .string("encoded parameters"))
        try best.attachDimensionScale(iteration, axis: 0)
        try best.attachDimensionScale(parameter, axis: 1)
        let state = try run.createGroup("state")
        let stateIteration = try state.createDataset("iteration", shape: [50], values: (0..<50).map { Int64($0) })
        try stateIteration.makeDimensionScale(name: "iteration")
        let sigma = try state.createDataset("sigma", shape: [50], values: (0..<50).map { Double($0) })
        try sigma.attachDimensionScale(stateIteration, axis: 0)
    }

    @Test func copiesDataAttributesAndDimensionScalesToAnotherFile() throws {
        let sourcePath = TestSupport.temporaryPath("part"), destinationPath = TestSupport.temporaryPath("whole")
        defer { TestSupport.remove(sourcePath); TestSupport.remove(destinationPath) }
        let source = try HDF5File.create(sourcePath)
        try writeRun(in: source.root)
        let destination = try HDF5File.create(destinationPath)
        let runs = try destination.root.createGroup("runs")
        try runs.copyTree("g0001_i0002_t0000_r00", of: source.root)
        source.close()

        let copy = try runs.openGroup("g0001_i0002_t0000_r00")
        #expect(try copy.attribute("attribute_11") == .string("value 11 ✓"))
        #expect(try copy.attribute("final_best_fitness") == .double(-1.5))
        let best = try copy.openDataset("best_x")
        #expect(best.shape == [50, 100])
        #expect(try best.read(as: Double.self) == (0..<5000).map { sin(Double($0)) })
        #expect(try best.attribute("description") == .string("encoded parameters"))
        let iteration = try copy.openDataset("iteration"), parameter = try copy.openDataset("parameter")
        #expect(try iteration.isDimensionScale())
        #expect(try best.isDimensionScaleAttached(iteration, axis: 0))
        #expect(try best.isDimensionScaleAttached(parameter, axis: 1))
        #expect(try !best.isDimensionScaleAttached(parameter, axis: 0))
        let state = try copy.openGroup("state")
        #expect(try state.openDataset("sigma").isDimensionScaleAttached(state.openDataset("iteration"), axis: 0))
        destination.close()
    }

    @Test func denseAttributesAreRefusedNotCrashedOn() throws {
        let sourcePath = TestSupport.temporaryPath("dense"), destinationPath = TestSupport.temporaryPath("dense-copy")
        defer { TestSupport.remove(sourcePath); TestSupport.remove(destinationPath) }
        let source = try HDF5File.create(sourcePath)
        defer { source.close() }
        let group = try source.root.createGroup("many")
        for k in 0..<12 { try group.setAttribute("attribute_\(k)", .string("value \(k)")) }
        let destination = try HDF5File.create(destinationPath)
        defer { destination.close() }
        #expect(throws: HDF5Error.self) { try destination.root.copyTree("many", of: source.root) }
    }

    @Test func externalLinksResolveNextToTheLinkingFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hdf5links-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/main.h5.parts", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let part = try HDF5File.create(directory + "/main.h5.parts/g0001.h5")
        try writeRun(in: part.root)
        part.close()
        let main = try HDF5File.create(directory + "/main.h5")
        let runs = try main.root.createGroup("runs")
        try runs.createExternalLink("g0001_i0002_t0000_r00", file: "main.h5.parts/g0001.h5", object: "/g0001_i0002_t0000_r00")
        main.close()
        // Read from another working directory: the link is found beside the file that holds it.
        let reopened = try HDF5File.open(directory + "/main.h5", mode: .readOnly)
        defer { reopened.close() }
        let linked = try reopened.root.openGroup("runs")
        #expect(linked.isExternalLink("g0001_i0002_t0000_r00"))
        #expect(try linked.openGroup("g0001_i0002_t0000_r00").attribute("final_best_fitness") == .double(-1.5))
    }
}
