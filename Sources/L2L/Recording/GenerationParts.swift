import Foundation
import HDF5
#if canImport(Glibc)
import Glibc
#endif

/// The part files of a result file while its run is being written: each generation's inner
/// runs go to a file of their own, `<file>.parts/gGGGG.h5`, written once and never changed,
/// and the result file links them (`/runs/<run>` is an HDF5 external link to the part).
///
/// This keeps the cost of committing a generation proportional to that generation's data:
/// the part is written to a scratch name, flushed and renamed; then the small result file
/// (outer datasets, links, checkpoint) is replaced atomically as before (`AtomicFileUpdate`).
/// Killed at any moment, the result file names only parts that were complete before it was
/// replaced, so h5py reads every completed generation, following the links, with no
/// `h5clear`. When the run finishes, ``consolidate(into:path:)`` copies every linked run into
/// the result file (chunks as stored, no recompression; `HDF5Group.copyTree`) and the parts are removed, so a finished
/// result is one self-contained file. docs/file-format.md ("Crash safety") has the measured cost.
enum GenerationParts {
    /// While the result file is smaller than this, a generation's runs are written into it
    /// directly (the whole file is copied per generation, which costs less than writing the
    /// runs twice); beyond it, to part files. `L2L_DIRECT_WRITE_LIMIT_BYTES` overrides it
    /// (0: always part files), for tests and benchmarks.
    static var directLimit: Int {
        if let text = ProcessInfo.processInfo.environment["L2L_DIRECT_WRITE_LIMIT_BYTES"], let value = Int(text) { return value }
        return 64 << 20
    }

    /// Whether the next generation of `path` goes to a part file: once one has, all later ones do.
    static func usesParts(path: String) -> Bool {
        if FileManager.default.fileExists(atPath: directory(for: path)) { return true }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return size >= directLimit
    }

    /// The directory of `path`'s part files.
    static func directory(for path: String) -> String { path + ".parts" }

    /// The part file of one generation.
    static func partPath(for path: String, generation: Int) -> String {
        directory(for: path) + "/" + partName(generation)
    }

    /// The file name a link stores: relative to the result file's directory, which is where
    /// readers look first, so the file and its parts can be moved together.
    static func linkTarget(for path: String, generation: Int) -> String {
        (directory(for: path) as NSString).lastPathComponent + "/" + partName(generation)
    }

    private static func partName(_ generation: Int) -> String { "g" + String(format: "%04d", generation) + ".h5" }

    /// Writes generation `generation`'s part: `body` fills its root group; the part appears
    /// under its final name only once complete and on disk.
    static func write(path: String, generation: Int, _ body: (HDF5Group) throws -> Void) throws {
        let directory = directory(for: path)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RecordingError.cannotCreate(path: directory, reason: error.localizedDescription)
        }
        let final = partPath(for: path, generation: generation)
        let scratch = AtomicFileUpdate.partialPath(for: final)
        do {
            // No HDF5 file lock on parts: `WriterLock` already makes this process the only writer,
            // and a lock inherited by a child process (an external worker started meanwhile) would
            // outlive the file's closing here and refuse its reopening at consolidation.
            let file = try HDF5File.create(scratch, locking: false)
            do {
                try body(file.root)
                try file.flush()
            } catch {
                file.close()
                throw error
            }
            file.close()
            try AtomicFileUpdate.synchronize(scratch)
            guard rename(scratch, final) == 0 else { throw AtomicFileError.system("rename \(scratch) to \(final)", errno) }
            try AtomicFileUpdate.synchronize(directory)
        } catch {
            unlink(scratch)
            throw error
        }
    }

    /// Removes the parts of generations `generation` and later (what a rollback discards), and
    /// any scratch part left by a killed writer.
    static func removeParts(path: String, from generation: Int) {
        let directory = directory(for: path)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix("g") {
            let digits = name.dropFirst().prefix { $0.isNumber }
            if name.hasSuffix(".partial") || (Int(digits).map { $0 >= generation } ?? false) {
                unlink(directory + "/" + name)
            }
        }
    }

    /// Removes the parts directory (after consolidation, or before a new run writes `path`).
    static func removeAll(path: String) {
        try? FileManager.default.removeItem(atPath: directory(for: path))
    }

    /// Bytes of `path` and its parts: about what the consolidated file will take.
    static func totalBytes(path: String) -> Int {
        var total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let directory = directory(for: path)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            total += (try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? Int) ?? 0
        }
        return total
    }

    /// Throws unless the consolidated file fits: the free space of its file system and the
    /// process's file-size limit. (libhdf5 1.10 crashes when a write fails inside `H5Ocopy`,
    /// so a full disk must be found before the copy starts, not by it.)
    static func checkRoom(path: String) throws {
        let needed = totalBytes(path: path) + (1 << 20)
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max, limit.rlim_cur < rlim_t(needed) {
            throw RecordingError.noRoom(path: path, needed: needed, available: Int(limit.rlim_cur), what: "the file-size limit (ulimit -f)")
        }
        var system = statvfs()
        let directory = (path as NSString).deletingLastPathComponent
        if statvfs(directory.isEmpty ? "." : directory, &system) == 0 {
            let free = Int(system.f_bavail) * Int(system.f_frsize)
            if free < needed { throw RecordingError.noRoom(path: path, needed: needed, available: free, what: "free disk space") }
        }
    }

    /// Replaces every external link in `runs` by a copy of the run it points to.
    static func consolidate(runs: HDF5Group, path: String) throws {
        var parts: [Int: HDF5File] = [:]
        defer { parts.values.forEach { $0.close() } }
        for name in try runs.memberNames() where runs.isExternalLink(name) {
            guard name.hasPrefix("g"), let generation = Int(name.dropFirst().prefix { $0.isNumber }) else { continue }
            let part: HDF5File
            if let open = parts[generation] {
                part = open
            } else {
                part = try HDF5File.open(partPath(for: path, generation: generation), mode: .readOnly, locking: false)
                parts[generation] = part
            }
            try runs.removeMember(name)
            try runs.copyTree(name, of: part.root)
        }
    }
}
