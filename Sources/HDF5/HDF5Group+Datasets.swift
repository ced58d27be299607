import CHDF5
import Foundation

extension HDF5Group {
    /// Creates a fixed-size dataset of any rank and writes `values` (row-major).
    ///
    /// - Parameters:
    ///   - shape: the dimensions; `[]` makes a scalar dataset.
    ///   - values: exactly `shape.reduce(1, *)` elements.
    ///   - chunks: chunk dimensions (each clamped to at least 1); defaults to
    ///     the whole shape when compression is requested.
    ///   - compressionLevel: deflate level 0...9, applied after the shuffle filter.
    ///     Chunking and compression need rank ≥ 1.
    public func createDataset<T: HDF5Element>(
        _ name: String, shape: [Int], values: [T], chunks: [Int]? = nil, compressionLevel: Int? = nil
    ) throws(HDF5Error) -> HDF5Dataset {
        precondition(
            values.count == elementCount(shape),
            "HDF5Group.createDataset(\(name)): \(values.count) values do not match shape \(shape)")
        if let chunks {
            precondition(
                chunks.count == shape.count && !shape.isEmpty,
                "HDF5Group.createDataset(\(name)): chunks \(chunks) do not match shape \(shape)")
        }
        if let compressionLevel {
            precondition(!shape.isEmpty, "HDF5Group.createDataset(\(name)): a scalar cannot be compressed")
            precondition((0...9).contains(compressionLevel), "HDF5: compression level must be in 0...9")
        }
        let path = joinPath(self.name, name)
        return try handle.withID("H5Dcreate2") { (id: hid_t) throws(HDF5Error) -> HDF5Dataset in
            let space = try createDataspace(shape, object: path)
            defer { H5Sclose(space) }
            let dcpl = try check(H5Pcreate(chdf5_p_dataset_create()), "H5Pcreate", path)
            defer { H5Pclose(dcpl) }
            if chunks != nil || compressionLevel != nil {
                let chunkDims = (chunks ?? shape).map { hsize_t(max(1, $0)) }
                try check(H5Pset_chunk(dcpl, Int32(chunkDims.count), chunkDims), "H5Pset_chunk", path)
                if let compressionLevel {
                    try check(H5Pset_shuffle(dcpl), "H5Pset_shuffle", path)
                    try check(H5Pset_deflate(dcpl, UInt32(compressionLevel)), "H5Pset_deflate", path)
                }
            }
            let dataset = try createDatasetLocked(
                id, name, path: path, type: T.hdf5NativeType.typeID, space: space, dcpl: dcpl)
            if !values.isEmpty {
                let status = values.withUnsafeBufferPointer { buffer in
                    H5Dwrite(
                        dataset.handle.id, T.hdf5NativeType.typeID, chdf5_s_all(), chdf5_s_all(),
                        chdf5_p_default(), buffer.baseAddress)
                }
                try check(status, "H5Dwrite", path)
            }
            return dataset
        }
    }

    /// Creates an empty extendible dataset of shape `(0, rowShape...)` whose
    /// first dimension is unlimited; grow it with ``HDF5Dataset/append(_:rows:)``.
    ///
    /// Chunks are `(chunkRows, rowShape...)` with every dimension clamped to at
    /// least 1. The shuffle filter and then deflate at `compressionLevel` are
    /// applied (level 0 disables both). `fillValue` is what unwritten elements read as.
    public func createExtendibleDataset<T: HDF5Element>(
        _ name: String, of type: T.Type, rowShape: [Int], chunkRows: Int = 64,
        compressionLevel: Int = 4, fillValue: T? = nil
    ) throws(HDF5Error) -> HDF5Dataset {
        precondition((0...9).contains(compressionLevel), "HDF5: compression level must be in 0...9")
        let path = joinPath(self.name, name)
        return try handle.withID("H5Dcreate2") { (id: hid_t) throws(HDF5Error) -> HDF5Dataset in
            let maxShape = [chdf5_unlimited()] + rowShape.map { hsize_t($0) }
            let space = try createDataspace([0] + rowShape, maxShape: maxShape, object: path)
            defer { H5Sclose(space) }
            let dcpl = try check(H5Pcreate(chdf5_p_dataset_create()), "H5Pcreate", path)
            defer { H5Pclose(dcpl) }
            let chunkDims = ([chunkRows] + rowShape).map { hsize_t(max(1, $0)) }
            try check(H5Pset_chunk(dcpl, Int32(chunkDims.count), chunkDims), "H5Pset_chunk", path)
            if compressionLevel > 0 {
                try check(H5Pset_shuffle(dcpl), "H5Pset_shuffle", path)
                try check(H5Pset_deflate(dcpl, UInt32(compressionLevel)), "H5Pset_deflate", path)
            }
            if let fillValue {
                let status = withUnsafeBytes(of: fillValue) { bytes in
                    H5Pset_fill_value(dcpl, T.hdf5NativeType.typeID, bytes.baseAddress)
                }
                try check(status, "H5Pset_fill_value", path)
            }
            return try createDatasetLocked(
                id, name, path: path, type: T.hdf5NativeType.typeID, space: space, dcpl: dcpl)
        }
    }

    /// Creates a 1-D dataset of variable-length UTF-8 strings.
    public func createStringDataset(_ name: String, values: [String]) throws(HDF5Error) -> HDF5Dataset {
        let path = joinPath(self.name, name)
        return try handle.withID("H5Dcreate2") { (id: hid_t) throws(HDF5Error) -> HDF5Dataset in
            let type = try createVariableStringType(object: path)
            defer { H5Tclose(type) }
            let space = try createDataspace([values.count], object: path)
            defer { H5Sclose(space) }
            let dataset = try createDatasetLocked(
                id, name, path: path, type: type, space: space, dcpl: chdf5_p_default())
            if !values.isEmpty {
                let pointers: [UnsafeMutablePointer<CChar>?] = values.map { strdup($0) }
                defer { pointers.forEach { free($0) } }
                let status = pointers.withUnsafeBufferPointer { buffer in
                    H5Dwrite(
                        dataset.handle.id, type, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(),
                        buffer.baseAddress)
                }
                try check(status, "H5Dwrite", path)
            }
            return dataset
        }
    }

    /// `H5Dcreate2` with intermediate groups; the caller holds the lock.
    private func createDatasetLocked(
        _ id: hid_t, _ name: String, path: String, type: hid_t, space: hid_t, dcpl: hid_t
    ) throws(HDF5Error) -> HDF5Dataset {
        let lcpl = try makeIntermediateLinkCreationList(object: path)
        defer { H5Pclose(lcpl) }
        let did = try check(
            H5Dcreate2(id, name, type, space, lcpl, dcpl, chdf5_p_default()), "H5Dcreate2", path)
        return HDF5Dataset(file: file, id: did, name: objectPath(did, fallback: path))
    }
}
