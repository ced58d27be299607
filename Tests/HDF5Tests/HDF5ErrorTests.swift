import Foundation
import Testing

@testable import HDF5

@Suite("Errors")
struct HDF5ErrorTests {
    @Test("opening a missing file reports the file and the HDF5 error stack")
    func missingFile() throws {
        let path = TestSupport.temporaryPath("missing")
        let error = try #require(throws: HDF5Error.self) { try HDF5File.open(path) }
        #expect(error.operation == "H5Fopen")
        #expect(error.object == path)
        #expect(!error.messages.isEmpty)
        #expect(error.description.hasPrefix("H5Fopen(\(path)): "))
        #expect(error.description.contains("unable to open file"))
        #expect(!error.description.contains("\n"))
    }

    @Test("opening a missing dataset or group throws")
    func missingObjects() throws {
        let path = TestSupport.temporaryPath("missing-objects")
        defer { TestSupport.remove(path) }
        let file = try HDF5File.create(path)
        let group = try file.root.createGroup("g")
        let error = try #require(throws: HDF5Error.self) { try group.openDataset("nope") }
        #expect(error.operation == "H5Dopen2")
        #expect(error.object == "/g/nope")
        #expect(!error.messages.isEmpty)
        #expect(throws: HDF5Error.self) { try file.root.openGroup("nope/deeper") }
        // A failure does not leave stale messages behind for the next error.
        let second = try #require(throws: HDF5Error.self) { try group.openGroup("other") }
        #expect(second.operation == "H5Gopen2")
        #expect(second.messages.count <= error.messages.count + 2)
    }

    @Test("create without overwrite refuses an existing file")
    func createExclusive() throws {
        let path = TestSupport.temporaryPath("exclusive")
        defer { TestSupport.remove(path) }
        try HDF5File.create(path).close()
        let error = try #require(throws: HDF5Error.self) { try HDF5File.create(path, overwrite: false) }
        #expect(error.operation == "H5Fcreate")
        #expect(error.description.contains(path))
        try HDF5File.create(path, overwrite: true).close()
    }

    @Test("library information")
    func libraryInfo() {
        #expect(HDF5Library.version.hasPrefix("1."))
        _ = HDF5Library.isThreadSafe
    }
}
