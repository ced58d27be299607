import Foundation
import HDF5
#if canImport(Glibc)
import Glibc
#endif
import L2LOptimizers
import L2LOptimizees

/// The self-contained file: grown a generation at a time beside the result file
/// (`<file>.parts/whole.h5`), or built from the parts when that could not be kept, then finished
/// with the held-out phase and renamed into place (docs/file-format.md).
extension ExperimentRecorder {
    /// Starts the self-contained file in the making as a copy of the new result file.
    func startWhole() {
        let target = GenerationParts.wholePath(for: path)
        do {
            try GenerationParts.createDirectory(for: path)
            try AtomicFileUpdate.copy(path, to: target)
            whole = target
        } catch {
            unlink(target)
        }
    }

    /// Applies `change` (about `bytes` of new data) to the self-contained file in the making and
    /// flushes it to disk (so the finish has only its own additions to flush); gives the file up
    /// if anything fails, and before writing if the disk or the file-size limit leaves no room
    /// (an HDF5 write that fails half-way leaves the library with objects it cannot close).
    func appendToWhole(bytes: Int, _ change: (HDF5Group) throws -> Void) {
        guard let target = whole else { return }
        measured {
            do {
                let size = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
                let growth = bytes + bytes / 8 + (4 << 20)  // chunk padding and metadata
                try GenerationParts.checkRoom(path: target, size: size + growth, growth: growth)
                try HDF5File.open(target, mode: .readWrite, locking: false).changeAndClose(change)
                try AtomicFileUpdate.synchronize(target)
            } catch {
                unlink(target)
                whole = nil
            }
        }
    }

    func writeConsolidation() throws {
        try checkCreated()
        let clock = ContinuousClock(), start = clock.now
        defer { busySeconds += (clock.now - start).seconds }
        if let target = whole {
            // Every generation is in it already. If it cannot be finished, it is given up like
            // any failure of the self-contained file: the file is built from the parts below.
            whole = nil
            do {
                try Self.fixOuterScales(in: target)
                consolidated = target
                return
            } catch {
                unlink(target)
            }
        }
        try GenerationParts.checkRoom(path: path)
        let scratch = AtomicFileUpdate.partialPath(for: path)
        do {
            try AtomicFileUpdate.copy(path, to: scratch)
            let file = try HDF5File.open(scratch, mode: .readWrite)
            defer { file.close() }
            try RunStore.materialize(try file.root.openGroup("runs"), path: path)
            for group in Self.outerGroups { try file.root.openGroup(group).relayOutDimensionScales(growable: false) }
            try file.flush()
            // To disk now, while the held-out runs go on: the finish then flushes only what it adds.
            try AtomicFileUpdate.synchronize(scratch)
            consolidated = scratch
        } catch {
            unlink(scratch)
            throw error
        }
    }

    /// The groups the held-out phase does not change, whose scales the consolidation fixes.
    private static let outerGroups = ["outer", "outer/state"]

    /// Makes the scales of ``outerGroups`` in `path` fixed-size (netCDF readers open a finished
    /// file fast: HDF5ScaleLayout.swift) and flushes it to disk.
    private static func fixOuterScales(in path: String) throws {
        try HDF5File.open(path, mode: .readWrite, locking: false).changeAndClose { root in
            for group in outerGroups { try root.openGroup(group).relayOutDimensionScales(growable: false) }
        }
        try AtomicFileUpdate.synchronize(path)
    }

    func writeFinish(
        best: (values: [Double], fitness: Double, generation: Int)?, tuned: [InnerRunResult], baseline: [InnerRunResult],
        elapsedSeconds: Double, jobs: Int
    ) throws {
        let held = (tuned + baseline).sorted(by: { $0.coordinates < $1.coordinates })
        let block = measured { RunBlock(held, recordCandidates: spec.record.candidates) }
        if consolidated == nil { try writeConsolidation() }
        guard let scratch = consolidated else { return }
        consolidated = nil
        try measured {
            do {
                try HDF5File.open(scratch, mode: .readWrite).changeAndClose { root in
                    try TestWriter.write(
                        into: root, spec: spec, hyperparameters: hyperparameters, best: best, tuned: tuned, baseline: baseline)
                    try RunCube(try root.openGroup("runs"), rechunking: true).append(block)
                    // Fixed-size scales: netCDF readers open a finished file fast (HDF5ScaleLayout.swift).
                    // (/outer's were fixed by the consolidation, while the held-out runs went on.)
                    try root.openGroup("runs").relayOutDimensionScales(growable: false)
                    let provenance = try root.openGroup("provenance")
                    try provenance.setAttribute("status", .string("complete"))
                    try provenance.setAttribute("elapsed_seconds", .double(elapsedSeconds))
                    try provenance.setAttribute("jobs", .int(Int64(jobs)))
                }
                try AtomicFileUpdate.replace(path, with: scratch)
            } catch {
                unlink(scratch)
                throw error
            }
        }
        GenerationParts.removeAll(path: path)
        Interruption.finished()
        lock.release()
    }
}
