import CHDF5
import Foundation

/// Datasets that grow along every axis ("cubes"): stacked inner runs whose iteration count,
/// population or parameter count differs between runs are padded to the largest, and the
/// padding reads as the dataset's fill value (NaN for floating point).
extension HDF5Group {
    /// Creates a chunked dataset of shape `shape` whose every dimension is unlimited, filled with
    /// `fillValue` until written. `chunks` gives the chunk shape (each entry clamped to ≥ 1);
    /// `compressionLevel` > 0 applies shuffle then deflate.
    public func createCube<T: HDF5Element>(
        _ name: String, of type: T.Type, shape: [Int], chunks: [Int], compressionLevel: Int = 0, fillValue: T
    ) throws(HDF5Error) -> HDF5Dataset {
        precondition(!shape.isEmpty && chunks.count == shape.count, "HDF5Group.createCube(\(name)): chunks \(chunks) for shape \(shape)")
        let path = joinPath(self.name, name)
        return try handle.withID("H5Dcreate2") { (id: hid_t) throws(HDF5Error) -> HDF5Dataset in
            let maxShape = shape.map { _ in chdf5_unlimited() }
            let space = try createDataspace(shape, maxShape: maxShape, object: path)
            defer { H5Sclose(space) }
            let dcpl = try check(H5Pcreate(chdf5_p_dataset_create()), "H5Pcreate", path)
            defer { H5Pclose(dcpl) }
            let chunkDims = chunks.map { hsize_t(max(1, $0)) }
            try check(H5Pset_chunk(dcpl, Int32(chunkDims.count), chunkDims), "H5Pset_chunk", path)
            if compressionLevel > 0 {
                try check(H5Pset_shuffle(dcpl), "H5Pset_shuffle", path)
                try check(H5Pset_deflate(dcpl, UInt32(compressionLevel)), "H5Pset_deflate", path)
            }
            let status = withUnsafeBytes(of: fillValue) { bytes in
                H5Pset_fill_value(dcpl, T.hdf5NativeType.typeID, bytes.baseAddress)
            }
            try check(status, "H5Pset_fill_value", path)
            let lcpl = try makeIntermediateLinkCreationList(object: path)
            defer { H5Pclose(lcpl) }
            let did = try check(
                H5Dcreate2(id, name, T.hdf5NativeType.typeID, space, lcpl, dcpl, chdf5_p_default()), "H5Dcreate2", path)
            return HDF5Dataset(file: file, id: did, name: objectPath(did, fallback: path))
        }
    }

    /// Creates an empty 1-D variable-length UTF-8 string dataset with an unlimited dimension;
    /// grow it with ``HDF5Dataset/appendStrings(_:)``.
    public func createExtendibleStringDataset(_ name: String, chunk: Int = 1024) throws(HDF5Error) -> HDF5Dataset {
        let path = joinPath(self.name, name)
        return try handle.withID("H5Dcreate2") { (id: hid_t) throws(HDF5Error) -> HDF5Dataset in
            let type = try createVariableStringType(object: path)
            defer { H5Tclose(type) }
            let space = try createDataspace([0], maxShape: [chdf5_unlimited()], object: path)
            defer { H5Sclose(space) }
            let dcpl = try check(H5Pcreate(chdf5_p_dataset_create()), "H5Pcreate", path)
            defer { H5Pclose(dcpl) }
            var chunkDims = [hsize_t(max(1, chunk))]
            try check(H5Pset_chunk(dcpl, 1, &chunkDims), "H5Pset_chunk", path)
            let lcpl = try makeIntermediateLinkCreationList(object: path)
            defer { H5Pclose(lcpl) }
            let did = try check(H5Dcreate2(id, name, type, space, lcpl, dcpl, chdf5_p_default()), "H5Dcreate2", path)
            return HDF5Dataset(file: file, id: did, name: objectPath(did, fallback: path))
        }
    }
}

extension HDF5Dataset {
    /// Changes the extent (`H5Dset_extent`): growing exposes fill values, shrinking drops data.
    public func setExtent(_ shape: [Int]) throws(HDF5Error) {
        try handle.withID("H5Dset_extent") { (id: hid_t) throws(HDF5Error) in
            try check(H5Dset_extent(id, shape.map { hsize_t($0) }), "H5Dset_extent", name)
        }
    }

