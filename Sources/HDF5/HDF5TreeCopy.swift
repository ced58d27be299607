import CHDF5

// Copying a group with everything below it to another file, dimension scales included.
//
// libhdf5 1.10's H5Ocopy mishandles object references when copying between files (the
// DIMENSION_LIST and REFERENCE_LIST attributes of dimension scales come out pointing at
// the wrong objects, even with H5O_COPY_EXPAND_REFERENCE_FLAG) and crashes on variable-length
// string attributes in dense storage. So the tree is copied without attributes — datasets
// with their chunks as stored, no recompression — and then its attributes are written again
// and its dimension scales made and attached again in the new file.

extension HDF5Group {
    /// Copies `source`'s member `name` (a group and everything below it) into this group under
    /// the same name: datasets (chunks as stored), attributes and dimension scales.
    public func copyTree(_ name: String, of source: HDF5Group) throws(HDF5Error) {
        let path = joinPath(self.name, name)
        try handle.withID("H5Ocopy") { (id: hid_t) throws(HDF5Error) in
            try source.handle.withID("H5Ocopy") { (sourceID: hid_t) throws(HDF5Error) in
                let ocpypl = try check(H5Pcreate(chdf5_p_object_copy()), "H5Pcreate", path)
                defer { H5Pclose(ocpypl) }
                try check(H5Pset_copy_object(ocpypl, chdf5_ocopy_without_attributes()), "H5Pset_copy_object", path)
                try check(H5Ocopy(sourceID, name, id, name, ocpypl, chdf5_p_default()), "H5Ocopy", path)
            }
        }
        try Self.restore(from: try source.openGroup(name), into: try openGroup(name))
    }

    /// Attributes written by the dimension-scale API, made again by `H5DSset_scale`/`H5DSattach_scale`.
    private static let scaleAttributes: Set<String> = ["CLASS", "NAME", "DIMENSION_LIST", "REFERENCE_LIST"]

    private static func restore(from source: HDF5Group, into destination: HDF5Group) throws(HDF5Error) {
        for attribute in try source.attributeNames() {
            if let value = try source.attribute(attribute) { try destination.setAttribute(attribute, value) }
        }
        var scales: [(source: HDF5Dataset, destination: HDF5Dataset)] = []
        var datasets: [(source: HDF5Dataset, destination: HDF5Dataset)] = []
        for member in try source.memberNames() {
            if source.isGroup(member) {
                try restore(from: try source.openGroup(member), into: try destination.openGroup(member))
                continue
            }
            let pair = (try source.openDataset(member), try destination.openDataset(member))
            for attribute in try pair.0.attributeNames() where !scaleAttributes.contains(attribute) {
                if let value = try pair.0.attribute(attribute) { try pair.1.setAttribute(attribute, value) }
            }
            if try pair.0.isDimensionScale() {
                var scaleName = member
                if case .string(let text)? = try pair.0.attribute("NAME") { scaleName = text }
                try pair.1.makeDimensionScale(name: scaleName)
                scales.append(pair)
            } else {
                datasets.append(pair)
            }
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
