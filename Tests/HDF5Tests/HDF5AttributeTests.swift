import Foundation
import Testing

@testable import HDF5

@Suite("Attributes")
struct HDF5AttributeTests {
    private let values: [String: HDF5AttributeValue] = [
        "sigma0": .double(0.3),
        "seed": .int(-42),
        "title": .string("μ-Kalman ✓"),
        "empty_text": .string(""),
        "bounds": .doubles([-5.12, 5.12, .infinity]),
        "sizes": .ints([1, 2, Int64.max]),
        "no_doubles": .doubles([]),
        "single": .doubles([1.5]),
    ]

    private func check(_ owner: some HDF5AttributeOwner) throws {
        for (name, value) in values {
            try owner.setAttribute(name, value)
        }
        for (name, value) in values {
            #expect(try owner.attribute(name) == value, "attribute \(name)")
        }
        #expect(try owner.attributeNames() == values.keys.sorted())
        #expect(try owner.attribute("missing") == nil)
        // Replacing changes value and type.
        try owner.setAttribute("seed", .string("replaced ✓"))
        #expect(try owner.attribute("seed") == .string("replaced ✓"))
        try owner.setAttribute("seed", .int(7))
        #expect(try owner.attribute("seed") == .int(7))
        #expect(try owner.attributeNames().count == values.count)
    }

    @Test("every kind on groups and datasets, replaced, persisted")
    func everyKind() throws {
        let path = TestSupport.temporaryPath("attributes")
        defer { TestSupport.remove(path) }
        do {
            let file = try HDF5File.create(path)
            try check(file.root)
            let group = try file.root.createGroup("runs")
            try check(group)
            let dataset = try group.createDataset("x", shape: [2], values: [1.0, 2.0])
            try check(dataset)
        }
        let file = try HDF5File.open(path)
        let dataset = try file.root.openDataset("runs/x")
        #expect(try dataset.attribute("title") == .string("μ-Kalman ✓"))
        #expect(try dataset.attribute("seed") == .int(7))
        #expect(try file.root.attribute("sizes") == .ints([1, 2, Int64.max]))
        #expect(try file.root.openGroup("runs").attributeNames().contains("bounds"))
        // A read-only file refuses to change attributes.
        #expect(throws: HDF5Error.self) { try file.root.setAttribute("x", .int(1)) }
    }
}
