import ArgumentParser
import L2L

/// `l2l validate SPEC...`: reports every problem of each spec, with file:line:column.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check experiment specs and report every problem with its position.")

    @Argument(help: "Experiment specs (YAML).")
    var specs: [String]

    func run() throws {
        var failed = false
        for path in specs {
            do {
                let spec = try SpecLoader.load(contentsOf: path)
                print("\(path): ok (\(spec.name): outer \(spec.outer.optimizer.algorithm.identifier) × \(spec.outer.optimizer.iterations) generations, inner \(spec.inner.algorithm.identifier) × \(spec.inner.iterations) iterations, \(spec.outer.searchSpace.count) hyperparameters)")
            } catch {
                failed = true
                printError(error.description)
            }
        }
        if failed { throw ExitCode(65) }
    }
}
