import Foundation
import HDF5
import L2LNumerics
import L2LOptimizers
import L2LOptimizees

/// The single owner of an experiment's HDF5 file: every write goes through this actor.
///
/// Layout v2 is documented in docs/file-format.md. The recorder holds the file's writer lock
/// (`WriterLock`) from creation to the end. Each outer generation's inner runs are stacked into
/// a part file of their own (`RunStore`, `GenerationParts`), then the small result file — outer
/// datasets, per-run columns, virtual arrays over the parts, checkpoint — is replaced atomically
/// (`AtomicFileUpdate`), so the result
/// file is at every moment a complete, closed HDF5 file that any reader can open, even right
/// after `kill -9`, and a commit costs what the generation wrote, not the size of the file.
/// Each generation ends with the checkpoint (`/checkpoint`): the number of completed
/// generations and the outer optimizer's state, from which a resumed run continues. The
/// finished run's parts are copied into the file, which is then self-contained. The driver
/// does not wait for a generation's commit before starting the next generation's inner runs;
/// it waits for it before the next commit (`Experiment.run`), so commits stay in order.
///
/// Every write, and every access to the recorder's mutable state, runs on `RecorderThread`
/// (one job at a time), which is what makes the class safe to share between tasks.
final class ExperimentRecorder: @unchecked Sendable {
    static let formatVersion: Int64 = 2

    /// What a resumed run continues from.
    struct Checkpoint: Sendable, Equatable {
        var completedGenerations: Int
        /// The outer optimizer's state as JSON (nil before the first generation).
        var outerState: String?
        var evaluations: Int
        var failedRuns: Int
    }

    let path: String
    /// Seconds each generation's commit of this session took, in order.
    private var commitSeconds: [Double] = []
    /// CPU seconds of each of those commits (the recorder thread's).
    private var commitCPUSeconds: [Double] = []
    /// Seconds this session's recorder spent in file operations after creating or reopening the file.
    var busySeconds = 0.0
    let spec: ExperimentSpec
    let hyperparameters: HyperparameterSpace
    let lock: WriterLock

    private init(path: String, spec: ExperimentSpec, hyperparameters: HyperparameterSpace, lock: WriterLock, completed: Int) {
        self.path = path
        self.spec = spec
        self.hyperparameters = hyperparameters
        self.lock = lock
        Interruption.writing(path, lock: lock, completedGenerations: completed)
    }

    deinit {
        Interruption.finished()
        lock.release()
    }

