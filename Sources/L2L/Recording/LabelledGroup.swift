import HDF5
import L2LOptimizees

/// An HDF5 group whose datasets all carry dimension scales, so xarray and netCDF
/// readers see named dimensions.
///
/// Each axis name gets one 0-based `int64` index dataset in the group, made a
/// dimension scale. An axis name reused with a different length gets a suffix
/// (`parameter_7`), since a dimension has one length per group.
final class LabelledGroup {
    let group: HDF5Group
    private var scales: [String: (length: Int, dataset: HDF5Dataset)] = [:]
    private let defersScales: Bool
    private var pending: [HDF5DimensionScales.Attachment] = []

    /// - Parameter defersScales: collect the scale attachments of `write` and make them all at
    ///   once in ``attachDeferredScales()`` (much cheaper for a group of many datasets).
    init(_ group: HDF5Group, defersScales: Bool = false) {
        self.group = group
        self.defersScales = defersScales
    }

    /// Attaches the scales collected since the group was made (with `defersScales`).
    func attachDeferredScales() throws {
        try HDF5DimensionScales.attach(pending)
        pending = []
    }

    /// The scale for `axis` with `length` entries, created on first use.
    func scale(_ axis: String, length: Int) throws -> HDF5Dataset {
        if let existing = scales[axis], existing.length == length { return existing.dataset }
        let name = scales[axis] == nil ? axis : "\(axis)_\(length)"
        if let existing = scales[name] { return existing.dataset }
        if group.contains(name) {
            // A scale written by an earlier session on this file (the file is reopened per generation).
            let dataset = try group.openDataset(name)
            if dataset.shape == [length] {
                scales[name] = (length, dataset)
                return dataset
            }
            throw RecordingError.shapeChanged(dataset: dataset.name, expected: dataset.shape, got: [length])
        }
        let dataset = try group.createDataset(name, shape: [length], values: (0..<length).map { Int64($0) })
        try dataset.makeDimensionScale(name: name)
        try dataset.setAttribute("description", .string("index along the \(axis) axis"))
        try dataset.setAttribute("units", .string("1"))
        scales[name] = (length, dataset)
        return dataset
    }

    /// A fixed-size dataset with its axes labelled and `description`/`units` set.
    @discardableResult
    func write<T: HDF5Element>(
        _ name: String, shape: [Int], axes: [String], values: [T], description: String, units: String = "1"
    ) throws -> HDF5Dataset {
        precondition(axes.count == shape.count, "\(name): \(axes.count) axes for rank \(shape.count)")
        // Measured (docs/file-format.md, "Compression"): shuffle + deflate shrinks the float
        // arrays of inner runs (candidates, fitness, covariances) by only 7–15 % at ~15 MB/s, which
        // cost most of a run's time, while integer arrays (evaluation status) shrink 60-fold.
        // So only integer arrays are compressed.
        let compress = values.count >= 4096 && !(T.self == Double.self || T.self == Float.self)
        let dataset = try group.createDataset(
            name, shape: shape, values: values,
            chunks: compress ? Self.chunkShape(shape) : nil, compressionLevel: compress ? 4 : nil)
        try label(dataset, shape: shape, axes: axes, description: description, units: units)
        return dataset
    }

    /// A 1-D variable-length UTF-8 string dataset along `axis`.
    @discardableResult
    func writeStrings(_ name: String, axis: String, values: [String], description: String) throws -> HDF5Dataset {
        let dataset = try group.createStringDataset(name, values: values)
        try label(dataset, shape: [values.count], axes: [axis], description: description, units: "")
        return dataset
    }

    /// An extendible dataset growing along a first axis named `rowAxis`, whose scale grows with it.
    func extendible<T: HDF5Element>(
        _ name: String, of type: T.Type, rowShape: [Int], axes: [String], description: String, units: String = "1",
        fillValue: T? = nil
    ) throws -> HDF5Dataset {
        precondition(axes.count == rowShape.count + 1, "\(name): \(axes.count) axes for rank \(rowShape.count + 1)")
        let rowBytes = max(1, rowShape.reduce(1, *)) * 8
        let chunkRows = max(1, min(256, (64 * 1024) / rowBytes))
        // Uncompressed: these arrays grow by a generation's rows at every commit, and a deflated
        // chunk is inflated and deflated again each time; that was 60 % of the /outer writes'
        // CPU for 0.6 % of the quickstart's file (docs/file-format.md, "Compression").
        let dataset = try group.createExtendibleDataset(
            name, of: type, rowShape: rowShape, chunkRows: chunkRows, compressionLevel: 0, fillValue: fillValue)
        try dataset.setAttribute("description", .string(description))
        try dataset.setAttribute("units", .string(units))
        try nameHyperparameters(dataset, axes: axes)
        let axes = Self.distinct(axes)
        for (axis, (axisName, length)) in zip(axes.indices.dropFirst(), zip(axes.dropFirst(), rowShape)) {
            try dataset.attachDimensionScale(try scale(axisName, length: length), axis: axis)
        }
        return dataset
    }

    /// Attaches an extendible row scale (created by the caller) to axis 0 of `dataset`.
    func attachRowScale(_ rowScale: HDF5Dataset, to dataset: HDF5Dataset) throws {
        try dataset.attachDimensionScale(rowScale, axis: 0)
    }

    private func label(_ dataset: HDF5Dataset, shape: [Int], axes: [String], description: String, units: String) throws {
        try dataset.setAttribute("description", .string(description))
        try dataset.setAttribute("units", .string(units))
        try nameHyperparameters(dataset, axes: axes)
        let axes = Self.distinct(axes)
        if defersScales {
            let scales = try zip(axes, shape).map { axisName, length in try scale(axisName, length: length) }
            pending.append(HDF5DimensionScales.Attachment(dataset: dataset, scales: scales))
            return
        }
        for (axis, (axisName, length)) in zip(axes.indices, zip(axes, shape)) {
            try dataset.attachDimensionScale(try scale(axisName, length: length), axis: axis)
        }
    }

    /// A `hyperparameter` axis gets its dotted spec paths as a coordinate (`coordinates =
    /// hyperparameter_name`), which xarray shows beside the index: `ds.swap_dims(hyperparameter=
    /// "hyperparameter_name")` then selects by path.
    private func nameHyperparameters(_ dataset: HDF5Dataset, axes: [String]) throws {
        guard axes.contains("hyperparameter"), !dataset.name.hasSuffix("/hyperparameter_name") else { return }
        try dataset.setAttribute("coordinates", .string("hyperparameter_name"))
    }

    /// Axis names made distinct within one dataset (a covariance is parameter × parameter_2),
    /// since netCDF readers need one dimension per axis.
    static func distinct(_ axes: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return axes.map { axis in
            seen[axis, default: 0] += 1
            return seen[axis]! == 1 ? axis : "\(axis)_\(seen[axis]!)"
        }
    }

    static func chunkShape(_ shape: [Int]) -> [Int] {
        // Whole trailing dimensions, as many leading rows as fit in about 256 KiB.
        let trailing = shape.dropFirst().reduce(1, *)
        let rows = max(1, min(shape.first ?? 1, (256 * 1024 / 8) / max(1, trailing)))
        return [rows] + shape.dropFirst().map { max(1, $0) }
    }
}
