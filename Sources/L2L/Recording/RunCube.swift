import HDF5

/// A group of stacked run arrays (layout v2's `/runs`, or a part file's root) that grows along
/// every axis: each axis has an `int64` index dataset made a dimension scale, each array an
/// attribute `dimensions` naming its axes (space-separated, as in netCDF's CDL), `description`,
/// `units` and `coordinates` (the per-run coordinate variables, for xarray).
final class RunCube {
    let group: HDF5Group
    private var scales: [String: HDF5Dataset] = [:]
    /// Whether an array whose trailing axes outgrow its chunks is rewritten with chunks that
    /// cover them (``rechunkIfOutgrown(_:)``).
    private let rechunking: Bool

    /// - Parameter rechunking: rewrite an array whose trailing axes outgrow its chunks, for a
    ///   group that grows by appends into the finished file (the self-contained file in the
    ///   making): floats are stored uncompressed, so a chunk only partly inside the array still
    ///   takes its full size, and a candidate axis grown from 44 to 48 made the quickstart's
    ///   file 28 % larger. A part, written once, never needs it.
    init(_ group: HDF5Group, rechunking: Bool = false) throws {
        self.group = group
        self.rechunking = rechunking
        // Only members with a `CLASS` attribute can be scales: the others (views of parts
        // among them, costly to open) are not opened.
        for name in try group.memberNames() where !group.isGroup(name) && group.member(name, hasAttribute: "CLASS") {
            let dataset = try group.openDataset(name)
            if try dataset.isDimensionScale() { scales[name] = dataset }
        }
    }

    /// Runs held (the length of the `run` axis).
    var runCount: Int { length("run") }

    func length(_ axis: String) -> Int { scales[axis]?.shape.first ?? 0 }

    func scale(_ axis: String) -> HDF5Dataset? { scales[axis] }

    /// The axes that have a scale, in name order.
    var axisNames: [String] { scales.keys.sorted() }

    /// The axis names of an array written by `append`.
    static func axes(of dataset: HDF5Dataset) throws -> [String] {
        guard case .string(let text)? = try dataset.attribute("dimensions") else {
            throw RecordingError.shapeChanged(dataset: dataset.name, expected: [], got: dataset.shape)
        }
        return text.split(separator: " ").map(String.init)
    }

    /// The data arrays (not scales) of the group, in name order.
    func arrayNames() throws -> [String] {
        try group.memberNames().filter { scales[$0] == nil && !group.isGroup($0) }.sorted()
    }

    /// Makes `axis`'s scale at least `length` long (creating it), numbering new entries.
    @discardableResult
    func grow(axis: String, to length: Int) throws -> (scale: HDF5Dataset, created: Bool) {
        if let scale = scales[axis] {
            let current = scale.shape[0]
            if length > current {
                try scale.setExtent([length])
                try scale.write((current..<length).map { Int64($0) }, start: [current], count: [length - current])
            }
            return (scale, false)
        }
        let scale = try group.createCube(axis, of: Int64.self, shape: [length], chunks: [axis == "run" ? 1024 : 256], fillValue: -1)
        try scale.write((0..<length).map { Int64($0) }, start: [0], count: [length])
        try scale.makeDimensionScale(name: axis)
        try scale.setAttribute("description", .string("index along the \(axis) axis"))
        try scale.setAttribute("units", .string("1"))
        scales[axis] = scale
        return (scale, true)
    }

