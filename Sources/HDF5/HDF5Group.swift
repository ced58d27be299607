import CHDF5

/// A group in an HDF5 file: a container of named groups and datasets.
///
/// A group keeps its file alive. Member names may be paths such as `"a/b"`
/// (relative to this group) or absolute paths such as `"/runs/a"`.
public final class HDF5Group: @unchecked Sendable {
    let handle: HDF5ObjectHandle

    init(file: HDF5File, id: hid_t, name: String) {
        handle = HDF5ObjectHandle(file: file, id: id, name: name)
    }

    /// The full path of the group, `"/"` for the root group.
    public var name: String { handle.name }

    /// The file that contains the group.
    public var file: HDF5File { handle.file }

    /// Creates a group; missing intermediate groups of a path like `"a/b"` are created too.
    /// - Parameter compactAttributes: how many attributes stay in the object header before
    ///   libhdf5 moves them to dense storage (its default: 8). libhdf5 1.10's `H5Ocopy` crashes
    ///   copying dense variable-length string attributes to another file, so a group that will
    ///   be copied (``copyTree(_:of:)``) keeps its attributes compact.
    public func createGroup(_ name: String, compactAttributes: Int? = nil) throws(HDF5Error) -> HDF5Group {
        let path = joinPath(self.name, name)
        return try handle.withID("H5Gcreate2") { (id: hid_t) throws(HDF5Error) -> HDF5Group in
            let lcpl = try makeIntermediateLinkCreationList(object: path)
            defer { H5Pclose(lcpl) }
            var gcpl = chdf5_p_default()
            if let compactAttributes {
                gcpl = try check(H5Pcreate(chdf5_p_group_create()), "H5Pcreate", path)
                let compact = UInt32(min(65_535, max(1, compactAttributes)))
                try check(H5Pset_attr_phase_change(gcpl, compact, compact - 1), "H5Pset_attr_phase_change", path)
            }
            defer { if compactAttributes != nil { H5Pclose(gcpl) } }
            let gid = try check(
                H5Gcreate2(id, name, lcpl, gcpl, chdf5_p_default()), "H5Gcreate2", path)
            return HDF5Group(file: file, id: gid, name: objectPath(gid, fallback: path))
        }
    }

    /// Opens an existing group.
    public func openGroup(_ name: String) throws(HDF5Error) -> HDF5Group {
        let path = joinPath(self.name, name)
        return try handle.withID("H5Gopen2") { (id: hid_t) throws(HDF5Error) -> HDF5Group in
            let gid = try check(H5Gopen2(id, name, chdf5_p_default()), "H5Gopen2", path)
            return HDF5Group(file: file, id: gid, name: objectPath(gid, fallback: path))
        }
    }

    /// Whether a link with this name (or path) exists. Every component of a
    /// path is checked in turn, so a missing intermediate group gives `false`.
    public func contains(_ name: String) -> Bool {
        let components = name.split(separator: "/", omittingEmptySubsequences: true)
        if components.isEmpty { return name.hasPrefix("/") || name.isEmpty }
        let result = try? handle.withID("H5Lexists") { (id: hid_t) throws(HDF5Error) -> Bool in
            var prefix = name.hasPrefix("/") ? "/" : ""
            for component in components {
                prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
                if component == "." { continue }
                guard H5Lexists(id, prefix, chdf5_p_default()) > 0 else { return false }
            }
            return true
        }
        return result ?? false
    }

    /// The names of the group's direct members, sorted by name.
    public func memberNames() throws(HDF5Error) -> [String] {
        try handle.withID("H5Gget_info") { (id: hid_t) throws(HDF5Error) -> [String] in
            var info = H5G_info_t()
            try check(H5Gget_info(id, &info), "H5Gget_info", self.name)
            var names: [String] = []
            names.reserveCapacity(Int(info.nlinks))
            for index in 0..<info.nlinks {
                let length = try check(
                    H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, chdf5_p_default()),
                    "H5Lget_name_by_idx", self.name)
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                try check(
                    H5Lget_name_by_idx(
                        id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, chdf5_p_default()),
                    "H5Lget_name_by_idx", self.name)
                names.append(
                    String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            return names.sorted()
        }
    }

    /// Opens an existing dataset.
    public func openDataset(_ name: String) throws(HDF5Error) -> HDF5Dataset {
        let path = joinPath(self.name, name)
        return try handle.withID("H5Dopen2") { (id: hid_t) throws(HDF5Error) -> HDF5Dataset in
            let did = try check(H5Dopen2(id, name, chdf5_p_default()), "H5Dopen2", path)
            return HDF5Dataset(file: file, id: did, name: objectPath(did, fallback: path))
        }
    }
}

/// A link creation property list that creates missing intermediate groups.
func makeIntermediateLinkCreationList(object: String) throws(HDF5Error) -> hid_t {
    let lcpl = try check(H5Pcreate(chdf5_p_link_create()), "H5Pcreate", object)
    if H5Pset_create_intermediate_group(lcpl, 1) < 0 {
        let error = HDF5Error.fromStack(operation: "H5Pset_create_intermediate_group", object: object)
        H5Pclose(lcpl)
        throw error
    }
    return lcpl
}
