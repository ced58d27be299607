import Foundation
import Testing

@testable import HDF5

/// Shapes of rank 0 (scalar) to 3.
private let shapes: [[Int]] = [[], [5], [3, 4], [2, 3, 4]]

private func roundTrip<T: HDF5Element & Equatable>(
    _ type: T.Type, shape: [Int], in group: HDF5Group, make: (Int) -> T
) throws {
    let count = shape.reduce(1, *)
    let values = (0..<count).map(make)
    let name = "\(T.self)_rank\(shape.count)"
    let dataset = try group.createDataset(name, shape: shape, values: values)
    #expect(dataset.shape == shape)
    #expect(try dataset.read(as: T.self) == values)
    let reopened = try group.openDataset(name)
    #expect(reopened.name == "\(group.name)/\(name)")
    #expect(reopened.shape == shape)
    #expect(try reopened.read(as: T.self) == values)
}

@Suite("Round trips")
struct HDF5RoundTripTests {
    @Test("every element type at ranks 0 to 3", arguments: shapes)
    func everyElementType(shape: [Int]) throws {
        let path = TestSupport.temporaryPath("roundtrip")
        defer { TestSupport.remove(path) }
        do {
            let file = try HDF5File.create(path)
            let group = try file.root.createGroup("data")
            try roundTrip(Double.self, shape: shape, in: group) { Double($0) * 0.25 - 1.5 }
            try roundTrip(Float.self, shape: shape, in: group) { Float($0) * -0.5 + 0.125 }
            try roundTrip(Int64.self, shape: shape, in: group) { Int64($0) * 1_000_000_007 - 3 }
            try roundTrip(Int32.self, shape: shape, in: group) { Int32($0) * -70_001 }
            try roundTrip(UInt8.self, shape: shape, in: group) { UInt8(($0 * 37) % 256) }
            file.close()
        }
        // Reopen from disk and check again.
        let file = try HDF5File.open(path)
        let group = try file.root.openGroup("data")
        let count = shape.reduce(1, *)
        let doubles = try group.openDataset("Double_rank\(shape.count)").read(as: Double.self)
        #expect(doubles == (0..<count).map { Double($0) * 0.25 - 1.5 })
        let bytes = try group.openDataset("UInt8_rank\(shape.count)").read(as: UInt8.self)
        #expect(bytes == (0..<count).map { UInt8(($0 * 37) % 256) })
        #expect(try group.memberNames() == [
            "Double_rank\(shape.count)", "Float_rank\(shape.count)", "Int32_rank\(shape.count)",
            "Int64_rank\(shape.count)", "UInt8_rank\(shape.count)",
        ])
    }

    @Test("reading converts from the stored type")
    func conversion() throws {
        let path = TestSupport.temporaryPath("convert")
        defer { TestSupport.remove(path) }
        let file = try HDF5File.create(path)
        let dataset = try file.root.createDataset("ints", shape: [2, 2], values: [Int32(1), -2, 3, 400])
        #expect(try dataset.read(as: Double.self) == [1, -2, 3, 400])
        #expect(try dataset.read(as: Int64.self) == [1, -2, 3, 400])
    }

    @Test("whole-dataset write overwrites the contents")
    func overwrite() throws {
        let path = TestSupport.temporaryPath("overwrite")
        defer { TestSupport.remove(path) }
        let file = try HDF5File.create(path)
        let dataset = try file.root.createDataset("x", shape: [3], values: [1.0, 2.0, 3.0])
        try dataset.write([4.0, 5.0, 6.0])
        #expect(try dataset.read(as: Double.self) == [4, 5, 6])
        try dataset.write([Int64(7), 8, 9])
        #expect(try dataset.read(as: Double.self) == [7, 8, 9])
    }

    @Test("chunked and compressed fixed-size dataset")
    func chunkedCompressed() throws {
        let path = TestSupport.temporaryPath("chunked")
        defer { TestSupport.remove(path) }
        let file = try HDF5File.create(path)
        let values = (0..<200).map { Double($0 % 7) }
        let dataset = try file.root.createDataset(
            "z", shape: [20, 10], values: values, chunks: [8, 0], compressionLevel: 6)
        #expect(try dataset.chunkShape() == [8, 1])
        #expect(try dataset.filterIdentifiers() == [2, 1])  // shuffle, deflate
        #expect(try dataset.read(as: Double.self) == values)
        let plain = try file.root.createDataset("p", shape: [2], values: [1.0, 2.0])
        #expect(try plain.chunkShape() == nil)
        #expect(try plain.filterIdentifiers().isEmpty)
    }

    @Test("hyperslab read of a 3-D dataset")
    func hyperslab() throws {
        let path = TestSupport.temporaryPath("hyperslab")
        defer { TestSupport.remove(path) }
        let file = try HDF5File.create(path)
        let shape = [4, 5, 6]
        let values = (0..<120).map { Int64($0) }
        let dataset = try file.root.createDataset("cube", shape: shape, values: values)
        let start = [1, 2, 3]
        let count = [2, 3, 2]
        var expected: [Int64] = []
        for i in start[0]..<start[0] + count[0] {
            for j in start[1]..<start[1] + count[1] {
                for k in start[2]..<start[2] + count[2] {
                    expected.append(Int64((i * shape[1] + j) * shape[2] + k))
                }
            }
        }
        #expect(try dataset.read(as: Int64.self, start: start, count: count) == expected)
        #expect(try dataset.read(as: Double.self, start: [3, 4, 5], count: [1, 1, 1]) == [119])
        #expect(try dataset.read(as: Int64.self, start: [0, 0, 0], count: [0, 2, 2]).isEmpty)
        // Out of bounds is reported by the library.
        #expect(throws: HDF5Error.self) {
            try dataset.read(as: Int64.self, start: [3, 0, 0], count: [2, 1, 1])
        }
    }

    @Test("variable-length UTF-8 string dataset")
    func strings() throws {
        let path = TestSupport.temporaryPath("strings")
        defer { TestSupport.remove(path) }
        let values = ["alpha", "μ-Kalman ✓", "", "line\nbreak", String(repeating: "x", count: 1000)]
        do {
            let file = try HDF5File.create(path)
            let dataset = try file.root.createStringDataset("names", values: values)
            #expect(dataset.shape == [values.count])
            #expect(try dataset.readStrings() == values)
            _ = try file.root.createStringDataset("empty", values: [])
            let numbers = try file.root.createDataset("numbers", shape: [1], values: [1.0])
            #expect(throws: HDF5Error.self) { try numbers.readStrings() }
        }
        let file = try HDF5File.open(path)
        #expect(try file.root.openDataset("names").readStrings() == values)
        #expect(try file.root.openDataset("empty").readStrings() == [])
        // A read-only file refuses new objects.
        #expect(throws: HDF5Error.self) {
            try file.root.createDataset("nums", shape: [1], values: [1.0])
        }
    }
}
