import CHDF5

extension HDF5Group {
    /// Replaces each 1-D `int64` dimension scale of this group whose extent is growable (when
    /// `growable` is false) or fixed (when it is true) by one of the other kind: same name,
    /// values and string attributes, attached again to the same axes of the same datasets.
    ///
    /// Why: netCDF readers (h5netcdf, so xarray) size an unlimited dimension by visiting every
    /// dataset attached to its scale, each time they ask, which makes a group with growable
    /// scales slow to open; a finished file gets fixed scales, and a finished file that is
    /// written to again (rolled back to a checkpoint) gets growable ones back.
    public func relayOutDimensionScales(growable: Bool) throws(HDF5Error) {
        var datasets: [HDF5Dataset] = []
        var scales: [(name: String, dataset: HDF5Dataset)] = []
        for name in try memberNames() where !isGroup(name) {
            let dataset = try openDataset(name)
            if try dataset.isDimensionScale() { scales.append((name, dataset)) } else { datasets.append(dataset) }
        }
        var changing: [Int] = []
        for (k, scale) in scales.enumerated() where scale.dataset.shape.count == 1 {
            if try scale.dataset.isExtendible() != growable { changing.append(k) }
        }
        guard !changing.isEmpty else { return }
        // Each dataset's scale per axis, then every attachment removed and made again in one
        // step (`HDF5DimensionScales.attach`), so the references come out in the same canonical
        // order whatever the file's history (h5diff compares them in order).
        var axes: [[Int?]] = []
        for dataset in datasets {
            var row: [Int?] = []
            for axis in dataset.shape.indices {
                var found: Int?
                for (k, scale) in scales.enumerated() where try dataset.isDimensionScaleAttached(scale.dataset, axis: axis) {
                    found = k
                    break
                }
                row.append(found)
            }
            axes.append(row)
        }
        for dataset in datasets where try dataset.attributeNames().contains("DIMENSION_LIST") {
            try dataset.removeAttribute("DIMENSION_LIST")
        }
        for scale in scales where try scale.dataset.attributeNames().contains("REFERENCE_LIST") {
            try scale.dataset.removeAttribute("REFERENCE_LIST")
        }
        for k in changing {
            let (name, scale) = scales[k]
            let values = try scale.read(as: Int64.self)
            var attributes: [(String, HDF5AttributeValue)] = []
            for attribute in try scale.attributeNames() where !["CLASS", "NAME", "REFERENCE_LIST"].contains(attribute) {
                if let value = try scale.attribute(attribute) { attributes.append((attribute, value)) }
            }
            try removeMember(name)
            let replacement: HDF5Dataset
            if growable {
                replacement = try createExtendibleDataset(name, of: Int64.self, rowShape: [], chunkRows: 256)
                try replacement.append(values, rows: values.count)
            } else {
                replacement = try createDataset(name, shape: [values.count], values: values)
            }
            try replacement.makeDimensionScale(name: name)
            for (attribute, value) in attributes { try replacement.setAttribute(attribute, value) }
            scales[k].dataset = replacement
        }
        try HDF5DimensionScales.attach(zip(datasets, axes).compactMap { dataset, row in
            row.allSatisfy({ $0 == nil }) ? nil : HDF5DimensionScales.Attachment(dataset: dataset, scales: row.map { $0.map { scales[$0].dataset } })
        })
    }
}