    /// Appends `block`'s runs. Arrays the block lacks are padded (fill values, empty strings);
    /// arrays new to the group are created, padded for the runs before; virtual arrays are left
    /// alone (``RunStore`` rebuilds them).
    func append(_ block: RunBlock) throws {
        let start = runCount
        let columns = block.columns
        var lengths: [String: Int] = ["run": start + block.runs]
        for column in columns {
            for (axis, n) in zip(column.axes.dropFirst(), column.shape.dropFirst()) { lengths[axis] = max(lengths[axis] ?? 0, n) }
        }
        var fresh: Set<String> = []
        for axis in lengths.keys.sorted() {
            if try grow(axis: axis, to: max(lengths[axis]!, length(axis))).created { fresh.insert(axis) }
        }
        let present = Set(columns.map(\.name))
        for name in try arrayNames() where !present.contains(name) {
            let dataset = try group.openDataset(name)
            if try dataset.isVirtual() { continue }
            if try dataset.storedType() == .string {
                try dataset.appendStrings(Array(repeating: "", count: block.runs))
            } else {
                try extend(try rechunkIfOutgrown(name))
            }
        }
        var created: [(HDF5Dataset, [String])] = []
        for column in columns {
            let target = column.axes.map { length($0) }
            let offset = [start] + Array(repeating: 0, count: column.axes.count - 1)
            if case .string(let values) = column.values {
                let dataset: HDF5Dataset
                if group.contains(column.name) {
                    dataset = try group.openDataset(column.name)
                } else {
                    dataset = try group.createExtendibleStringDataset(column.name)
                    try dataset.appendStrings(Array(repeating: "", count: start))
                    try label(dataset, column)
                    created.append((dataset, column.axes))
                }
                try dataset.appendStrings(values)
                continue
            }
            let dataset: HDF5Dataset
            if group.contains(column.name) {
                dataset = try rechunkIfOutgrown(column.name)
                try extend(dataset)
            } else {
                dataset = try create(column.name, values: column.values, shape: target)
                try label(dataset, column)
                created.append((dataset, column.axes))
            }
            switch column.values {
            case .double(let v): try dataset.write(v, start: offset, count: column.shape)
            case .int64(let v): try dataset.write(v, start: offset, count: column.shape)
            case .uint8(let v): try dataset.write(v, start: offset, count: column.shape)
            case .string: break
            }
        }
        try attach(created, bulk: created.allSatisfy { $0.1.allSatisfy(fresh.contains) })
    }

    /// Grows `dataset` to the current length of each of its axes.
    func extend(_ dataset: HDF5Dataset) throws {
        let target = try Self.axes(of: dataset).map { length($0) }
        if dataset.shape != target { try dataset.setExtent(target) }
    }

    /// With `rechunking`, replaces `name` by an array of the same values whose chunks span its
    /// trailing axes at their current lengths, if they have outgrown its chunks; returns the array.
    /// Costs a copy of the array, once per growth of its trailing axes (a tuned population's
    /// largest value is usually met in the first generations).
    func rechunkIfOutgrown(_ name: String) throws -> HDF5Dataset {
        let dataset = try group.openDataset(name)
        let axes = try Self.axes(of: dataset)
        let target = axes.map { length($0) }
        guard rechunking, target.count > 1, let chunks = try dataset.chunkShape(), chunks.count == target.count,
              zip(chunks.dropFirst(), target.dropFirst()).contains(where: { $0 < $1 }) else { return dataset }
        let type = try dataset.storedType()
        guard type != .string else { return dataset }
        let shape = dataset.shape
        let start = Array(repeating: 0, count: shape.count)
        let values: RunBlock.Values = switch type {
        case .uint8: .uint8(try dataset.read(as: UInt8.self))
        case .integer: .int64(try dataset.read(as: Int64.self))
        default: .double(try dataset.read(as: Double.self))
        }
        let column = RunBlock.Column(name: name, axes: axes, shape: target, values: values,
                                     description: try Self.text(dataset, "description"), units: try Self.text(dataset, "units"))
        try detach(dataset)
        try group.removeMember(name)
        let fresh = try create(name, values: values, shape: target)
        switch values {
        case .double(let v): try fresh.write(v, start: start, count: shape)
        case .int64(let v): try fresh.write(v, start: start, count: shape)
        case .uint8(let v): try fresh.write(v, start: start, count: shape)
        case .string: break
        }
        try label(fresh, column)
        try attach([(fresh, axes)], bulk: false)
        return fresh
    }

    /// A string attribute of `dataset` (`description`, `units`), empty when absent.
    static func text(_ dataset: HDF5Dataset, _ attribute: String) throws -> String {
        if case .string(let s)? = try dataset.attribute(attribute) { return s }
        return ""
    }

    /// A labelled virtual array of `type` over `sources`, with the layout's fill value (the
    /// result file's views over parts and segments, a segment's views over parts).
    @discardableResult
    func createVirtual(
        _ name: String, type: HDF5StoredType, axes: [String], shape: [Int], sources: [HDF5VirtualSource],
        description: String, units: String
    ) throws -> HDF5Dataset {
        let dataset: HDF5Dataset = switch type {
        case .string: try group.createVirtualStringDataset(name, shape: shape, sources: sources)
        case .uint8: try group.createVirtualDataset(name, of: UInt8.self, shape: shape, fillValue: RunBlock.fillStatus, sources: sources)
        case .integer: try group.createVirtualDataset(name, of: Int64.self, shape: shape, fillValue: RunBlock.fillInteger, sources: sources)
        default: try group.createVirtualDataset(name, of: Double.self, shape: shape, fillValue: RunBlock.fillDouble, sources: sources)
        }
        try label(dataset, RunBlock.Column(name: name, axes: axes, shape: shape, values: .double([]), description: description, units: units))
        return dataset
    }

