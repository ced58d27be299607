import ArgumentParser
import Foundation
import L2L
import L2LBenchmarks
import L2LFigures
import L2LOptimizees

/// The `l2l` command-line tool: run, validate and inspect learning-to-learn experiments.
@main
struct L2LCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "l2l",
        abstract: "Learning to learn with biological networks: tune gradient-free optimizers across task families.",
        version: L2LVersion.current,
        subcommands: [RunCommand.self, ResumeCommand.self, ValidateCommand.self, InspectCommand.self, PlotCommand.self, BenchCommand.self, StatsCommand.self])

    /// ArgumentParser's entry point, after making sure the BLAS runs kernels that match the CPU
    /// (``BLASKernelSelection``).
    static func main() async {
        BLASKernelSelection.restartIfMismatched()
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// Prints a message to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
}