    /// Writes `values` (row-major) into the hyperslab at `start` with extent `count`.
    public func write<T: HDF5Element>(_ values: [T], start: [Int], count: [Int]) throws(HDF5Error) {
        precondition(values.count == elementCount(count), "HDF5Dataset.write(\(name)): \(values.count) values for \(count)")
        guard !values.isEmpty else { return }
        try handle.withID("H5Dwrite") { (id: hid_t) throws(HDF5Error) in
            let fileSpace = try check(H5Dget_space(id), "H5Dget_space", name)
            defer { H5Sclose(fileSpace) }
            let countDims = count.map { hsize_t($0) }
            try check(
                H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start.map { hsize_t($0) }, nil, countDims, nil),
                "H5Sselect_hyperslab", name)
            let memorySpace = try check(H5Screate_simple(Int32(countDims.count), countDims, nil), "H5Screate_simple", name)
            defer { H5Sclose(memorySpace) }
            let status = values.withUnsafeBufferPointer { buffer in
                H5Dwrite(id, T.hdf5NativeType.typeID, memorySpace, fileSpace, chdf5_p_default(), buffer.baseAddress)
            }
            try check(status, "H5Dwrite", name)
        }
    }

    /// Grows a 1-D string dataset by `values`.
    public func appendStrings(_ values: [String]) throws(HDF5Error) {
        guard !values.isEmpty else { return }
        try handle.withID("H5Dwrite") { (id: hid_t) throws(HDF5Error) in
            let current = try shapeLocked(id)
            guard current.count == 1 else {
                throw HDF5Error(operation: "H5Dset_extent", object: name, messages: ["not a 1-D dataset: \(current)"])
            }
            try check(H5Dset_extent(id, [hsize_t(current[0] + values.count)]), "H5Dset_extent", name)
            let type = try createVariableStringType(object: name)
            defer { H5Tclose(type) }
            let fileSpace = try check(H5Dget_space(id), "H5Dget_space", name)
            defer { H5Sclose(fileSpace) }
            var count = [hsize_t(values.count)]
            try check(
                H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, [hsize_t(current[0])], nil, count, nil), "H5Sselect_hyperslab", name)
            let memorySpace = try check(H5Screate_simple(1, &count, nil), "H5Screate_simple", name)
            defer { H5Sclose(memorySpace) }
            let pointers: [UnsafeMutablePointer<CChar>?] = values.map { strdup($0) }
            defer { pointers.forEach { free($0) } }
            let status = pointers.withUnsafeBufferPointer { buffer in
                H5Dwrite(id, type, memorySpace, fileSpace, chdf5_p_default(), buffer.baseAddress)
            }
            try check(status, "H5Dwrite", name)
        }
    }

    /// Whether the dataset's storage is virtual (a view of datasets in other files).
    public func isVirtual() throws(HDF5Error) -> Bool {
        try handle.withID("H5Dget_create_plist") { (id: hid_t) throws(HDF5Error) -> Bool in
            let dcpl = try check(H5Dget_create_plist(id), "H5Dget_create_plist", name)
            defer { H5Pclose(dcpl) }
            return H5Pget_layout(dcpl) == H5D_VIRTUAL
        }
    }

    /// Detaches `scale` from dimension `axis` (`H5DSdetach_scale`), e.g. before the dataset is deleted,
    /// so the scale's `REFERENCE_LIST` names no deleted dataset.
    public func detachDimensionScale(_ scale: HDF5Dataset, axis: Int) throws(HDF5Error) {
        try handle.withID("H5DSdetach_scale") { (id: hid_t) throws(HDF5Error) in
            try check(H5DSdetach_scale(id, scale.handle.id, UInt32(axis)), "H5DSdetach_scale", name)
        }
    }

    /// What the dataset stores.
    public func storedType() throws(HDF5Error) -> HDF5StoredType {
        try handle.withID("H5Dget_type") { (id: hid_t) throws(HDF5Error) -> HDF5StoredType in
            let type = try check(H5Dget_type(id), "H5Dget_type", name)
            defer { H5Tclose(type) }
            switch H5Tget_class(type) {
            case H5T_FLOAT: return .float
            case H5T_STRING: return .string
            case H5T_INTEGER:
                return H5Tget_size(type) == 1 && H5Tget_sign(type) == H5T_SGN_NONE ? .uint8 : .integer
            default: return .other
            }
        }
    }
}

/// The kind of element a dataset stores, as far as l2l's layouts need to know.
public enum HDF5StoredType: Sendable, Equatable {
    case float, integer, uint8, string, other
}
