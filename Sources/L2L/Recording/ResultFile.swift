import Foundation
import HDF5
import L2LOptimizees

/// Opening result files that may have been cut off, and rolling them back to a checkpoint.
public enum ResultFile {
    /// Opens a result file for reading. The file is always complete (every change replaces
    /// it atomically), so any failure here means a truncated, corrupt or foreign file.
    public static func openForReading(_ path: String) throws -> HDF5File {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ResultFileError.unreadable(path: path, reason: "no such file")
        }
        do {
            return try HDF5File.open(path, mode: .readOnly)
        } catch {
            throw ResultFileError.unreadable(path: path, reason: error.description)
        }
    }

    /// Checks that `path` is an l2l result file whose writer is not still running here.
    static func checkResumable(_ path: String) throws {
        let file = try openForReading(path)
        defer { file.close() }
        guard case .string("l2l")? = try file.root.attribute("format") else { throw ResultFileError.notAnL2LFile(path: path) }
        guard file.root.contains("provenance") else { return }
        let provenance = try file.root.openGroup("provenance")
        if case .string("complete")? = try provenance.attribute("status") {
            // A finish killed after it replaced the file and before it removed `<file>.parts` leaves
            // the parts behind; the complete file holds everything they held, so they are stale.
            GenerationParts.removeAll(path: path)
            throw ResultFileError.alreadyComplete(path: path)
        }
        if case .int(let pid)? = try provenance.attribute("pid"), case .string(let host)? = try provenance.attribute("host"),
            host == ProcessInfo.processInfo.hostName, pid != Int64(getpid()), kill(pid_t(pid), 0) == 0
        {
            throw ResultFileError.stillRunning(path: path, pid: Int(pid))
        }
    }

    /// Removes everything written after `generations` complete generations: rows of the
    /// extendible outer datasets, runs of later generations and the held-out phase (their rows
    /// of `/runs`; their part files are removed by the caller), failure notes, and `/test`.
    static func rollBack(_ root: HDF5Group, toGenerations generations: Int, path: String) throws {
        let outer = try root.openGroup("outer")
        for group in [outer, try outer.openGroup("state")] {
            try group.relayOutDimensionScales(growable: true)  // a finished file has fixed ones
            guard group.contains("generation") else { continue }
            let generation = try group.openDataset("generation")
            for name in try group.memberNames() where !group.isGroup(name) {
                let dataset = try group.openDataset(name)
                // Only the generation axis and the arrays along it: the other axes' scales
                // (hyperparameter, individual, …) keep their lengths (shrinking `hyperparameter` to
                // the generations kept broke the resume of a file killed before its first commit).
                let alongGenerations = try name == "generation"
                    || (!dataset.isDimensionScale() && !dataset.shape.isEmpty && dataset.isDimensionScaleAttached(generation, axis: 0))
                if alongGenerations, try dataset.isExtendible(), dataset.shape[0] != generations {
                    try dataset.resize(rows: generations)
                }
            }
        }
        for name in try outer.attributeNames() where name.hasPrefix("failure_g") {
            let generation = name.dropFirst("failure_g".count).prefix { $0.isNumber }
            if let g = Int(generation), g >= generations { try outer.removeAttribute(name) }
        }
        if try RunStore.isMaterialized(try root.openGroup("runs")) {
            try RunStore.split(root, generations: generations, path: path)
        }
        let runs = try root.openGroup("runs")
        try RunStore.rollBack(runs, keep: try RunStore.runsBefore(generation: generations, in: runs), path: path)
        if root.contains("test") { try root.removeMember("test") }
    }
}
