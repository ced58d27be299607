import ArgumentParser
import Foundation
import L2LOptimizees

/// `l2l bench scaling`: the reservoir study's smoke scale under `mpirun -n K` for K = 1, 2, 3 on
/// this machine: inner evaluations per second, and the fraction of rank 0's wall time spent
/// creating and writing the result file (issue 11 item 5). Needs the MPI build.
struct ScalingBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaling",
        abstract: "Run a spec under mpirun with 1, 2, 3 ranks: evaluations/s and rank 0's writing fraction (MPI build).")

    @Option(help: "The spec run at each size.") var spec = "experiments/reservoir-enkf.yaml"
    @Option(parsing: .upToNextOption, help: "Numbers of ranks.") var ranks: [Int] = [1, 2, 3]
    @Option(help: "Rank 0's own concurrent inner runs besides coordinating.") var jobs = 1
    @Option(help: "The MPI launcher.") var mpirun = "mpirun"
    @Flag(help: "Print the result as JSON.") var json = false

    struct Row: Codable {
        var ranks: Int
        var evaluations: Int
        var elapsedSeconds: Double
        var evaluationsPerSecond: Double
        var rank0WriteFraction: Double
        /// Inner-run results rank 0 recorded per second of recording (its ingest rate).
        var rank0IngestRunsPerSecond: Double
        /// The same per CPU second of rank 0's recorder thread and its packing of runs (what a loaded machine does not inflate).
        var rank0IngestRunsPerCPUSecond: Double
        /// h5diff --exclude-path /provenance against the first size's file (nil without h5diff).
        var identicalToFirst: Bool?
    }

    struct Result: Codable {
        var spec: String
        var cores: Int
        var rows: [Row]
    }

    func validate() throws {
        guard BackendChoice.mpiIsBuiltIn else {
            throw ValidationError(
                "bench scaling needs the MPI build: `L2L_MPI=1 swift build -c release --build-path .build-mpi` (docs/running-at-scale.md)")
        }
        guard !ranks.isEmpty, ranks.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--ranks must be at least 1, got \(ranks)") }
        guard jobs >= 0 else { throw ValidationError("--jobs must be at least 0, got \(jobs)") }
    }

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("l2l-scaling-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        var rows: [Row] = []
        var first: String?
        for size in ranks {
            let output = directory.appendingPathComponent("ranks-\(size).h5").path
            let timings = directory.appendingPathComponent("ranks-\(size).json").path
            var arguments = ["-n", String(size), "--oversubscribe"]
            if getuid() == 0 { arguments.append("--allow-run-as-root") }
            arguments += [executable, "run", spec, "-o", output, "--quiet", "--backend", "mpi", "--jobs", String(jobs),
                          "--timings", timings]
            let status = try Self.launch(mpirun, arguments, quiet: true)
            guard status == 0 else { throw RuntimeError("\(mpirun) \(arguments.joined(separator: " ")) exited with \(status)") }
            let measured = try JSONDecoder.snakeCase.decode(RunTimings.self, from: Data(contentsOf: URL(fileURLWithPath: timings)))
            var identical: Bool?
            if let first {
                identical = try? Self.launch("h5diff", ["--exclude-path", "/provenance", first, output], quiet: true) == 0
            } else {
                first = output
            }
            rows.append(Row(
                ranks: size, evaluations: measured.evaluations, elapsedSeconds: measured.elapsedSeconds,
                evaluationsPerSecond: Double(measured.evaluations) / measured.elapsedSeconds,
                rank0WriteFraction: measured.recordingSeconds / measured.elapsedSeconds,
                rank0IngestRunsPerSecond: measured.recordedRunsPerSecond,
                rank0IngestRunsPerCPUSecond: measured.recordedRunsPerCPUSecond, identicalToFirst: identical))
        }
        let result = Result(spec: spec, cores: ProcessInfo.processInfo.activeProcessorCount, rows: rows)
        try report(result, json: json) {
            var lines = ["\(spec) on \(result.cores) cores, rank 0 evaluating \(jobs) at a time:",
                         "ranks  evaluations/s  rank-0 write fraction  rank-0 runs ingested/s  per CPU s  identical"]
            for row in rows {
                let identical = row.identicalToFirst.map { $0 ? "yes" : "NO" } ?? "-"
                lines.append(String(format: "%5d  %13.1f  %21.4f  %22.0f  %9.0f  ", row.ranks, row.evaluationsPerSecond, row.rank0WriteFraction,
                                    row.rank0IngestRunsPerSecond, row.rank0IngestRunsPerCPUSecond)
                             + identical)
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Runs a program found on the PATH and returns its exit status.
    static func launch(_ program: String, _ arguments: [String], quiet: Bool) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        if quiet {
            process.standardOutput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

struct RuntimeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension JSONDecoder {
    static var snakeCase: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
