import ArgumentParser
import Foundation
import L2LBenchmarks
import L2LOptimizers

extension MADSBench {
    /// `--problem-file`: every problem, seed and budget of the file, one JSON line each on stdout.
    func runProblemFile(_ path: String, configuration: MeshAdaptiveDirectSearch.Configuration) throws {
        let file = try ProblemFile(contentsOf: path)
        let make: ProblemFileBenchmark.Factory
        switch optimizer {
        case MeshAdaptiveDirectSearch.identifier:
            make = ProblemFileBenchmark.mads(configuration)
        case ENOMAD.identifier:
            make = { space, start, random, _ in
                try ENOMAD(configuration: .init(), space: space, initialPoint: start, random: random)
            }
        case CMAES.identifier:
            make = { space, start, random, _ in
                try CMAES(configuration: .init(), space: space, initialPoint: start, random: random)
            }
        default:
            throw ValidationError("--optimizer: expected mads, enomad or cmaes, got \(optimizer)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try ProblemFileBenchmark.run(file, optimizer: optimizer, only: problem, make: make) { lines in
            // Unbuffered, so a long benchmark can be followed line by line.
            for line in lines { FileHandle.standardOutput.write(try encoder.encode(line) + Data("\n".utf8)) }
        }
    }
}
