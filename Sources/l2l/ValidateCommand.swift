import ArgumentParser
import Foundation
import L2L
import L2LBenchmarks
import L2LFigures
import L2LOptimizees

/// `l2l validate SPEC...`: reports every problem of each spec, with file:line:column.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check experiment specs and report every problem with its position.",
        discussion: """
            Each spec is checked with its own values and at every scale it declares under `scales:`: the schema, \
            then whether it can run here (memory it needs at the least, `covariance: full` against the inner \
            parameter count, the optimizee of the first train task built once, so missing data is reported). \
            Exit status 65 when any spec has a problem.
            """)

    @Argument(help: "Experiment specs (YAML).")
    var specs: [String]

    @Option(name: .long, help: "Check only this scale (default: the file's own values and every declared scale).")
    var scale: String?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Check with a spec value overridden by its dotted path, as `l2l run --set` (repeatable).", valueName: "path=value"))
    var overrides: [String] = []

    @Flag(name: .long, help: "Print one JSON report per spec and scale (snake_case keys) instead of text.")
    var json = false

    /// One spec at one scale, as `--json` prints it.
    struct Report: Encodable {
        var file: String
        var scale: String?
        var ok: Bool
        var summary: String?
        var issues: [Issue]
    }

    struct Issue: Encodable {
        var file: String
        var line: Int
        var column: Int
        var keyPath: String
        var message: String

        init(_ issue: SpecIssue) {
            file = issue.file
            line = issue.line
            column = issue.column
            keyPath = issue.keyPath
            message = issue.message
        }
    }

    func run() throws {
        var reports: [Report] = []
        for path in specs {
            guard let base = check(path, scale: scale, into: &reports), scale == nil else { continue }
            for name in base.declaredScales { _ = check(path, scale: name, into: &reports) }
        }
        if json {
            print(String(decoding: try JSONOutput.encoder.encode(reports), as: UTF8.self))
        } else {
            for report in reports {
                let label = report.file + (report.scale.map { " --scale \($0)" } ?? "")
                if report.ok {
                    print("\(label): ok (\(report.summary ?? ""))")
                } else {
                    if report.scale != nil { printError("at scale '\(report.scale ?? "")':") }
                    printError(report.issues.map { SpecIssue(file: $0.file, line: $0.line, column: $0.column, keyPath: $0.keyPath, message: $0.message).description }
                        .joined(separator: "\n"))
                }
            }
        }
        if reports.contains(where: { !$0.ok }) { throw ExitCode(ExitStatus.specError) }
    }

    /// Checks one spec at one scale and appends its report; returns the spec when it parsed.
    private func check(_ path: String, scale: String?, into reports: inout [Report]) -> ExperimentSpec? {
        do {
            let spec = try SpecOverrides.apply(overrides, to: SpecLoader.load(contentsOf: path, scale: scale))
            let issues = SpecFeasibility.issues(for: spec)
            var summary = Self.summary(spec)
            let cores = ProcessInfo.processInfo.activeProcessorCount
            if issues.isEmpty, let time = SpecRunTime.estimate(for: spec, cores: cores) {
                summary += "; its evaluations alone take roughly \(SpecRunTime.duration(time.seconds)) on \(cores) cores "
                    + "(one takes \(String(format: "%.3g", time.evaluationSeconds * 1000)) ms; optimizer updates and writing come on top)"
            }
            reports.append(Report(file: path, scale: scale, ok: issues.isEmpty, summary: summary, issues: issues.map(Issue.init)))
            return spec
        } catch {
            reports.append(Report(file: path, scale: scale, ok: false, summary: nil, issues: error.issues.map(Issue.init)))
            return nil
        }
    }

    /// What the spec runs, with its size in inner runs (a cheap stand-in for run time: each inner
    /// run is `inner.iterations` iterations).
    static func summary(_ spec: ExperimentSpec) -> String {
        let perGeneration = Double(SpecFeasibility.outerPopulation(spec) ?? 0) * Double(spec.tasks.train.count) * Double(spec.tasks.repeats)
        let runs = perGeneration * Double(spec.outer.optimizer.iterations) + 2 * Double(spec.tasks.test.count * spec.tasks.repeats)
        return "\(spec.name): outer \(spec.outer.optimizer.algorithm.identifier) × \(spec.outer.optimizer.iterations) generations, "
            + "inner \(spec.inner.algorithm.identifier) × \(spec.inner.iterations) iterations, \(spec.outer.searchSpace.count) hyperparameters; "
            + (perGeneration > 0
                ? "\(SpecFeasibility.format(runs)) inner runs (\(SpecFeasibility.format(perGeneration)) per generation, held-out phase included)" : "inner runs per generation set by the optimizer")
    }
}
