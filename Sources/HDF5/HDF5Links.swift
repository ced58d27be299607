import CHDF5

// Links to objects in other files, and copies of objects between files: how a result file
// is assembled from per-generation part files.

extension HDF5Group {
    /// Creates `name` as an external link to `object` in `file`. A relative `file` is resolved
    /// by readers against the directory of the file that holds the link (then the working
    /// directory), so a file and its linked parts can be moved together.
    public func createExternalLink(_ name: String, file target: String, object: String) throws(HDF5Error) {
        let path = joinPath(self.name, name)
        try handle.withID("H5Lcreate_external") { (id: hid_t) throws(HDF5Error) in
            try check(
                H5Lcreate_external(target, object, id, name, chdf5_p_default(), chdf5_p_default()),
                "H5Lcreate_external", path)
        }
    }

    /// Whether `name` is an external link (not followed).
    public func isExternalLink(_ name: String) -> Bool {
        let result = try? handle.withID("H5Lget_info") { (id: hid_t) throws(HDF5Error) -> Bool in
            var info = H5L_info_t()
            try check(H5Lget_info(id, name, &info, chdf5_p_default()), "H5Lget_info", joinPath(self.name, name))
            return info.type == H5L_TYPE_EXTERNAL
        }
        return result ?? false
    }
}
