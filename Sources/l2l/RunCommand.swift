import ArgumentParser
import Foundation
import L2L
import L2LBenchmarks
import L2LFigures
import L2LNumerics
import HDF5
import L2LOptimizees

/// `l2l run SPEC`: both loops, written to one HDF5 file.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run an experiment spec and write its results to an HDF5 file.")

    @Argument(help: "The experiment spec (YAML).")
    var spec: String

    @Option(name: [.short, .customLong("output")], help: "Output HDF5 file (default: the spec's `output`, else results/<name>.h5).")
    var output: String?

    @Option(name: .long, help: ArgumentHelp(
        "Run at one of the scales the spec declares under `scales:` (e.g. full); default: the file's own values.",
        discussion: "The result file records the scale; `l2l resume` applies it again."))
    var scale: String?

    @OptionGroup var executionOptions: ExecutionOptions

    @Option(name: .long, help: "Continue the interrupted run in this file (the spec must match the one it was written with).")
    var resume: String?

    @Flag(name: .long, help: "Replace the output file if it exists (never the spec file itself). Without it, run refuses to write over an existing file.")
    var overwrite = false

    @Option(name: .long, help: "Also write evaluations, elapsed and file-writing seconds as JSON to this file (for `l2l bench scaling`).")
    var timings: String?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a spec value by its dotted path, e.g. --set inner.sigma=0.1 (repeatable).",
        discussion: "Checked like the file; the result file records the spec with the overrides written in, and `l2l resume` uses it.",
        valueName: "path=value"))
    var overrides: [String] = []

    func validate() throws {
        if resume != nil, output != nil { throw ValidationError("--resume names the file to continue; do not also give -o") }
        if resume != nil, !overrides.isEmpty {
            throw ValidationError("--resume continues with the spec stored in the file; --set cannot change it")
        }
        if resume != nil, overwrite { throw ValidationError("--resume continues a file; --overwrite would start it again") }
        try executionOptions.validate()
    }

    func run() async throws {
        // Parallelism is over inner runs; BLAS inside a run stays single-threaded (on every rank).
        BLASThreads.set(1)
        if let resume { try IsolatedReader.checkReadable(resume) }
        // Under MPI, ranks ≥ 1 serve rank 0 inside `start` and end here; only rank 0 goes on.
        guard let execution = try await ExecutionBackend.start(executionOptions.backend, jobs: executionOptions.jobs) else { return }
        let experimentSpec: ExperimentSpec
        do {
            experimentSpec = try SpecOverrides.apply(overrides, to: SpecLoader.load(contentsOf: spec, scale: scale))
        } catch {
            printError(error.description)
            execution.abortIfDistributed(code: ExitStatus.specError)
            throw ExitCode(ExitStatus.specError)
        }
        let infeasible = SpecFeasibility.issues(for: experimentSpec)
        guard infeasible.isEmpty else {
            printError(SpecErrors(issues: infeasible).description)
            execution.abortIfDistributed(code: ExitStatus.specError)
            throw ExitCode(ExitStatus.specError)
        }
        let path = resume ?? output ?? experimentSpec.defaultOutputPath
        var options = RunOptions.forCommandLine(execution, outputPath: path, quiet: executionOptions.quiet)
        options.overwrite = overwrite
        Interruption.install { _ in execution.abortIfDistributed(code: 130) }
        do {
            let summary = if resume != nil {
                try await Resume.run(path: path, spec: experimentSpec, options: options)
            } else {
                try await Experiment(spec: experimentSpec).run(options: options)
            }
            execution.finish()
            if let timings { try RunTimings(summary, ranks: execution.ranks, jobs: execution.jobs).write(to: timings) }
            if !executionOptions.quiet { printError("wrote \(path)") }
            let recorded = try? ResultSummary.read(path: path)
            print(SummaryText.run(summary, recorded: recorded))
            try NothingWorked.check(summary, recorded: recorded, path: path)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError(RunFailure.message(error, path: path))
            execution.abortIfDistributed(code: 1)
            RunFailure.exit(after: error)
        }
    }
}

/// A run in which nothing worked is recorded, but does not exit 0: every outer-loop inner run
/// failed, every outer individual failed, or no inner run reached a finite fitness.
enum NothingWorked {
    static let exitCode: Int32 = ExitStatus.nothingWorked

