import HDF5
import L2LOptimizees

/// A result file whose contents are not what l2l writes: a wrong shape, type or count, found
/// before anything was read into memory or changed.
public struct DamagedResultFile: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file as named on the command line.
    public var path: String
    /// The HDF5 object, e.g. `/outer/fitness` or `/checkpoint@completed_generations`.
    public var object: String
    /// What l2l writes there.
    public var expected: String
    /// What the file holds instead.
    public var found: String

    public init(path: String, object: String, expected: String, found: String) {
        self.path = path
        self.object = object
        self.expected = expected
        self.found = found
    }

    public var description: String {
        "\(path) is damaged: \(object) should be \(expected), but is \(found); "
            + "the file was changed after l2l wrote it (rerun the experiment with `l2l run`)"
    }
}

/// Checks of what a result file holds, made before a shape or count is used to allocate, read,
/// resize or index anything. Every failure is a ``DamagedResultFile``.
public struct ResultFileChecks: Sendable {
    /// More elements than this in one dataset cannot have been written by a run that fits a machine.
    public static let maximumElements = 1 << 31

    /// The file as named on the command line.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The error for `object`.
    public func damaged(_ object: String, expected: String, found: String) -> DamagedResultFile {
        DamagedResultFile(path: path, object: object, expected: expected, found: found)
    }

    /// The dataset `name` of `group` with its shape, checked to have `rank` dimensions, no more
    /// than ``maximumElements`` elements, and each dimension given in `dimensions` equal to it.
    public func dataset(_ group: HDF5Group, _ name: String, rank: Int, dimensions: [Int: Int] = [:]) throws -> (HDF5Dataset, [Int]) {
        let object = group.name == "/" ? "/" + name : group.name + "/" + name
        guard group.contains(name), !group.isGroup(name) else {
            throw damaged(object, expected: "a dataset", found: group.contains(name) ? "a group" : "missing")
        }
        let dataset = try group.openDataset(name)
        let shape = try dataset.currentShape()
        guard shape.count == rank else {
            throw damaged(object, expected: "a \(rank)-dimensional dataset", found: "shaped \(shape)")
        }
        var elements = 1
        for extent in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: max(extent, 1))
            guard !overflow, product <= Self.maximumElements else {
                throw damaged(object, expected: "at most \(Self.maximumElements) elements", found: "shaped \(shape)")
            }
            elements = product
        }
        for (axis, extent) in dimensions.sorted(by: { $0.key < $1.key }) where shape[axis] != extent {
            throw damaged(object, expected: "\(extent) along axis \(axis) (as the other datasets)", found: "shaped \(shape)")
        }
        return (dataset, shape)
    }

    /// The integer attribute `name` of `group`, in `range`; nil when absent and `required` is false.
    public func integer(_ group: HDF5Group, _ name: String, in range: ClosedRange<Int64>, required: Bool = true) throws -> Int64? {
        let object = group.name + "@" + name
        switch try group.attribute(name) {
        case .int(let value)?:
            guard range.contains(value) else {
                throw damaged(object, expected: "an integer in \(range.lowerBound)...\(range.upperBound)", found: "\(value)")
            }
            return value
        case nil where !required:
            return nil
        case let other:
            throw damaged(object, expected: "an integer", found: Self.describe(other))
        }
    }

    /// The string attribute `name` of `group`; nil when absent and `required` is false.
    public func string(_ group: HDF5Group, _ name: String, required: Bool = true) throws -> String? {
        switch try group.attribute(name) {
        case .string(let value)?: return value
        case nil where !required: return nil
        case let other: throw damaged(group.name + "@" + name, expected: "a string", found: Self.describe(other))
        }
    }

    /// An attribute value in a few words, for messages.
    public static func describe(_ value: HDF5AttributeValue?) -> String {
        switch value {
        case nil: "missing"
        case .double(let v)?: "the real number \(v)"
        case .int(let v)?: "the integer \(v)"
        case .string(let s)?: "the string '\(s.prefix(60))'"
        case .doubles(let v)?: "an array of \(v.count) reals"
        case .ints(let v)?: "an array of \(v.count) integers"
        }
    }

    /// The checkpoint of a file about to be resumed, checked against the outer datasets it rolls
    /// back: `completed_generations` in 0...min(rows written, `iterations`), every extendible outer
    /// dataset with at least that many rows, the counters non-negative.
    func checkpoint(in root: HDF5Group, iterations: Int) throws {
        let checkpointPath = "/checkpoint"
        guard root.contains("checkpoint"), root.isGroup("checkpoint") else {
            throw damaged(checkpointPath, expected: "a group", found: root.contains("checkpoint") ? "a dataset" : "missing")
        }
        let checkpoint = try root.openGroup("checkpoint")
        guard let completed = try integer(checkpoint, "completed_generations", in: 0...Int64(iterations)) else { return }
        _ = try integer(checkpoint, "evaluations", in: 0...Int64.max, required: false)
        _ = try integer(checkpoint, "failed_runs", in: 0...Int64.max, required: false)
        _ = try string(checkpoint, "outer_optimizer_state", required: false)
        guard root.contains("outer"), root.isGroup("outer") else {
            throw damaged("/outer", expected: "a group", found: root.contains("outer") ? "a dataset" : "missing")
        }
        let outer = try root.openGroup("outer")
        var groups = [outer]
        if outer.contains("state"), outer.isGroup("state") { groups.append(try outer.openGroup("state")) }
        for group in groups {
            for name in try group.memberNames() where !group.isGroup(name) {
                let dataset = try group.openDataset(name)
                guard try dataset.isExtendible() else { continue }
                let shape = try dataset.currentShape()
                let object = group.name + "/" + name
                guard let rows = shape.first else {
                    throw damaged(object, expected: "rows of generations", found: "a scalar")
                }
                guard Int64(rows) >= completed else {
                    throw damaged(checkpointPath + "@completed_generations",
                                  expected: "at most the \(rows) generations written in \(object)", found: "\(completed)")
                }
            }
        }
        if completed > 0, !outer.contains("fitness") {
            throw damaged("/outer/fitness", expected: "the rows of \(completed) completed generations", found: "missing")
        }
    }

    /// Checks that every outer dataset a resumed run appends to has the row shape l2l writes:
    /// `[population, h]`, `[population]`, `[population, tasks, repeats]`, `[h]` or one value.
    public func outerRows(in root: HDF5Group, hyperparameters h: Int, tasks: Int, repeats: Int) throws {
        guard root.contains("outer"), root.isGroup("outer") else { return }
        let outer = try root.openGroup("outer")
        guard outer.contains("fitness") else { return }
        let p = try dataset(outer, "fitness", rank: 2).1[1]
        let rows: [(String, [Int])] = [
            ("generation", []), ("hyperparameters", [p, h]), ("encoded", [p, h]), ("failed", [p]), ("failed_runs", [p]),
            ("failed_evaluations", [p]), ("run_final_fitness", [p, tasks, repeats]), ("best_fitness", []),
            ("best_hyperparameters", [h]), ("generation_best_fitness", []), ("mean_fitness", []),
        ]
        for (name, row) in rows {
            var dimensions: [Int: Int] = [:]
            for (axis, extent) in row.enumerated() { dimensions[axis + 1] = extent }
            _ = try dataset(outer, name, rank: row.count + 1, dimensions: dimensions)
        }
    }
}
