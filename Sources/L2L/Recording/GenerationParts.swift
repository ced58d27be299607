import Foundation
import HDF5
#if canImport(Glibc)
import Glibc
#endif

/// The part files of a result file while its run is being written: each generation's inner
/// runs go to a file of their own, `<file>.parts/gGGGG.h5`, written once under a scratch name,
/// flushed, renamed and never changed; ``RunStore`` presents them in the result file as virtual
/// datasets (every 16 of them through a segment, `sGGGG.h5`). Beside them grows the
/// self-contained file, `whole.h5`, which replaces the result file when the run finishes.
///
/// This keeps the cost of committing a generation proportional to that generation's data.
/// Killed at any moment, the result file names only parts that were complete before it was
/// replaced, so h5py reads every completed generation with no `h5clear`.
/// docs/file-format.md ("Writing, crashes …") has the measured cost.
enum GenerationParts {
    /// The directory of `path`'s part files.
    static func directory(for path: String) -> String { path + ".parts" }

    /// The part file named `name` (`gGGGG.h5`, `test.h5`).
    static func partPath(for path: String, name: String) -> String {
        directory(for: path) + "/" + name
    }

    /// The self-contained file in the making: the result file's contents with every committed
    /// generation's runs as real arrays (`ExperimentRecorder` appends each generation to it once
    /// committed; the finish adds the held-out phase and renames it over the result file).
    static func wholePath(for path: String) -> String { directory(for: path) + "/whole.h5" }

    /// Creates the parts directory if needed.
    static func createDirectory(for path: String) throws {
        let directory = directory(for: path)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RecordingError.cannotCreate(path: directory, reason: error.localizedDescription)
        }
    }

    /// The part name of one generation (without `.h5`).
    static func partName(generation: Int) -> String { "g" + String(format: "%04d", generation) }

    /// Writes part `name` (`g0003`, `test`): `body` fills its root group; the part appears
    /// under its final name only once complete and on disk. Returns the part's path.
    @discardableResult
    static func write(path: String, name: String, _ body: (HDF5Group) throws -> Void) throws -> String {
        let directory = directory(for: path)
        try createDirectory(for: path)
        let final = partPath(for: path, name: name + ".h5")
        let scratch = AtomicFileUpdate.partialPath(for: final)
        do {
            // No HDF5 file lock on parts: `WriterLock` already makes this process the only writer,
            // and a lock inherited by a child process (an external worker started meanwhile) would
            // outlive the file's closing here and refuse its reopening at consolidation.
            try HDF5File.create(scratch, locking: false).changeAndClose(body)
            try AtomicFileUpdate.synchronize(scratch)
            guard rename(scratch, final) == 0 else { throw AtomicFileError.system("rename \(scratch) to \(final)", errno) }
            try AtomicFileUpdate.synchronize(directory)
            return final
        } catch {
            unlink(scratch)
            throw error
        }
    }

    /// Removes the parts of generations `generation` and later, the segments that cover any of
    /// them, and the held-out phase's (what a rollback discards), any scratch part left by a killed writer, and the self-contained file in
    /// the making (it may hold a generation the rollback drops, or be half written).
    static func removeParts(path: String, from generation: Int) {
        let directory = directory(for: path)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix("g") || name.hasPrefix("s") {
            let digits = name.dropFirst().prefix { $0.isNumber }
            // A segment (sGGGG) covers RunStore.segmentSpan generations from GGGG.
            let last = (Int(digits) ?? 0) + (name.hasPrefix("s") ? RunStore.segmentSpan - 1 : 0)
            if name.hasSuffix(".partial") || (Int(digits) != nil && last >= generation) {
                unlink(directory + "/" + name)
            }
        }
        for name in names where name.hasPrefix("test") { unlink(directory + "/" + name) }
        unlink(wholePath(for: path))
    }

    /// Removes the parts directory (after consolidation, or before a new run writes `path`).
    static func removeAll(path: String) {
        try? FileManager.default.removeItem(atPath: directory(for: path))
    }

    /// Bytes of `path` and its parts: about what the consolidated file will take.
    static func totalBytes(path: String) -> Int {
        var total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let directory = directory(for: path)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix("g") {
            total += (try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? Int) ?? 0
        }
        return total
    }

    /// Throws unless the consolidated file fits: the free space of its file system and the
    /// process's file-size limit, found before the copy starts rather than by it.
    static func checkRoom(path: String) throws {
        let needed = totalBytes(path: path) + (1 << 20)
        try checkRoom(path: path, size: needed, growth: needed)
    }

    /// Throws unless a file at `path` may reach `size` bytes, `growth` of them new: the
    /// process's file-size limit, and the free space of its file system.
    static func checkRoom(path: String, size: Int, growth: Int) throws {
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max, limit.rlim_cur < rlim_t(size) {
            throw RecordingError.noRoom(path: path, needed: size, available: Int(limit.rlim_cur), what: "the file-size limit (ulimit -f)")
        }
        var system = statvfs()
        let directory = (path as NSString).deletingLastPathComponent
        if statvfs(directory.isEmpty ? "." : directory, &system) == 0 {
            let free = Int(system.f_bavail) * Int(system.f_frsize)
            if free < growth { throw RecordingError.noRoom(path: path, needed: growth, available: free, what: "free disk space") }
        }
    }
}