    static func check(_ summary: ExperimentSummary, recorded: ResultSummary?, path: String) throws {
        var why: String?
        if let recorded, recorded.innerRuns > 0, recorded.failedRuns >= recorded.innerRuns {
            why = "every one of the \(recorded.innerRuns) inner runs of the outer loop failed"
        } else if let recorded, recorded.generations * recorded.population > 0,
            recorded.failedIndividuals >= recorded.generations * recorded.population
        {
            why = "every one of the \(recorded.generations * recorded.population) outer individuals failed"
        } else if !summary.bestFitness.isFinite {
            why = "no inner run produced a finite fitness: every evaluation failed or diverged"
        }
        guard let why else { return }
        printError("error: \(why); the reasons are listed above and in `l2l inspect \(path)`")
        throw ExitCode(exitCode)
    }
}

/// What `run --timings` writes: the numbers `l2l bench scaling` reports.
struct RunTimings: Codable {
    var ranks: Int
    var jobs: Int
    var evaluations: Int
    var elapsedSeconds: Double
    /// Seconds the run waited for the file (commits overlapped by inner runs excluded).
    var recordingSeconds: Double
    /// Seconds the recorder worked, overlapped or not.
    var recorderSeconds: Double
    /// `recordingSeconds` by stage: open, commits, finish.
    var recordingWaits: [String: Double]
    var commitSeconds: [Double]
    var commitCPUSeconds: [Double]
    /// Inner runs recorded, and how many per second of the recorder's work (rank 0's ingest rate under MPI).
    var recordedRuns: Int
    var recordedRunsPerSecond: Double
    /// CPU seconds: the recorder's thread, packing runs for it on the evaluating threads, the
    /// whole process; and inner runs recorded per CPU second of recorder and packing together.
    var recorderCPUSeconds: Double
    var packingCPUSeconds: Double
    var processCPUSeconds: Double
    var recordedRunsPerCPUSecond: Double

    /// The JSON names are snake case; "CPU" is spelled "Cpu" here so that the encoder's and the
    /// decoder's case conversions meet (`commit_cpu_seconds` ↔ `commitCpuSeconds`).
    enum CodingKeys: String, CodingKey {
        case ranks, jobs, evaluations, elapsedSeconds, recordingSeconds, recorderSeconds, recordingWaits, commitSeconds
        case recordedRuns, recordedRunsPerSecond
        case commitCPUSeconds = "commitCpuSeconds", recorderCPUSeconds = "recorderCpuSeconds"
        case packingCPUSeconds = "packingCpuSeconds", processCPUSeconds = "processCpuSeconds"
        case recordedRunsPerCPUSecond = "recordedRunsPerCpuSecond"
    }

    init(_ summary: ExperimentSummary, ranks: Int, jobs: Int) {
        self.ranks = ranks
        self.jobs = jobs
        evaluations = summary.evaluations
        elapsedSeconds = summary.elapsedSeconds
        recordingSeconds = summary.recordingSeconds
        recorderSeconds = summary.recorderSeconds
        recordingWaits = summary.recordingWaits
        commitSeconds = summary.commitSeconds
        commitCPUSeconds = summary.commitCPUSeconds
        recordedRuns = summary.recordedRuns
        recordedRunsPerSecond = summary.recorderSeconds > 0 ? Double(summary.recordedRuns) / summary.recorderSeconds : 0
        recorderCPUSeconds = summary.recorderCPUSeconds
        packingCPUSeconds = summary.packingCPUSeconds
        processCPUSeconds = summary.processCPUSeconds
        let recordingCPU = summary.recorderCPUSeconds + summary.packingCPUSeconds
        recordedRunsPerCPUSecond = recordingCPU > 0 ? Double(summary.recordedRuns) / recordingCPU : 0
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }
}

/// `l2l resume FILE`: continues an interrupted run with the spec stored in the file.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Continue an interrupted run from its last completed generation.")

    @Argument(help: "The result file of the interrupted run.")
    var file: String

    @OptionGroup var executionOptions: ExecutionOptions

    func validate() throws { try executionOptions.validate() }

    func run() async throws {
        BLASThreads.set(1)
        try IsolatedReader.checkReadable(file)
        guard let execution = try await ExecutionBackend.start(executionOptions.backend, jobs: executionOptions.jobs) else { return }
        Interruption.install { _ in execution.abortIfDistributed(code: 130) }
        do {
            let summary = try await Resume.run(
                path: file, spec: nil, options: .forCommandLine(execution, outputPath: file, quiet: executionOptions.quiet))
            execution.finish()
            if !executionOptions.quiet { printError("wrote \(file)") }
            let recorded = try? ResultSummary.read(path: file)
            print(SummaryText.run(summary, recorded: recorded))
            try NothingWorked.check(summary, recorded: recorded, path: file)
        } catch let exit as ExitCode {
            throw exit
        } catch ResultFileError.alreadyComplete {
            execution.finish()
            printError("\(file) holds a complete run; nothing to resume")
        } catch {
            printError(RunFailure.message(error, path: file))
            execution.abortIfDistributed(code: 1)
            RunFailure.exit(after: error)
        }
    }
}

