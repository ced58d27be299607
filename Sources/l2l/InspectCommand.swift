import ArgumentParser
import Foundation
import L2L

/// `l2l inspect FILE`: a summary of a result file, for people or (`--json`) machines.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Summarize an l2l result file.")

    @Argument(help: "An HDF5 result file written by `l2l run`.")
    var file: String

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        let summary: ResultSummary
        do {
            summary = try ResultSummary.read(path: file)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(
                positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
            return
        }
        print(Self.text(summary))
    }

    static func text(_ s: ResultSummary) -> String {
        var lines = [
            "\(s.file): \(s.name) (l2l \(s.l2lVersion), format v\(s.formatVersion), seed \(s.seed), \(s.status))",
            "outer \(s.outerOptimizer): \(s.generations) generations × \(s.population) individuals, \(s.failedIndividuals) failed; inner \(s.innerOptimizer): \(s.innerRuns) runs",
        ]
        if !s.bestFitnessPerGeneration.isEmpty {
            lines.append("generation  best        mean")
            for (g, (best, mean)) in zip(s.bestFitnessPerGeneration, s.meanFitnessPerGeneration).enumerated() {
                let index = String(g), bestText = SummaryText.number(best)
                lines.append(String(repeating: " ", count: max(0, 10 - index.count)) + index + "  "
                    + bestText.padding(toLength: max(10, bestText.count), withPad: " ", startingAt: 0) + "  "
                    + SummaryText.number(mean))
            }
        }
        lines.append("best outer fitness: \(SummaryText.number(s.bestFitness))")
        for h in s.bestHyperparameters { lines.append("  \(h.path) = \(h.value)") }
        lines.append("held-out test mean fitness: tuned \(SummaryText.number(s.testMeanFitness)), spec's own \(SummaryText.number(s.baselineTestMeanFitness))")
        return lines.joined(separator: "\n")
    }
}