    /// Creates the file with its header (spec, hyperparameter table, empty checkpoint), after
    /// taking its writer lock. An existing file is replaced only with `overwrite` (never the
    /// spec file itself: see `OutputGuard`).
    static func create(
        path: String, spec: ExperimentSpec, hyperparameters: HyperparameterSpace, overwrite: Bool = false
    ) throws -> ExperimentRecorder {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw RecordingError.cannotCreate(path: path, reason: error.localizedDescription)
            }
        }
        let lock = try WriterLock.acquire(for: path)
        try OutputGuard.check(output: path, spec: spec.source.fileName, overwrite: overwrite)
        GenerationParts.removeAll(path: path)
        let recorder = ExperimentRecorder(path: path, spec: spec, hyperparameters: hyperparameters, lock: lock, completed: 0)
        // Writing the new file (and its fsyncs) overlaps the first generation: the recorder does
        // it first, before any commit; what can be refused (the lock, the output guard, the
        // directory) was checked above.
        RecorderThread.shared.submit { recorder.writeNewFile() }
        return recorder
    }

    /// The error that stopped ``create(path:spec:hyperparameters:overwrite:)``'s writing of the new
    /// file, rethrown by every later job (nil when it was written).
    private var creationFailure: (any Error)?

    private func writeNewFile() {
        measured {
            do {
                try Self.writeHeader(path: path, spec: spec, hyperparameters: hyperparameters)
                startWhole()
            } catch {
                creationFailure = error
            }
        }
    }

    /// Throws the error that kept the new file from being written, if any.
    func checkCreated() throws {
        if let creationFailure { throw creationFailure }
    }

    private static func writeHeader(path: String, spec: ExperimentSpec, hyperparameters: HyperparameterSpace) throws {
        try AtomicFileUpdate.perform(on: path, creating: true) { scratch in
            // Each commit replaces every view of /runs in a fresh copy of this file: without
            // persistent free space the old views' space would be lost at each closing, and the
            // copy (and its fsync) would grow by ~70 KB a generation.
            let file = try HDF5File.create(scratch, reusingFreedSpace: true)
            defer { file.close() }
            let root = file.root
            try root.setAttribute("format", .string("l2l"))
            try root.setAttribute("format_version", .int(formatVersion))
            try root.setAttribute("l2l_version", .string(L2LVersion.current))
            try root.setAttribute("name", .string(spec.name))
            try root.setAttribute("seed", .int(Int64(bitPattern: spec.seed)))
            try root.setAttribute("spec", .string(spec.source.text))
            try root.setAttribute("spec_file", .string(spec.source.fileName))
            if let scale = spec.scale { try root.setAttribute("scale", .string(scale)) }
            try root.setAttribute("outer_optimizer", .string(spec.outer.optimizer.algorithm.identifier))
            try root.setAttribute("inner_optimizer", .string(spec.inner.algorithm.identifier))
            try root.setAttribute("outer_fitness", .string(spec.outer.fitness.rawValue))
            let provenance = try root.createGroup("provenance")
            try provenance.setAttribute("created", .string(ISO8601DateFormatter().string(from: Date())))
            try provenance.setAttribute("status", .string("running"))
            try provenance.setAttribute("host", .string(ProcessInfo.processInfo.hostName))
            try provenance.setAttribute("resumed", .int(0))
            try provenance.setAttribute("pid", .int(Int64(getpid())))
            try Self.writeMachine(in: provenance)
            let outer = LabelledGroup(try root.createGroup("outer"))
            _ = try outer.group.createGroup("state")
            _ = try root.createGroup("runs")
            try writeHyperparameterTable(outer: outer, hyperparameters: hyperparameters)
            try write(Checkpoint(completedGenerations: 0, outerState: nil, evaluations: 0, failedRuns: 0), in: root)
            try file.flush()
        }
    }

    /// Opens an interrupted run's file, rolls it back to its last checkpoint and returns it.
    static func resume(
        path: String, spec: ExperimentSpec, hyperparameters: HyperparameterSpace
    ) throws -> (ExperimentRecorder, Checkpoint) {
        let lock = try WriterLock.acquire(for: path)
        try ResultFile.checkResumable(path)
        let checkpoint = try AtomicFileUpdate.perform(on: path) { scratch in
            let file = try HDF5File.open(scratch, mode: .readWrite)
            defer { file.close() }
            let checkpoint = try readCheckpoint(file.root, path: path)
            GenerationParts.removeParts(path: path, from: checkpoint.completedGenerations)
            try ResultFile.rollBack(file.root, toGenerations: checkpoint.completedGenerations, path: path)
            let provenance = try file.root.openGroup("provenance")
            try provenance.setAttribute("status", .string("running"))
            try provenance.setAttribute("pid", .int(Int64(getpid())))
            if case .int(let count)? = try provenance.attribute("resumed") {
                try provenance.setAttribute("resumed", .int(count + 1))
            }
            try Self.writeMachine(in: provenance)
            try file.flush()
            return checkpoint
        }
        let recorder = ExperimentRecorder(
            path: path, spec: spec, hyperparameters: hyperparameters, lock: lock, completed: checkpoint.completedGenerations)
        return (recorder, checkpoint)
    }

    /// Records the BLAS kernels and vector units the run's numbers came from: the same spec and
    /// seed give the same bits on one machine, but BLAS kernels for another CPU sum in another order
    /// (dopamine-mnist's smoke held-out accuracy: 0.753 with OpenBLAS's Haswell kernels, 0.739 with
    /// its Cooperlake ones). `OPENBLAS_CORETYPE=<blas_kernels>` reproduces a file's numbers elsewhere.
    /// A resumed run on other kernels is recorded as such ("Cooperlake, then Haswell").
    private static func writeMachine(in provenance: HDF5Group) throws {
        let blas = BLASLibrary.current
        var before: String?
        if case .string(let text)? = try provenance.attribute("blas_kernels") { before = text }
        try provenance.setAttribute("blas", .string(blas.library))
        try provenance.setAttribute("blas_kernels", .string(kernelHistory(before, now: blas.coreType)))
        try provenance.setAttribute("cpu_vector", .string(blas.cpuVector))
    }

    /// `before` (the file's `blas_kernels`), extended with `now` when this process runs other kernels.
    static func kernelHistory(_ before: String?, now: String) -> String {
        guard let before, !before.isEmpty else { return now }
        return before.components(separatedBy: ", then ").last == now ? before : before + ", then " + now
    }

    /// One batch of writes, made to a copy that then replaces the file atomically.
    private func withFile<R>(_ body: (HDF5File) throws -> R) throws -> R {
        let clock = ContinuousClock(), start = clock.now
        defer { busySeconds += (clock.now - start).seconds }
        return try AtomicFileUpdate.perform(on: path) { scratch in
            let file = try HDF5File.open(scratch, mode: .readWrite)
            defer { file.close() }
            let result = try body(file)
            try file.flush()
            return result
        }
    }

    /// Appends one outer generation, writes its inner runs, then the checkpoint.
    func recordGeneration(
        _ record: IterationRecord, outcomes: [IndividualOutcome], runs innerRuns: [InnerRunResult], checkpoint: Checkpoint
    ) async throws {
        try await RecorderThread.shared.perform {
            try self.writeGeneration(record, outcomes: outcomes, runs: innerRuns, checkpoint: checkpoint)
        }
    }

    /// Readies the self-contained file while the held-out runs go on: the one grown beside the
    /// result file since its creation (`<file>.parts/whole.h5`), or, where that was not kept (a
    /// resumed run), a scratch copy of the result file (`<file>.partial`) in which the parts are
    /// copied into real arrays. The result file itself is not touched;
    /// ``finish(best:tuned:baseline:elapsedSeconds:jobs:)`` adds the held-out phase and puts it in place.
    func consolidate() async throws {
        try await RecorderThread.shared.perform { try self.writeConsolidation() }
    }

    /// Writes the held-out test phase and replaces the file by the self-contained one, complete.
    func finish(
        best: (values: [Double], fitness: Double, generation: Int)?, tuned: [InnerRunResult], baseline: [InnerRunResult],
        elapsedSeconds: Double, jobs: Int
    ) async throws {
        try await RecorderThread.shared.perform {
            try self.writeFinish(best: best, tuned: tuned, baseline: baseline, elapsedSeconds: elapsedSeconds, jobs: jobs)
        }
    }

    /// Seconds each commit of this session took, and the recorder's time in file operations.
    func timings() async -> (commits: [Double], commitsCPU: [Double], busy: Double, cpu: Double) {
        (try? await RecorderThread.shared.perform {
            (self.commitSeconds, self.commitCPUSeconds, self.busySeconds, RecorderThread.shared.cpuSeconds - self.cpuAtStart)
        }) ?? ([], [], 0, 0)
    }

    /// The recorder thread's CPU seconds when this recorder was made (the thread serves every recorder of the process).
    private let cpuAtStart = RecorderThread.shared.cpuSeconds

    private func writeGeneration(
        _ record: IterationRecord, outcomes: [IndividualOutcome], runs innerRuns: [InnerRunResult], checkpoint: Checkpoint
    ) throws {
        try checkCreated()
        let clock = ContinuousClock(), start = clock.now, cpuStart = CPUClock.thread()
        let ordered = innerRuns.sorted(by: { $0.coordinates < $1.coordinates })
        let block = measured { RunBlock(ordered, recordCandidates: spec.record.candidates) }
        try withFile { file in
            try writeGeneration(record, outcomes: outcomes, runs: innerRuns, checkpoint: checkpoint, in: file.root) { runs in
                try RunStore.commit(block, part: GenerationParts.partName(generation: record.iteration), runs: runs, path: path)
            }
        }
        Interruption.committed(generations: checkpoint.completedGenerations)
        commitSeconds.append((clock.now - start).seconds)
        commitCPUSeconds.append(CPUClock.thread() - cpuStart)
        // The next commits map these parts through one segment. Without it (a full disk) they map
        // the parts, as before: nothing is lost, so a failure here is not the run's.
        _ = try? measured { try RunStore.writeSegment(endingWith: record.iteration, path: path) }
        appendToWhole(bytes: block.byteCount) { root in
            try writeGeneration(record, outcomes: outcomes, runs: innerRuns, checkpoint: checkpoint, in: root) { runs in
                try RunCube(runs, rechunking: true).append(block.sortedByName())
            }
        }
    }

    /// What a generation changes in a result file: the outer datasets, the failures of its outer
    /// individuals, its runs (`addRuns`: views of a part, or real arrays) and the checkpoint. The
    /// result file and the self-contained file in the making both change through it, so they
    /// cannot drift apart.
    private func writeGeneration(
        _ record: IterationRecord, outcomes: [IndividualOutcome], runs innerRuns: [InnerRunResult], checkpoint: Checkpoint,
        in root: HDF5Group, addRuns: (HDF5Group) throws -> Void
    ) throws {
        let d = try OuterDatasets.openOrCreate(
            in: try root.openGroup("outer"), population: outcomes.count, snapshot: record.snapshot,
            hyperparameters: hyperparameters.entries.count, tasks: spec.tasks.train.count,
            repeats: spec.tasks.repeats, fitnessName: spec.outer.fitness.rawValue)
        try d.append(record, outcomes: outcomes, runs: innerRuns, hyperparameters: hyperparameters,
                     tasks: spec.tasks.train.count, repeats: spec.tasks.repeats)
        let outer = try root.openGroup("outer")
        for outcome in outcomes.enumerated() where outcome.element.failure != nil {
            try outer.setAttribute("failure_g\(record.iteration)_i\(outcome.offset)", .string(outcome.element.failure ?? ""))
        }
        try addRuns(try root.openGroup("runs"))
        try Self.write(checkpoint, in: root)
    }

    /// Adds the time `body` takes to `busySeconds`.
    func measured<R>(_ body: () throws -> R) rethrows -> R {
        let clock = ContinuousClock(), start = clock.now
        defer { busySeconds += (clock.now - start).seconds }
        return try body()
    }

    /// The scratch file ``consolidate()`` prepared (nil before, and after a failure).
    var consolidated: String?

    /// The self-contained file in the making (`GenerationParts.wholePath`), while it is kept:
    /// started at creation, appended to after each commit, and given up (removed) at the first
    /// error, after which the finish builds the file from the parts instead. A resumed run
    /// does not keep one.
    var whole: String?

    private static func write(_ checkpoint: Checkpoint, in root: HDF5Group) throws {
        let group = root.contains("checkpoint") ? try root.openGroup("checkpoint") : try root.createGroup("checkpoint")
        try group.setAttribute("outer_optimizer_state", .string(checkpoint.outerState ?? ""))
        try group.setAttribute("evaluations", .int(Int64(checkpoint.evaluations)))
        try group.setAttribute("failed_runs", .int(Int64(checkpoint.failedRuns)))
        // Written last: a generation counts only once this attribute says so.
        try group.setAttribute("completed_generations", .int(Int64(checkpoint.completedGenerations)))
    }

    private static func readCheckpoint(_ root: HDF5Group, path: String) throws -> Checkpoint {
        guard root.contains("checkpoint"), case .int(let generations)? = try root.openGroup("checkpoint").attribute("completed_generations")
        else { throw ResultFileError.noCheckpoint(path: path) }
        let group = try root.openGroup("checkpoint")
        var state: String?
        if case .string(let s)? = try group.attribute("outer_optimizer_state"), !s.isEmpty { state = s }
        var evaluations: Int64 = 0, failed: Int64 = 0
        if case .int(let v)? = try group.attribute("evaluations") { evaluations = v }
        if case .int(let v)? = try group.attribute("failed_runs") { failed = v }
        return Checkpoint(completedGenerations: Int(generations), outerState: state, evaluations: Int(evaluations), failedRuns: Int(failed))
    }

    private static func writeHyperparameterTable(outer: LabelledGroup, hyperparameters: HyperparameterSpace) throws {
        let count = hyperparameters.entries.count
        try outer.writeStrings(
            "hyperparameter_name", axis: "hyperparameter", values: hyperparameters.paths,
            description: "dotted spec path of each tuned hyperparameter")
        try outer.writeStrings(
            "hyperparameter_kind", axis: "hyperparameter",
            values: hyperparameters.entries.map(\.kind.name), description: "uniform, log_uniform, integer or choice")
        try outer.write(
            "hyperparameter_low", shape: [count], axes: ["hyperparameter"],
            values: hyperparameters.space.dimensions.map(\.lower), description: "lower bound (a choice: 0)")
        try outer.write(
            "hyperparameter_high", shape: [count], axes: ["hyperparameter"],
            values: hyperparameters.space.dimensions.map(\.upper), description: "upper bound (a choice: number of values − 1)")
        try outer.writeStrings(
            "hyperparameter_choices", axis: "hyperparameter",
            values: hyperparameters.entries.map(\.kind.choicesText),
            description: "for a choice, its values in index order, comma-separated; empty otherwise")
    }
}

/// A file could not be written the way the layout requires.
public enum RecordingError: Error, CustomStringConvertible {
    case shapeChanged(dataset: String, expected: [Int], got: [Int])
    case cannotCreate(path: String, reason: String)
    /// The finished file would not fit (it needs about `needed` bytes; `available` are left).
    case noRoom(path: String, needed: Int, available: Int, what: String)

    public var description: String {
        switch self {
        case .shapeChanged(let d, let e, let g): "\(d): row shape changed from \(e) to \(g) between generations"
        case .cannotCreate(let path, let reason): "cannot create \(path): \(reason)"
        case .noRoom(let path, let needed, let available, let what):
            "cannot finish \(path): the self-contained file needs about \(needed / 1_000_000) MB and \(what) leaves \(available / 1_000_000) MB"
        }
    }
}

extension SearchKind {
    var name: String {
        switch self {
        case .uniform: "uniform"
        case .logUniform: "log_uniform"
        case .integer: "integer"
        case .choice: "choice"
        }
    }

    var choicesText: String {
        if case .choice(let values) = self { return values.map(\.description).joined(separator: ",") }
        return ""
    }
}
