import ArgumentParser
import L2L
import L2LBenchmarks
import L2LFigures
import L2LOptimizees

/// `l2l validate SPEC...`: reports every problem of each spec, with file:line:column.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check experiment specs and report every problem with its position.",
        discussion: "Each spec is checked with its own values and at every scale it declares under `scales:`.")

    @Argument(help: "Experiment specs (YAML).")
    var specs: [String]

    @Option(name: .long, help: "Check only this scale (default: the file's own values and every declared scale).")
    var scale: String?

    func run() throws {
        var failed = false
        for path in specs {
            do {
                let base = try SpecLoader.load(contentsOf: path, scale: scale)
                print("\(path): ok (\(Self.summary(base)))")
                guard scale == nil else { continue }
                for name in base.declaredScales {
                    do {
                        let scaled = try SpecLoader.load(contentsOf: path, scale: name)
                        print("\(path) --scale \(name): ok (\(Self.summary(scaled)))")
                    } catch {
                        failed = true
                        printError("at scale '\(name)':\n\(error.description)")
                    }
                }
            } catch {
                failed = true
                printError(error.description)
            }
        }
        if failed { throw ExitCode(65) }
    }

    static func summary(_ spec: ExperimentSpec) -> String {
        "\(spec.name): outer \(spec.outer.optimizer.algorithm.identifier) × \(spec.outer.optimizer.iterations) generations, "
            + "inner \(spec.inner.algorithm.identifier) × \(spec.inner.iterations) iterations, \(spec.outer.searchSpace.count) hyperparameters"
    }
}
