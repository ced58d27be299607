import ArgumentParser
import Foundation
import L2L
import L2LNumerics

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

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
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
        let path = output ?? experimentSpec.output ?? "results/\(experimentSpec.name).h5"
        let quiet = quiet
        let options = RunOptions(jobs: jobs, outputPath: path) { report in
            if !quiet { printError(report.line) }
        }
        do {
            let summary = try await Experiment(spec: experimentSpec).run(options: options)
            if !quiet {
                printError("wrote \(path)")
            }
            print(SummaryText.run(summary))
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
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
