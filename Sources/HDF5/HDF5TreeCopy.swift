import CHDF5

// Copying a group with everything below it to another file, dimension scales included.
//
// libhdf5 1.10's H5Ocopy does not carry object references over to another file (the
// DIMENSION_LIST and REFERENCE_LIST attributes of dimension scales come out pointing nowhere, or
// at the wrong objects with H5O_COPY_EXPAND_REFERENCE_FLAG), and it crashes copying
// variable-length string attributes in dense storage (groups that will be copied are created
// with compact attributes for that reason). So the tree is copied as it is — datasets with their
// chunks as stored, attributes natively — then the two reference attributes are removed and the
// dimension scales attached again, following the source's attachments.

extension HDF5Group {
    /// Copies `source`'s member `name` (a group and everything below it) into this group under
    /// the same name: datasets (chunks as stored), attributes and dimension scales.
    public func copyTree(_ name: String, of source: HDF5Group) throws(HDF5Error) {
        let path = joinPath(self.name, name)
        try Self.checkCompactAttributes(try source.openGroup(name))
        try handle.withID("H5Ocopy") { (id: hid_t) throws(HDF5Error) in
            try source.handle.withID("H5Ocopy") { (sourceID: hid_t) throws(HDF5Error) in
                try check(H5Ocopy(sourceID, name, id, name, chdf5_p_default(), chdf5_p_default()), "H5Ocopy", path)
            }
        }
        try Self.reattachScales(from: try source.openGroup(name), into: try openGroup(name))
    }

    /// Refuses a tree with dense attribute storage anywhere (libhdf5 1.10's `H5Ocopy` would crash).
    private static func checkCompactAttributes(_ group: HDF5Group) throws(HDF5Error) {
        let dense = try group.handle.withID("H5Oget_info2") { (id: hid_t) throws(HDF5Error) -> Bool in
            try check(chdf5_has_dense_attributes(id), "H5Oget_info2", group.name) > 0
        }
        if dense {
            throw HDF5Error(
                operation: "copyTree", object: "\(group.file.path):\(group.name)",
                messages: ["attributes in dense storage cannot be copied with libhdf5 1.10 (create the group with compactAttributes)"])
        }
        for member in try group.memberNames() where group.isGroup(member) {
            try checkCompactAttributes(try group.openGroup(member))
        }
    }

    private static func reattachScales(from source: HDF5Group, into destination: HDF5Group) throws(HDF5Error) {
        var scales: [(source: HDF5Dataset, destination: HDF5Dataset)] = []
        var datasets: [(source: HDF5Dataset, destination: HDF5Dataset)] = []
        for member in try source.memberNames() {
            if source.isGroup(member) {
                try reattachScales(from: try source.openGroup(member), into: try destination.openGroup(member))
                continue
            }
            let pair = (source: try source.openDataset(member), destination: try destination.openDataset(member))
            try pair.destination.removeAttribute("DIMENSION_LIST")
            try pair.destination.removeAttribute("REFERENCE_LIST")
            if try pair.source.isDimensionScale() { scales.append(pair) } else { datasets.append(pair) }
        }
        for dataset in datasets {
            for axis in dataset.source.shape.indices where try dataset.source.attachedScaleCount(axis: axis) > 0 {
                for scale in scales where try dataset.source.isDimensionScaleAttached(scale.source, axis: axis) {
                    try dataset.destination.attachDimensionScale(scale.destination, axis: axis)
                }
            }
        }
    }
}