    /// A new numeric cube of `shape` for values like `values`, filled with the layout's fill value.
    func create(_ name: String, values: RunBlock.Values, shape: [Int]) throws -> HDF5Dataset {
        let chunks = Self.chunkShape(shape, elementBytes: { if case .uint8 = values { return 1 }; return 8 }())
        return try create(name, values: values, shape: shape, chunks: chunks)
    }

    private func create(_ name: String, values: RunBlock.Values, shape: [Int], chunks: [Int]) throws -> HDF5Dataset {
        switch values {
        case .double:
            // Floats uncompressed: shuffle + deflate shrinks them by 7–15 % at ~15 MB/s (docs/file-format.md).
            return try group.createCube(name, of: Double.self, shape: shape, chunks: chunks, fillValue: RunBlock.fillDouble)
        case .int64:
            return try group.createCube(name, of: Int64.self, shape: shape, chunks: chunks, compressionLevel: 4, fillValue: RunBlock.fillInteger)
        case .uint8:
            return try group.createCube(name, of: UInt8.self, shape: shape, chunks: chunks, compressionLevel: 4, fillValue: RunBlock.fillStatus)
        case .string:
            preconditionFailure("RunCube.create(\(name)): strings are created by append")
        }
    }

    func label(_ dataset: HDF5Dataset, _ column: RunBlock.Column) throws {
        try dataset.setAttribute("description", .string(column.description))
        try dataset.setAttribute("units", .string(column.units))
        try dataset.setAttribute("dimensions", .string(column.axes.joined(separator: " ")))
        if !RunBlock.coordinateNames.contains(column.name) {
            try dataset.setAttribute("coordinates", .string(RunBlock.coordinateNames.joined(separator: " ")))
        }
    }

    /// Attaches each dataset's axis scales: in one step when every scale is new, else one by one.
    func attach(_ datasets: [(HDF5Dataset, [String])], bulk: Bool) throws {
        if bulk {
            try HDF5DimensionScales.attach(datasets.map { d, axes in
                HDF5DimensionScales.Attachment(dataset: d, scales: axes.map { scales[$0] })
            })
            return
        }
        for (dataset, axes) in datasets {
            for (i, axis) in axes.enumerated() {
                if let scale = scales[axis] { try dataset.attachDimensionScale(scale, axis: i) }
            }
        }
    }

    /// Detaches every scale of `dataset` (before it is deleted).
    func detach(_ dataset: HDF5Dataset) throws {
        for (i, axis) in try Self.axes(of: dataset).enumerated() {
            if let scale = scales[axis], try dataset.isDimensionScaleAttached(scale, axis: i) {
                try dataset.detachDimensionScale(scale, axis: i)
            }
        }
    }

    /// Whole trailing dimensions and as many runs as fit in about 256 KiB, but no more than
    /// the array holds (an uncompressed chunk takes its full size on disk), and at least one.
    static func chunkShape(_ shape: [Int], elementBytes: Int) -> [Int] {
        let trailing = shape.dropFirst().map { max(1, $0) }
        let rowBytes = trailing.reduce(elementBytes, *)
        // A (run) column grows by a generation at a time: 8 KiB chunks.
        if shape.count == 1 { return [1024] }
        let rows = max(1, min(shape.first ?? 1, 4096, (256 * 1024) / rowBytes))
        return [rows] + trailing
    }
}

/// How a block's values are stored in HDF5, both ways.
extension RunBlock.Values {
    /// How these values are stored in HDF5.
    var storedType: HDF5StoredType {
        switch self {
        case .double: .float
        case .int64: .integer
        case .uint8: .uint8
        case .string: .string
        }
    }

    /// No values, of the kind stored as `type` (any other number type is stored as doubles).
    static func empty(storedAs type: HDF5StoredType) -> RunBlock.Values {
        switch type {
        case .string: .string([])
        case .uint8: .uint8([])
        case .integer: .int64([])
        default: .double([])
        }
    }
}
