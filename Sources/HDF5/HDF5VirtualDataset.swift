import CHDF5

/// One piece of a virtual dataset: the whole of dataset `dataset` in file `file` (a path
/// relative to the virtual dataset's own file's directory, where readers look first), placed at
/// `start` in the virtual dataset with the source's shape `shape`.
public struct HDF5VirtualSource: Sendable, Equatable {
    public var file: String
    public var dataset: String
    public var start: [Int]
    public var shape: [Int]

    public init(file: String, dataset: String, start: [Int], shape: [Int]) {
        self.file = file
        self.dataset = dataset
        self.start = start
        self.shape = shape
    }
}

extension HDF5Group {
    /// Creates a virtual dataset (HDF5 ≥ 1.10 "VDS") of `shape` assembled from `sources`;
    /// regions no source covers read as `fillValue`. Readers (h5py, h5netcdf, xarray) see an
    /// ordinary dataset.
    public func createVirtualDataset<T: HDF5Element>(
        _ name: String, of type: T.Type, shape: [Int], fillValue: T, sources: [HDF5VirtualSource]
    ) throws(HDF5Error) -> HDF5Dataset {
        var fill = fillValue
        return try withUnsafeBytes(of: &fill) { bytes throws(HDF5Error) in
            try createVirtual(name, type: T.hdf5NativeType.typeID, shape: shape, fill: bytes.baseAddress, sources: sources)
        }
    }

    /// A virtual dataset of UTF-8 variable-length strings (as `createExtendibleStringDataset`
    /// writes them) over `sources`; regions no source covers read as empty strings.
    public func createVirtualStringDataset(_ name: String, shape: [Int], sources: [HDF5VirtualSource]) throws(HDF5Error) -> HDF5Dataset {
        let type = try createVariableStringType(object: joinPath(self.name, name))
        defer { H5Tclose(type) }
        return try createVirtual(name, type: type, shape: shape, fill: nil, sources: sources)
    }

    private func createVirtual(
        _ name: String, type: hid_t, shape: [Int], fill: UnsafeRawPointer?, sources: [HDF5VirtualSource]
    ) throws(HDF5Error) -> HDF5Dataset {
        let path = joinPath(self.name, name)
        return try handle.withID("H5Dcreate2") { (id: hid_t) throws(HDF5Error) -> HDF5Dataset in
            let space = try createDataspace(shape, maxShape: shape.map { _ in chdf5_unlimited() }, object: path)
            defer { H5Sclose(space) }
            let dcpl = try check(H5Pcreate(chdf5_p_dataset_create()), "H5Pcreate", path)
            defer { H5Pclose(dcpl) }
            if let fill { try check(H5Pset_fill_value(dcpl, type, fill), "H5Pset_fill_value", path) }
            for source in sources where !source.shape.contains(0) {
                let sourceSpace = try createDataspace(source.shape, object: path)
                defer { H5Sclose(sourceSpace) }
                let target = try check(H5Scopy(space), "H5Scopy", path)
                defer { H5Sclose(target) }
                try check(
                    H5Sselect_hyperslab(target, H5S_SELECT_SET, source.start.map { hsize_t($0) }, nil, source.shape.map { hsize_t($0) }, nil),
                    "H5Sselect_hyperslab", path)
                try check(H5Pset_virtual(dcpl, target, source.file, source.dataset, sourceSpace), "H5Pset_virtual", path)
            }
            let lcpl = try makeIntermediateLinkCreationList(object: path)
            defer { H5Pclose(lcpl) }
            let did = try check(H5Dcreate2(id, name, type, space, lcpl, dcpl, chdf5_p_default()), "H5Dcreate2", path)
            return HDF5Dataset(file: file, id: did, name: objectPath(did, fallback: path))
        }
    }
}
