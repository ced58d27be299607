import ArgumentParser
import Foundation
import L2L
import L2LNumerics
import HDF5

/// `l2l run SPEC`: both loops, written to one HDF5 file.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run an experiment spec and write its results to an HDF5 file.")

    @Argument(help: "The experiment spec (YAML).")
    var spec: String

    @Option(name: [.short, .customLong("output")], help: "Output HDF5 file (default: the spec's `output`, else results/<name>.h5).")
    var output: String?

    @Option(name: .long, help: "Inner runs evaluated concurrently (results do not depend on it).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "No progress lines.")
    var quiet = false

    @Option(name: .long, help: "Continue the interrupted run in this file (the spec must match the one it was written with).")
    var resume: String?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if resume != nil, output != nil { throw ValidationError("--resume names the file to continue; do not also give -o") }
    }

    func run() async throws {
        let experimentSpec: ExperimentSpec
        do {
            experimentSpec = try SpecLoader.load(contentsOf: spec)
        } catch {
            printError(error.description)
            throw ExitCode(65)
        }
        // Parallelism is over inner runs; BLAS inside a run stays single-threaded.
        BLASThreads.set(1)
        let path = resume ?? output ?? experimentSpec.output ?? "results/\(experimentSpec.name).h5"
        let options = RunOptions.forCommandLine(jobs: jobs, outputPath: path, quiet: quiet)
        do {
            let summary = if resume != nil {
                try await Resume.run(path: path, spec: experimentSpec, options: options)
            } else {
                try await Experiment(spec: experimentSpec).run(options: options)
            }
            if !quiet { printError("wrote \(path)") }
            print(SummaryText.run(summary))
        } catch {
            printError(RunFailure.message(error, path: path))
            RunFailure.exit(after: error)
        }
    }
}

/// `l2l resume FILE`: continues an interrupted run with the spec stored in the file.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Continue an interrupted run from its last completed generation.")

    @Argument(help: "The result file of the interrupted run.")
    var file: String

    @Option(name: .long, help: "Inner runs evaluated concurrently (results do not depend on it).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "No progress lines.")
    var quiet = false

    func run() async throws {
        BLASThreads.set(1)
        do {
            let summary = try await Resume.run(
                path: file, spec: nil, options: .forCommandLine(jobs: max(1, jobs), outputPath: file, quiet: quiet))
            if !quiet { printError("wrote \(file)") }
            print(SummaryText.run(summary))
        } catch ResultFileError.alreadyComplete {
            printError("\(file) holds a complete run; nothing to resume")
        } catch {
            printError(RunFailure.message(error, path: file))
            RunFailure.exit(after: error)
        }
    }
}

extension RunOptions {
    /// Options with a progress line on stderr unless `quiet`.
    static func forCommandLine(jobs: Int, outputPath: String, quiet: Bool) -> RunOptions {
        RunOptions(jobs: jobs, outputPath: outputPath) { report in
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
            text += "\n\(path) keeps every generation completed before the error; "
                + "fix the cause (disk space, permissions) and continue with `l2l resume \(path)`"
        }
        return text
    }
}

/// Plain-text renderings shared by the subcommands.
enum SummaryText {
    static func run(_ s: ExperimentSummary) -> String {
        var lines = ["\(s.name): \(s.generations) generations, \(s.evaluations) inner evaluations, \(s.failedRuns) failed runs, \(String(format: "%.1f", s.elapsedSeconds)) s"]
        lines.append("best outer fitness: \(number(s.bestFitness))")
        for (path, value) in s.bestHyperparameters { lines.append("  \(path) = \(value)") }
        lines.append("held-out test mean fitness: tuned \(number(s.testMean)), spec's own \(number(s.baselineTestMean))")
        return lines.joined(separator: "\n")
    }

    static func number(_ x: Double?) -> String {
        guard let x else { return "n/a" }
        return x.isFinite ? String(format: "%.6g", x) : "\(x)"
    }
}
