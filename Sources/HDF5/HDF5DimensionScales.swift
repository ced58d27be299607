import CHDF5

/// Attaching dimension scales to many datasets in one step (`chdf5_attach_scales_bulk`): each
/// dataset's `DIMENSION_LIST` and each scale's `REFERENCE_LIST` is written once, as
/// `H5DSattach_scale` would leave them after attaching one axis at a time.
public enum HDF5DimensionScales {
    /// One dataset and the scale of each of its axes (nil: none).
    public struct Attachment {
        public var dataset: HDF5Dataset
        public var scales: [HDF5Dataset?]

        public init(dataset: HDF5Dataset, scales: [HDF5Dataset?]) {
            self.dataset = dataset
            self.scales = scales
        }
    }

    /// Attaches every attachment's scales; the datasets must have none yet, and every scale
    /// must be a dimension scale (``HDF5Dataset/makeDimensionScale(name:)``) with none attached.
    ///
    /// A scale's `REFERENCE_LIST` lists its datasets in name order, whatever the order of
    /// `attachments`, so that a group written directly and the same group copied from another
    /// file (``HDF5Group/copyTree(_:of:)``) are identical.
    public static func attach(_ attachments: [Attachment]) throws(HDF5Error) {
        guard !attachments.isEmpty else { return }
        let attachments = attachments.sorted { $0.dataset.name < $1.dataset.name }
        var scaleIndex: [ObjectIdentifier: Int32] = [:]
        var scales: [HDF5Dataset] = []
        var axes: [Int32] = []
        for attachment in attachments {
            precondition(attachment.scales.count == attachment.dataset.shape.count,
                         "HDF5DimensionScales.attach(\(attachment.dataset.name)): \(attachment.scales.count) scales for rank \(attachment.dataset.shape.count)")
            for scale in attachment.scales {
                guard let scale else { axes.append(-1); continue }
                if let index = scaleIndex[ObjectIdentifier(scale)] {
                    axes.append(index)
                } else {
                    scaleIndex[ObjectIdentifier(scale)] = Int32(scales.count)
                    axes.append(Int32(scales.count))
                    scales.append(scale)
                }
            }
        }
        let object = attachments[0].dataset.name
        try HDF5Library.withLock { () throws(HDF5Error) in
            let datasetIDs = attachments.map(\.dataset.handle.id)
            let ranks = attachments.map { Int32($0.scales.count) }
            let scaleIDs = scales.map(\.handle.id)
            try check(
                chdf5_attach_scales_bulk(
                    Int32(datasetIDs.count), datasetIDs, ranks, axes, Int32(scaleIDs.count), scaleIDs),
                "attach dimension scales", object)
        }
    }
}
