import CHDF5

/// A dataset in an HDF5 file: an n-dimensional array of numbers or strings.
///
/// A dataset keeps its file alive. Fixed-size datasets come from
/// ``HDF5Group/createDataset(_:shape:values:chunks:compressionLevel:)``,
/// growable ones from
/// ``HDF5Group/createExtendibleDataset(_:of:rowShape:chunkRows:compressionLevel:fillValue:)``.
public final class HDF5Dataset: @unchecked Sendable {
    let handle: HDF5ObjectHandle

    init(file: HDF5File, id: hid_t, name: String) {
        handle = HDF5ObjectHandle(file: file, id: id, name: name)
    }

    /// The full path of the dataset, e.g. `"/runs/run_0000/best_fitness"`.
    public var name: String { handle.name }

    /// The file that contains the dataset.
    public var file: HDF5File { handle.file }

    /// The current extent (queried from the file each time; `[]` for a scalar).
    ///
    /// Precondition: the file is open.
    public var shape: [Int] {
        do {
            return try currentShape()
        } catch {
            preconditionFailure("HDF5Dataset.shape: \(error)")
        }
    }

    /// The current extent, throwing instead of trapping.
    public func currentShape() throws(HDF5Error) -> [Int] {
        try handle.withID("H5Dget_space") { (id: hid_t) throws(HDF5Error) -> [Int] in
            try shapeLocked(id)
        }
    }

    func shapeLocked(_ id: hid_t) throws(HDF5Error) -> [Int] {
        let space = try check(H5Dget_space(id), "H5Dget_space", name)
        defer { H5Sclose(space) }
        return try dataspaceShape(space, object: name)
    }

    /// Overwrites the whole dataset with `values` (row-major, converted to the stored type).
    public func write<T: HDF5Element>(_ values: [T]) throws(HDF5Error) {
        try handle.withID("H5Dwrite") { (id: hid_t) throws(HDF5Error) in
            let shape = try shapeLocked(id)
            precondition(
                values.count == elementCount(shape),
                "HDF5Dataset.write(\(name)): \(values.count) values do not match shape \(shape)")
            guard !values.isEmpty else { return }
            let status = values.withUnsafeBufferPointer { buffer in
                H5Dwrite(
                    id, T.hdf5NativeType.typeID, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(),
                    buffer.baseAddress)
            }
            try check(status, "H5Dwrite", name)
        }
    }

    /// Grows dimension 0 by `rows` and writes them (row-major).
    ///
    /// `values.count` must equal `rows` times the size of one row (the product
    /// of the other dimensions). Steps: `H5Dset_extent`, re-fetch the file
    /// space, select the new rows as a hyperslab, `H5Dwrite`.
    public func append<T: HDF5Element>(_ values: [T], rows: Int = 1) throws(HDF5Error) {
        precondition(rows >= 0, "HDF5Dataset.append(\(name)): negative row count \(rows)")
        try handle.withID("H5Dset_extent") { (id: hid_t) throws(HDF5Error) in
            let current = try shapeLocked(id)
            // The dataset's shape comes from the file, which may have been changed since it was
            // created: a mismatch is an error naming the dataset, not a trap.
            guard !current.isEmpty else {
                throw HDF5Error(operation: "H5Dset_extent", object: name, messages: ["cannot append rows to a scalar dataset"])
            }
            let rowSize = elementCount(Array(current.dropFirst()))
            guard values.count == rows * rowSize else {
                throw HDF5Error(operation: "H5Dset_extent", object: name, messages: [
                    "\(values.count) values do not fill \(rows) rows of shape \(Array(current.dropFirst())) (the dataset is shaped \(current))",
                ])
            }
            guard rows > 0 else { return }
            var extent = current.map { hsize_t($0) }
            extent[0] += hsize_t(rows)
            try check(H5Dset_extent(id, extent), "H5Dset_extent", name)
            guard rowSize > 0 else { return }

            let fileSpace = try check(H5Dget_space(id), "H5Dget_space", name)
            defer { H5Sclose(fileSpace) }
            var start = [hsize_t](repeating: 0, count: current.count)
            start[0] = hsize_t(current[0])
            var count = current.map { hsize_t($0) }
            count[0] = hsize_t(rows)
            try check(
                H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nil, count, nil),
                "H5Sselect_hyperslab", name)
            let memorySpace = try check(
                H5Screate_simple(Int32(count.count), count, nil), "H5Screate_simple", name)
            defer { H5Sclose(memorySpace) }
            let status = values.withUnsafeBufferPointer { buffer in
                H5Dwrite(id, T.hdf5NativeType.typeID, memorySpace, fileSpace, chdf5_p_default(), buffer.baseAddress)
            }
            try check(status, "H5Dwrite", name)
        }
    }

    /// Marks this dataset as a dimension scale named `name` (`H5DSset_scale`).
    public func makeDimensionScale(name scaleName: String) throws(HDF5Error) {
        try handle.withID("H5DSset_scale") { (id: hid_t) throws(HDF5Error) in
            try check(H5DSset_scale(id, scaleName), "H5DSset_scale", name)
        }
    }

    /// Attaches `scale` (a dimension scale) to dimension `axis` of this dataset (`H5DSattach_scale`).
    public func attachDimensionScale(_ scale: HDF5Dataset, axis: Int) throws(HDF5Error) {
        precondition(axis >= 0, "HDF5Dataset.attachDimensionScale(\(name)): negative axis \(axis)")
        try handle.withID("H5DSattach_scale") { (id: hid_t) throws(HDF5Error) in
            try check(H5DSattach_scale(id, scale.handle.id, UInt32(axis)), "H5DSattach_scale", name)
        }
    }

    /// Whether this dataset is a dimension scale (`H5DSis_scale`).
    public func isDimensionScale() throws(HDF5Error) -> Bool {
        try handle.withID("H5DSis_scale") { (id: hid_t) throws(HDF5Error) -> Bool in
            try check(H5DSis_scale(id), "H5DSis_scale", name) > 0
        }
    }

    /// The number of dimension scales attached to dimension `axis` (`H5DSget_num_scales`).
    public func attachedScaleCount(axis: Int) throws(HDF5Error) -> Int {
        try handle.withID("H5DSget_num_scales") { (id: hid_t) throws(HDF5Error) -> Int in
            Int(try check(H5DSget_num_scales(id, UInt32(axis)), "H5DSget_num_scales", name))
        }
    }

    /// Whether `scale` is attached to dimension `axis` (`H5DSis_attached`).
    public func isDimensionScaleAttached(_ scale: HDF5Dataset, axis: Int) throws(HDF5Error) -> Bool {
        try handle.withID("H5DSis_attached") { (id: hid_t) throws(HDF5Error) -> Bool in
            try check(H5DSis_attached(id, scale.handle.id, UInt32(axis)), "H5DSis_attached", name) > 0
        }
    }

    /// Flushes the dataset's buffers to disk (`H5Dflush`); SWMR readers then see new rows.
    public func flush() throws(HDF5Error) {
        try handle.withID("H5Dflush") { (id: hid_t) throws(HDF5Error) in
            try check(H5Dflush(id), "H5Dflush", name)
        }
    }

    /// Reloads the dataset's metadata (`H5Drefresh`); for SWMR readers before reading ``shape``.
    public func refresh() throws(HDF5Error) {
        try handle.withID("H5Drefresh") { (id: hid_t) throws(HDF5Error) in
            try check(H5Drefresh(id), "H5Drefresh", name)
        }
    }
}
