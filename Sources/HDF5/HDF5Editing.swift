import CHDF5

// Operations that undo what was written: used to roll a file back to its last
// complete state (for example, before resuming an interrupted run).

extension HDF5Dataset {
    /// Sets the length of dimension 0 (an extendible dataset can shrink or grow;
    /// new rows hold the fill value).
    ///
    /// A negative `rows` or a scalar dataset (which a damaged file may present) is an error, not a trap.
    public func resize(rows: Int) throws(HDF5Error) {
        guard rows >= 0 else {
            throw HDF5Error(operation: "H5Dset_extent", object: name, messages: ["negative row count \(rows)"])
        }
        try handle.withID("H5Dset_extent") { (id: hid_t) throws(HDF5Error) in
            var extent = try shapeLocked(id).map { hsize_t($0) }
            guard !extent.isEmpty else {
                throw HDF5Error(operation: "H5Dset_extent", object: name, messages: ["a scalar dataset has no rows to resize"])
            }
            extent[0] = hsize_t(rows)
            try check(H5Dset_extent(id, extent), "H5Dset_extent", name)
        }
    }
}

extension HDF5Group {
    /// Unlinks a member (group or dataset). Its space is not reclaimed until the file is repacked.
    public func removeMember(_ name: String) throws(HDF5Error) {
        let path = joinPath(self.name, name)
        try handle.withID("H5Ldelete") { (id: hid_t) throws(HDF5Error) in
            try check(H5Ldelete(id, name, chdf5_p_default()), "H5Ldelete", path)
        }
    }

    /// Removes attribute `name` if it exists.
    public func removeAttribute(_ name: String) throws(HDF5Error) {
        try HDF5Attributes.remove(name, on: handle)
    }
}

extension HDF5Dataset {
    /// Removes attribute `name` if it exists.
    public func removeAttribute(_ name: String) throws(HDF5Error) {
        try HDF5Attributes.remove(name, on: handle)
    }
}

extension HDF5Attributes {
    static func remove(_ name: String, on handle: HDF5ObjectHandle) throws(HDF5Error) {
        let object = "\(handle.name)@\(name)"
        try handle.withID("H5Adelete") { (id: hid_t) throws(HDF5Error) in
            guard try check(H5Aexists(id, name), "H5Aexists", object) > 0 else { return }
            try check(H5Adelete(id, name), "H5Adelete", object)
        }
    }
}

extension HDF5Dataset {
    /// Whether dimension 0 is unlimited (the dataset was created extendible).
    public func isExtendible() throws(HDF5Error) -> Bool {
        try handle.withID("H5Sget_simple_extent_dims") { (id: hid_t) throws(HDF5Error) -> Bool in
            let space = try check(H5Dget_space(id), "H5Dget_space", name)
            defer { H5Sclose(space) }
            let rank = Int(try check(H5Sget_simple_extent_ndims(space), "H5Sget_simple_extent_ndims", name))
            guard rank > 0 else { return false }
            var dims = [hsize_t](repeating: 0, count: rank)
            var maxdims = [hsize_t](repeating: 0, count: rank)
            try check(H5Sget_simple_extent_dims(space, &dims, &maxdims), "H5Sget_simple_extent_dims", name)
            return maxdims[0] == chdf5_unlimited()
        }
    }
}

extension HDF5Group {
    /// Whether the member `name` is a group (false for a dataset or a missing link). Read from
    /// the object header's type alone: opening the object would, for a virtual dataset, parse its
    /// whole mapping.
    public func isGroup(_ name: String) -> Bool {
        guard contains(name) else { return false }
        let result = try? handle.withID("H5Oget_info_by_name2") { (id: hid_t) throws(HDF5Error) -> Bool in
            var info = H5O_info_t()
            try check(H5Oget_info_by_name2(id, name, &info, UInt32(H5O_INFO_BASIC), chdf5_p_default()),
                      "H5Oget_info_by_name2", joinPath(self.name, name))
            return info.type == H5O_TYPE_GROUP
        }
        return result ?? false
    }

    /// Whether the member `name` has an attribute `attribute`, without opening the member.
    public func member(_ name: String, hasAttribute attribute: String) -> Bool {
        let result = try? handle.withID("H5Aexists_by_name") { (id: hid_t) throws(HDF5Error) -> Bool in
            try check(H5Aexists_by_name(id, name, attribute, chdf5_p_default()), "H5Aexists_by_name", joinPath(self.name, name)) > 0
        }
        return result ?? false
    }
}
