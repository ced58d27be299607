import Foundation
import HDF5

/// What a complete part file (`<file>.parts/gGGGG.h5`, `test.h5`) holds: its run count and
/// each array's type, axes, shape and labels — read once per file and remembered.
///
/// A part is written under a scratch name and renamed, never changed afterwards, so its
/// identity on disk (device, inode, size, modification time) stands for its contents. Each
/// commit rebuilds the virtual arrays over every part; the part it has just written is
/// catalogued from the block written into it (``remember(_:at:)``), so a commit opens no part,
/// and its cost is independent of the generations before.
struct PartCatalog: Sendable, Equatable {
    struct Array: Sendable, Equatable {
        var name: String
        var type: HDF5StoredType
        var axes: [String]
        var shape: [Int]
        var description: String
        var units: String
    }

    var runs: Int
    var arrays: [Array]

    private struct Identity: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var known: [String: (identity: Identity, catalog: PartCatalog)] = [:]

    /// The catalogue of the part at `path`, from memory when the file is the one read before.
    static func of(_ path: String) throws -> PartCatalog {
        guard let identity = identity(of: path) else {
            throw ResultFileError.damaged(path: path, object: "/", reason: "the part file cannot be read: \(String(cString: strerror(errno)))")
        }
        lock.lock()
        if let entry = known[path], entry.identity == identity {
            lock.unlock()
            return entry.catalog
        }
        lock.unlock()
        let catalog = try read(path)
        lock.lock()
        known[path] = (identity, catalog)
        lock.unlock()
        return catalog
    }

    /// Records `catalog` as what the part just written at `path` holds, so that ``of(_:)``
    /// needs no reading (reading a part's 30 arrays back was a quarter of a commit's view rebuild).
    static func remember(_ catalog: PartCatalog, at path: String) {
        guard let identity = identity(of: path) else { return }
        lock.lock()
        known[path] = (identity, catalog)
        lock.unlock()
    }

    /// The file's identity on disk; nil if it cannot be read (`errno` says why).
    private static func identity(of path: String) -> Identity? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Identity(
            device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
            seconds: Int(status.st_mtim.tv_sec), nanoseconds: Int(status.st_mtim.tv_nsec))
    }

    init(runs: Int, arrays: [Array]) {
        self.runs = runs
        self.arrays = arrays
    }

    /// What a part holds once `block` is appended to its empty root (``RunCube/append(_:)``):
    /// the block's columns in name order, each as long as the longest column along its axes.
    init(written block: RunBlock) {
        var lengths: [String: Int] = ["run": block.runs]
        for column in block.columns {
            for (axis, n) in zip(column.axes.dropFirst(), column.shape.dropFirst()) { lengths[axis] = max(lengths[axis] ?? 0, n) }
        }
        runs = block.runs
        arrays = block.columns.sorted(by: { $0.name < $1.name }).map { column in
            Array(name: column.name, type: column.values.storedType, axes: column.axes,
                  shape: column.axes.map { lengths[$0] ?? 0 }, description: column.description, units: column.units)
        }
    }

    static func read(_ path: String) throws -> PartCatalog {
        let file = try HDF5File.open(path, mode: .readOnly, locking: false)
        defer { file.close() }
        let cube = try RunCube(file.root)
        var arrays: [Array] = []
        for name in try cube.arrayNames() {
            arrays.append(try Array(name, in: file.root.openDataset(name)))
        }
        return PartCatalog(runs: cube.runCount, arrays: arrays)
    }
}

extension PartCatalog.Array {
    /// The description of the array `name` as stored in `dataset`.
    init(_ name: String, in dataset: HDF5Dataset) throws {
        self.init(name: name, type: try dataset.storedType(), axes: try RunCube.axes(of: dataset), shape: dataset.shape,
                  description: try RunCube.text(dataset, "description"), units: try RunCube.text(dataset, "units"))
    }
}