extension RunOptions {
    /// Options with a progress line on stderr unless `quiet`.
    static func forCommandLine(_ execution: ExecutionBackend, outputPath: String, quiet: Bool) -> RunOptions {
        RunOptions(jobs: max(1, execution.jobs), outputPath: outputPath, executor: execution.executor) { report in
            if !quiet { printError(report.line) }
        }
    }
}

/// The message for a run that stopped on an error, saying what of the file survives.
enum RunFailure {
    /// Exits with status 1. After a failed HDF5 write (full disk, file-size limit) the scratch
    /// copy cannot be closed cleanly, and libhdf5's exit handler would retry flushing it and
    /// crash; the result file itself was never touched, so leave without running exit handlers.
    static func exit(after error: any Error) -> Never {
        fflush(nil)
        if error is HDF5Error { _exit(1) }
        Foundation.exit(1)
    }

    static func message(_ error: any Error, path: String) -> String {
        if case ResultFileError.alreadyComplete = error { return "\(error)" }
        var text = "error: \(error)"
        if error is HDF5Error || error is RecordingError {
            if FileManager.default.fileExists(atPath: path) {
                text += "\n\(path) keeps every generation completed before the error; "
                    + "fix the cause (disk space, permissions) and continue with `l2l resume \(path)`"
            } else {
                text += "\n\(path) was not created; fix the cause (disk space, permissions) and run again"
            }
        }
        return text
    }
}

/// Plain-text renderings shared by the subcommands.
enum SummaryText {
    /// The run's summary; with `recorded` (the file read back), the held-out means the file holds
    /// and the most frequent failure reasons.
    static func run(_ s: ExperimentSummary, recorded: ResultSummary? = nil) -> String {
        var lines = ["\(s.name): \(s.generations) generations, \(s.evaluations) inner evaluations, \(s.failedRuns) failed runs, \(String(format: "%.1f", s.elapsedSeconds)) s"]
        lines.append("best outer fitness: \(number(s.bestFitness))")
        for (path, value) in s.bestHyperparameters { lines.append("  \(path) = \(value)") }
        let tuned = recorded.map { $0.testMeanFitness } ?? s.testMean
        let baseline = recorded.map { $0.baselineTestMeanFitness } ?? s.baselineTestMean
        lines.append("held-out test mean fitness: tuned \(number(tuned)), spec's own \(number(baseline))")
        if let metric = s.testMetric {
            lines.append("held-out mean \(metric.name) (the outer fitness_metric): tuned \(number(metric.tuned)), spec's own \(number(metric.baseline))")
        }
        if let reasons = recorded?.failureReasons, !reasons.isEmpty { lines += failureLines(reasons) }
        return lines.joined(separator: "\n")
    }

    /// The most frequent failure reasons, one per line, and how many more there are.
    static func failureLines(_ reasons: [FailureReason], limit: Int = 5) -> [String] {
        var lines = ["failure reasons (most frequent first):"]
        lines += reasons.prefix(limit).map { "  " + $0.line }
        if reasons.count > limit { lines.append("  … and \(reasons.count - limit) more (l2l inspect --json lists all)") }
        return lines
    }

    static func number(_ x: Double?) -> String {
        guard let x else { return "n/a" }
        return x.isFinite ? String(format: "%.6g", x) : "\(x)"
    }
}

/// The options `run` and `resume` share: how many inner runs at once, where, and how talkative.
struct ExecutionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Inner runs evaluated concurrently (results do not depend on it; default: the number of cores).",
        discussion: "Under --backend mpi: rank 0's own concurrent inner runs besides coordinating (default 1; 0: coordinate only)."))
    var jobs: Int?

    @Option(name: .long, help: "Where inner runs are evaluated: local, mpi (under mpirun/srun; the MPI build), auto (mpi when launched by MPI).")
    var backend: BackendChoice = .auto

    @Flag(name: .long, help: "No progress lines.")
    var quiet = false

    func validate() throws { try BackendChoice.validate(backend, jobs: jobs) }
}
