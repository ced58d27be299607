import CHDF5

/// An open HDF5 object id (group or dataset) tied to its file.
///
/// Keeps the file alive, closes the id on deinit (unless the file was closed
/// first, which already closed the id) and refuses use after the file closed.
final class HDF5ObjectHandle: @unchecked Sendable {
    let file: HDF5File
    let id: hid_t
    /// Full path of the object inside the file, e.g. `/runs/run_0000`.
    let name: String

    init(file: HDF5File, id: hid_t, name: String) {
        self.file = file
        self.id = id
        self.name = name
    }

    deinit {
        HDF5Library.withLock {
            if file.isOpenLocked {
                H5Oclose(id)
            }
        }
    }

    /// Runs `body` with the object id while holding the HDF5 lock, or throws
    /// if the file has been closed.
    @discardableResult
    func withID<R>(_ operation: String, _ body: (hid_t) throws(HDF5Error) -> R) throws(HDF5Error) -> R {
        try HDF5Library.withLock { () throws(HDF5Error) -> R in
            guard file.isOpenLocked else {
                throw HDF5Error(
                    operation: operation, object: "\(file.path):\(name)", messages: ["file is closed"])
            }
            return try body(id)
        }
    }
}

/// Joins a group path and a (relative or absolute) member path.
func joinPath(_ base: String, _ member: String) -> String {
    if member.hasPrefix("/") { return member }
    if base.hasSuffix("/") { return base + member }
    return base + "/" + member
}

/// The full path name of an open object (`H5Iget_name`), or `fallback`.
func objectPath(_ id: hid_t, fallback: String) -> String {
    let length = H5Iget_name(id, nil, 0)
    guard length > 0 else { return fallback }
    var buffer = [CChar](repeating: 0, count: Int(length) + 1)
    H5Iget_name(id, &buffer, buffer.count)
    return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Creates a dataspace: scalar for an empty `shape`, simple otherwise.
func createDataspace(_ shape: [Int], maxShape: [hsize_t]? = nil, object: String) throws(HDF5Error) -> hid_t {
    if shape.isEmpty {
        return try check(H5Screate(H5S_SCALAR), "H5Screate", object)
    }
    precondition(shape.allSatisfy { $0 >= 0 }, "HDF5: negative dimension in shape \(shape)")
    let dims = shape.map { hsize_t($0) }
    if let maxShape {
        return try check(H5Screate_simple(Int32(dims.count), dims, maxShape), "H5Screate_simple", object)
    }
    return try check(H5Screate_simple(Int32(dims.count), dims, nil), "H5Screate_simple", object)
}

/// The current dimensions of a dataspace (empty for a scalar).
func dataspaceShape(_ space: hid_t, object: String) throws(HDF5Error) -> [Int] {
    let rank = try check(H5Sget_simple_extent_ndims(space), "H5Sget_simple_extent_ndims", object)
    guard rank > 0 else { return [] }
    var dims = [hsize_t](repeating: 0, count: Int(rank))
    try check(H5Sget_simple_extent_dims(space, &dims, nil), "H5Sget_simple_extent_dims", object)
    return dims.map { Int($0) }
}

/// Creates the in-memory variable-length string type with the given character set.
func createVariableStringType(cset: H5T_cset_t = H5T_CSET_UTF8, object: String) throws(HDF5Error) -> hid_t {
    let type = try check(H5Tcopy(chdf5_c_s1()), "H5Tcopy", object)
    do {
        try check(H5Tset_size(type, chdf5_variable()), "H5Tset_size", object)
        try check(H5Tset_cset(type, cset), "H5Tset_cset", object)
    } catch {
        H5Tclose(type)
        throw error
    }
    return type
}

/// Decodes a fixed-length string buffer: stops at the first NUL, trims pad spaces.
func decodeFixedString(_ bytes: some Collection<UInt8>, spacePadded: Bool) -> String {
    var slice = Array(bytes.prefix { $0 != 0 })
    if spacePadded {
        while slice.last == 0x20 { slice.removeLast() }
    }
    return String(decoding: slice, as: UTF8.self)
}

/// Product of the dimensions (1 for a scalar).
func elementCount(_ shape: [Int]) -> Int {
    shape.reduce(1, *)
}
