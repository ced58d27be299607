import Foundation
import HDF5

/// `/runs` of layout v2 while a run is written and when it finishes.
///
/// Each generation's runs (and the held-out phase's) form a ``RunBlock`` written once to a part
/// file of their own, `<file>.parts/gGGGG.h5` (`test.h5`). The result file holds the axis scales
/// and presents every array — the per-run columns as much as the (run, iteration, …) cubes — as
/// an HDF5 *virtual dataset* over the parts, rebuilt at each commit from the parts' catalogues
/// (``PartCatalog``); so a commit writes that generation's data once plus a result file whose
/// size grows with the number of generations only by their mappings, and readers see one cube
/// from the first generation on. When the run finishes the virtual
/// datasets are replaced by real ones (``materialize(_:path:)``) and the parts are removed.
enum RunStore {
    /// The part names of `path` that are complete, in run order: generations, then `test`.
    static func partNames(path: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: GenerationParts.directory(for: path))) ?? []
        let generations = names.filter { $0.hasPrefix("g") && $0.hasSuffix(".h5") }.sorted()
        return generations + (names.contains("test.h5") ? ["test.h5"] : [])
    }

    /// Writes `block` as part `name` (`g0003` or `test`), then adds its per-run columns to the
    /// result file's `runs` and rebuilds the virtual arrays over every part.
    static func commit(_ block: RunBlock, part name: String, runs: HDF5Group, path: String) throws {
        let part = try GenerationParts.write(path: path, name: name) { root in
            try RunCube(root).append(block)
        }
        PartCatalog.remember(PartCatalog(written: block), at: part)
        let cube = try RunCube(runs)
        try cube.grow(axis: "run", to: cube.runCount + block.runs)
        try rebuildVirtual(cube, path: path)
    }

    /// What one virtual array is made of.
    private struct VirtualArray {
        var type: HDF5StoredType
        var axes: [String]
        var description: String
        var units: String
        var sources: [HDF5VirtualSource] = []
    }

    /// Replaces the virtual arrays of `runs` by ones covering every complete part.
    static func rebuildVirtual(_ runs: HDF5Group, path: String) throws {
        try rebuildVirtual(try RunCube(runs), path: path)
    }

    /// ``rebuildVirtual(_:path:)`` on a cube already opened.
    static func rebuildVirtual(_ cube: RunCube, path: String) throws {
        let runs = cube.group
        let bare = try removeVirtual(cube)
        var arrays: [String: VirtualArray] = [:]
        var lengths: [String: Int] = [:]
        var offset = 0
        let directory = (GenerationParts.directory(for: path) as NSString).lastPathComponent
        for name in mappedNames(path: path) {
            let part = try PartCatalog.of(GenerationParts.partPath(for: path, name: name))
            for array in part.arrays where !array.shape.isEmpty {
                if arrays[array.name] == nil {
                    arrays[array.name] = VirtualArray(type: array.type, axes: array.axes, description: array.description, units: array.units)
                }
                for (axis, n) in zip(array.axes.dropFirst(), array.shape.dropFirst()) { lengths[axis] = max(lengths[axis] ?? 0, n) }
                arrays[array.name]!.sources.append(HDF5VirtualSource(
                    file: directory + "/" + name, dataset: "/" + array.name,
                    start: [offset] + Array(repeating: 0, count: array.shape.count - 1), shape: array.shape))
            }
            offset += part.runs
        }
        guard offset == cube.runCount else {
            throw ResultFileError.damaged(path: path, object: "/runs", reason: "its part files hold \(offset) runs, the file \(cube.runCount)")
        }
        for (axis, n) in lengths { try cube.grow(axis: axis, to: n) }
        // A file written by an l2l before 0.x held the per-run columns itself; the parts hold the same values.
        for name in arrays.keys.sorted() where runs.contains(name) {
            let stale = try runs.openDataset(name)
            try cube.detach(stale)
            try runs.removeMember(name)
        }
        var created: [(HDF5Dataset, [String])] = []
        for name in arrays.keys.sorted() {
            let a = arrays[name]!
            let shape = a.axes.map { cube.length($0) }
            let dataset = try cube.createVirtual(name, type: a.type, axes: a.axes, shape: shape, sources: a.sources,
                                                 description: a.description, units: a.units)
            created.append((dataset, a.axes))
        }
        try cube.attach(created, bulk: bare)
    }

    /// Replaces each virtual array by a real one holding the same values (chunks written once,
    /// part by part), so the finished file needs no parts.
    static func materialize(_ runs: HDF5Group, path: String) throws {
        let cube = try RunCube(runs)
        var virtual: [PartCatalog.Array] = []
        for name in try cube.arrayNames() {
            let dataset = try runs.openDataset(name)
            guard try dataset.isVirtual() else { continue }
            virtual.append(try PartCatalog.Array(name, in: dataset))
        }
        guard !virtual.isEmpty else { return }
        try removeVirtual(cube)
        var real: [String: HDF5Dataset] = [:]
        var created: [(HDF5Dataset, [String])] = []
        for v in virtual {
            let kind = RunBlock.Values.empty(storedAs: v.type)
            let dataset = v.type == .string
                ? try runs.createExtendibleStringDataset(v.name) : try cube.create(v.name, values: kind, shape: v.shape)
            try cube.label(dataset, RunBlock.Column(name: v.name, axes: v.axes, shape: v.shape, values: kind, description: v.description, units: v.units))
            real[v.name] = dataset
            created.append((dataset, v.axes))
        }
        var offset = 0
        for name in partNames(path: path) {
            let file = try HDF5File.open(GenerationParts.partPath(for: path, name: name), mode: .readOnly, locking: false)
            defer { file.close() }
            let part = try RunCube(file.root)
            for v in virtual {
                guard file.root.contains(v.name) else {
                    if v.type == .string { try real[v.name]!.appendStrings(Array(repeating: "", count: part.runCount)) }
                    continue
                }
                let source = try file.root.openDataset(v.name)
                let shape = source.shape
                let start = [offset] + Array(repeating: 0, count: shape.count - 1)
                switch v.type {
                case .string: try real[v.name]!.appendStrings(try source.readStrings())
                case .uint8: try real[v.name]!.write(try source.read(as: UInt8.self), start: start, count: shape)
                case .integer: try real[v.name]!.write(try source.read(as: Int64.self), start: start, count: shape)
                default: try real[v.name]!.write(try source.read(as: Double.self), start: start, count: shape)
                }
            }
            offset += part.runCount
        }
        try cube.attach(created, bulk: false)
    }

    /// Drops every run from `keep` on (what a rollback to a checkpoint discards) and rebuilds
    /// the virtual arrays over the parts that remain.
    static func rollBack(_ runs: HDF5Group, keep: Int, path: String) throws {
        let cube = try RunCube(runs)
        for name in try cube.arrayNames() {
            let dataset = try runs.openDataset(name)
            guard try !dataset.isVirtual() else { continue }
            var shape = dataset.shape
            if !shape.isEmpty, shape[0] > keep {
                shape[0] = keep
                try dataset.setExtent(shape)
            }
        }
        if let scale = cube.scale("run"), scale.shape[0] > keep { try scale.setExtent([keep]) }
        try rebuildVirtual(runs, path: path)
    }

    /// How many leading runs of `runs` belong to the first `generations` generations.
    static func runsBefore(generation generations: Int, in runs: HDF5Group) throws -> Int {
        guard runs.contains("phase"), runs.contains("generation") else { return 0 }
        let phase = try runs.openDataset("phase").readStrings()
        let generation = try runs.openDataset("generation").read(as: Int64.self)
        var keep = 0
        while keep < min(phase.count, generation.count), phase[keep] == "train", generation[keep] < generations { keep += 1 }
        return keep
    }

    /// Removes the virtual arrays of `cube`, and returns whether its scales are left with
    /// nothing attached (then the new arrays can be attached in one step).
    ///
    /// When every array is virtual, the scales' `REFERENCE_LIST`s are dropped whole: detaching
    /// one array at a time dereferences every entry of the list each time, which was most of a
    /// commit's CPU (0.21 of 0.30 s over the quickstart's 6 commits).
    @discardableResult
    private static func removeVirtual(_ cube: RunCube) throws -> Bool {
        let names = try cube.arrayNames()
        let datasets = try names.map { try cube.group.openDataset($0) }
        let virtual = try datasets.map { try $0.isVirtual() }
        if !virtual.contains(false) {
            for axis in cube.axisNames {
                guard let scale = cube.scale(axis), try scale.attributeNames().contains("REFERENCE_LIST") else { continue }
                try scale.removeAttribute("REFERENCE_LIST")
            }
            for name in names { try cube.group.removeMember(name) }
            return true
        }
        for (name, (dataset, isVirtual)) in zip(names, zip(datasets, virtual)) where isVirtual {
            try cube.detach(dataset)
            try cube.group.removeMember(name)
        }
        return false
    }

}
