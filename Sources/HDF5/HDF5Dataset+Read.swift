import CHDF5

extension HDF5Dataset {
    /// Reads the whole dataset (row-major), converting from the stored type to `T`.
    public func read<T: HDF5Element>(as type: T.Type) throws(HDF5Error) -> [T] {
        try handle.withID("H5Dread") { (id: hid_t) throws(HDF5Error) -> [T] in
            let count = elementCount(try shapeLocked(id))
            return try readBuffer(count: count) { buffer in
                H5Dread(id, T.hdf5NativeType.typeID, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer)
            }
        }
    }

    /// Reads the hyperslab starting at `start` with extent `count` (one entry
    /// per dimension), row-major, converting from the stored type to `T`.
    public func read<T: HDF5Element>(as type: T.Type, start: [Int], count: [Int]) throws(HDF5Error) -> [T] {
        precondition(
            start.count == count.count && start.allSatisfy { $0 >= 0 } && count.allSatisfy { $0 >= 0 },
            "HDF5Dataset.read(\(name)): invalid hyperslab start \(start), count \(count)")
        return try handle.withID("H5Dread") { (id: hid_t) throws(HDF5Error) -> [T] in
            let fileSpace = try check(H5Dget_space(id), "H5Dget_space", name)
            defer { H5Sclose(fileSpace) }
            let shape = try dataspaceShape(fileSpace, object: name)
            precondition(
                shape.count == start.count,
                "HDF5Dataset.read(\(name)): hyperslab rank \(start.count) does not match shape \(shape)")
            let total = elementCount(count)
            if shape.isEmpty {  // scalar: nothing to select
                return try readBuffer(count: 1) { buffer in
                    H5Dread(id, T.hdf5NativeType.typeID, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer)
                }
            }
            guard total > 0 else { return [] }
            let startDims = start.map { hsize_t($0) }
            let countDims = count.map { hsize_t($0) }
            try check(
                H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, startDims, nil, countDims, nil),
                "H5Sselect_hyperslab", name)
            let memorySpace = try check(
                H5Screate_simple(Int32(countDims.count), countDims, nil), "H5Screate_simple", name)
            defer { H5Sclose(memorySpace) }
            return try readBuffer(count: total) { buffer in
                H5Dread(id, T.hdf5NativeType.typeID, memorySpace, fileSpace, chdf5_p_default(), buffer)
            }
        }
    }

    /// Reads a string dataset (variable- or fixed-length, any rank) row-major.
    public func readStrings() throws(HDF5Error) -> [String] {
        try handle.withID("H5Dread") { (id: hid_t) throws(HDF5Error) -> [String] in
            let fileType = try check(H5Dget_type(id), "H5Dget_type", name)
            defer { H5Tclose(fileType) }
            guard H5Tget_class(fileType) == H5T_STRING else {
                throw HDF5Error(operation: "H5Dread", object: name, messages: ["dataset is not a string dataset"])
            }
            let space = try check(H5Dget_space(id), "H5Dget_space", name)
            defer { H5Sclose(space) }
            let count = elementCount(try dataspaceShape(space, object: name))
            guard count > 0 else { return [] }

            if try check(H5Tis_variable_str(fileType), "H5Tis_variable_str", name) > 0 {
                let memoryType = try createVariableStringType(cset: H5Tget_cset(fileType), object: name)
                defer { H5Tclose(memoryType) }
                var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
                try check(
                    H5Dread(id, memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), &pointers),
                    "H5Dread", name)
                let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
                H5Dvlen_reclaim(memoryType, space, chdf5_p_default(), &pointers)
                return strings
            }

            let size = H5Tget_size(fileType)
            guard size > 0 else { return [String](repeating: "", count: count) }
            let memoryType = try check(H5Tcopy(fileType), "H5Tcopy", name)
            defer { H5Tclose(memoryType) }
            var bytes = [UInt8](repeating: 0, count: count * size)
            try check(
                H5Dread(id, memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), &bytes),
                "H5Dread", name)
            let spacePadded = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
            return (0..<count).map { index in
                decodeFixedString(bytes[index * size..<(index + 1) * size], spacePadded: spacePadded)
            }
        }
    }

    /// The chunk dimensions, or nil for a contiguous or compact dataset.
    public func chunkShape() throws(HDF5Error) -> [Int]? {
        try handle.withID("H5Pget_chunk") { (id: hid_t) throws(HDF5Error) -> [Int]? in
            let dcpl = try check(H5Dget_create_plist(id), "H5Dget_create_plist", name)
            defer { H5Pclose(dcpl) }
            guard H5Pget_layout(dcpl) == H5D_CHUNKED else { return nil }
            var dims = [hsize_t](repeating: 0, count: 32)
            let rank = try check(H5Pget_chunk(dcpl, 32, &dims), "H5Pget_chunk", name)
            return dims.prefix(Int(rank)).map { Int($0) }
        }
    }

    /// The filter pipeline in order, as HDF5 filter ids (1 = deflate, 2 = shuffle).
    func filterIdentifiers() throws(HDF5Error) -> [Int32] {
        try handle.withID("H5Pget_filter2") { (id: hid_t) throws(HDF5Error) -> [Int32] in
            let dcpl = try check(H5Dget_create_plist(id), "H5Dget_create_plist", name)
            defer { H5Pclose(dcpl) }
            let count = try check(H5Pget_nfilters(dcpl), "H5Pget_nfilters", name)
            var filters: [Int32] = []
            for index in 0..<UInt32(count) {
                var flags: UInt32 = 0
                var elementCount = 0
                let filter = H5Pget_filter2(dcpl, index, &flags, &elementCount, nil, 0, nil, nil)
                filters.append(try check(filter, "H5Pget_filter2", name))
            }
            return filters
        }
    }

    /// Allocates `count` elements and fills them with `read`, which returns an HDF5 status.
    private func readBuffer<T: HDF5Element>(
        count: Int, _ read: (UnsafeMutableRawPointer) -> herr_t
    ) throws(HDF5Error) -> [T] {
        guard count > 0 else { return [] }
        var status: herr_t = 0
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = read(UnsafeMutableRawPointer(buffer.baseAddress!))
            initialized = status < 0 ? 0 : count
        }
        try check(status, "H5Dread", name)
        return values
    }
}
