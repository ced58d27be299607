import ArgumentParser
import Foundation
import L2L
import L2LBenchmarks
import L2LFigures
import L2LOptimizees

/// `l2l inspect FILE`: a summary of a result file, for people or (`--json`) machines.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Summarize an l2l result file.",
        discussion: "--json prints snake_case keys with numbers as JSON numbers; a non-finite value is the string \"nan\", \"inf\" or \"-inf\".")

    @Argument(help: "An HDF5 result file written by `l2l run`.")
    var file: String

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    @Flag(name: .long, help: "Keep watching a run that is being written: print each generation as it completes, until the run finishes.")
    var follow = false

    @Option(name: .long, help: "Seconds between looks at the file with --follow.")
    var interval: Double = 1

    func validate() throws {
        if follow && json { throw ValidationError("--follow prints lines as generations complete; it cannot be combined with --json") }
        guard interval > 0 else { throw ValidationError("--interval must be positive") }
    }

    func run() throws {
        if follow { return try followRun() }
        try IsolatedReader.delegate(file: file)
        let summary: ResultSummary
        do {
            summary = try ResultSummary.read(path: file)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if json {
            print(String(decoding: try JSONOutput.encoder.encode(summary), as: UTF8.self))
            return
        }
        print(Self.text(summary))
    }

    /// Polls the file (which is replaced atomically per generation, so every look sees a
    /// complete file) and prints each new generation's line.
    private func followRun() throws {
        var shown = 0
        var announced = false
        while true {
            if let s = try? ResultSummary.read(path: file) {
                if !announced {
                    print("\(s.file): \(s.name), outer \(s.outerOptimizer), inner \(s.innerOptimizer)")
                    print("generation  best        mean")
                    announced = true
                }
                for g in shown..<s.generations {
                    print(Self.generationLine(g, s.bestFitnessPerGeneration[g], s.meanFitnessPerGeneration[g]))
                }
                shown = max(shown, s.generations)
                if s.status == "complete" {
                    print(Self.text(s))
                    return
                }
                // The writer may have finished between the read and the lock check: look again.
                if s.writerAlive == false, let again = try? ResultSummary.read(path: file), again.status != "complete",
                   again.writerAlive == false
                {
                    print(Self.text(again))
                    printError("the writer of \(file) is gone: the run stopped after \(again.completedGenerations) completed generations; continue it with `l2l resume \(file)`")
                    throw ExitCode(1)
                }
            }
            fflush(nil)
            Thread.sleep(forTimeInterval: interval)
        }
    }

    static func generationLine(_ g: Int, _ best: Double, _ mean: Double) -> String {
        let index = String(g), bestText = SummaryText.number(best)
        return String(repeating: " ", count: max(0, 10 - index.count)) + index + "  "
            + bestText.padding(toLength: max(10, bestText.count), withPad: " ", startingAt: 0) + "  "
            + SummaryText.number(mean)
    }

    /// The file's status, and for an unfinished run whether its writer still runs.
    static func statusText(_ s: ResultSummary) -> String {
        switch s.writerAlive {
        case true?: "\(s.status), written by \(s.writer ?? "another process")"
        case false?: "interrupted: no process writes it; `l2l resume \(s.file)` continues it"
        case nil: s.status
        }
    }

    static func text(_ s: ResultSummary) -> String {
        var lines = [
            "\(s.file): \(s.name)\(s.scale.map { " at scale \($0)" } ?? "") (l2l \(s.l2lVersion), format v\(s.formatVersion), seed \(s.seed), \(statusText(s)))",
            "outer \(s.outerOptimizer): \(s.generations) generations × \(s.population) individuals, \(s.failedIndividuals) failed; inner \(s.innerOptimizer): \(s.innerRuns) runs",
            "failures: \(s.failedRuns) inner runs, \(s.failedEvaluations) evaluations (errors, non-finite fitness, time limits)",
        ]
        if !s.bestFitnessPerGeneration.isEmpty {
            lines.append("generation  best        mean")
            for (g, (best, mean)) in zip(s.bestFitnessPerGeneration, s.meanFitnessPerGeneration).enumerated() {
                lines.append(generationLine(g, best, mean))
            }
        }
        lines.append("best outer fitness: \(SummaryText.number(s.bestFitness))")
        for h in s.bestHyperparameters { lines.append("  \(h.path) = \(h.value)") }
        lines.append("held-out test mean fitness: tuned \(SummaryText.number(s.testMeanFitness)), spec's own \(SummaryText.number(s.baselineTestMeanFitness))")
        for (name, value) in s.testMetrics.sorted(by: { $0.key < $1.key }) {
            lines.append("held-out mean \(name): tuned \(SummaryText.number(value)), spec's own \(SummaryText.number(s.baselineTestMetrics[name]))")
        }
        if !s.failureReasons.isEmpty { lines += SummaryText.failureLines(s.failureReasons) }
        return lines.joined(separator: "\n")
    }
}
