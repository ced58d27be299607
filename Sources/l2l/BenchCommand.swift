import ArgumentParser
import Foundation
import L2L
import L2LBenchmarks
import L2LFigures
import L2LNetworks
import L2LNumerics
import L2LOptimizees

/// `l2l bench …`: speed measurements to run beside the peers in bench/ (release builds only).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure simulator and optimizer speed (use a release build).",
        subcommands: [
            LIFBench.self, ConnectomeBench.self, EnKFUpdateBench.self, MADSBench.self, NNEBench.self,
            ScalingBench.self, ExternalBench.self,
        ])
}

/// Prints a Codable result as one JSON line, or a short text.
func report<T: Encodable>(_ value: T, json: Bool, text: () -> String) throws {
    if json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // The measurement, and where it ran: the BLAS and its kernels, the instruction set the binary targets.
        guard var object = try JSONSerialization.jsonObject(with: encoder.encode(value)) as? [String: Any] else {
            print(String(decoding: try encoder.encode(value), as: UTF8.self))
            return
        }
        object["blas"] = try JSONSerialization.jsonObject(with: encoder.encode(BLASLibrary.current))
        object["buildTargetCPU"] = BuildTarget.cpu
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    } else {
        print(text())
        let blas = BLASLibrary.current
        print("BLAS: \(blas.library); kernels \(blas.coreType)\(blas.coreTypeDetected.map { " (OpenBLAS chose \($0))" } ?? ""); CPU \(blas.cpuVector); binary built for \(BuildTarget.cpu)")
    }
}

/// `l2l bench lif`: the LIF benchmark network (models.md §1.3; 1,000 neurons, or `--neurons`), as
/// the NEST/Brian2 peers run it, with the limit its work allows on this core.
struct LIFBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lif", abstract: "Simulate the 800 E + 200 I LIF benchmark network; compare with bench/lif/compare.py and bench/lif/sweep.py.")

    @Option(help: "Constant drive μ in mV (24: ≈30 Hz, 20.8: ≈17 Hz).") var drive: Double = 24
    @Option(help: "Seed of the network and initial state.") var seed: UInt64 = 1
    @Option(help: "Simulated milliseconds (timed).") var duration: Double = 1000
    @Option(help: "Neurons (4/5 excitatory, in-degrees 80 E + 20 I as in the 1,000-neuron network).") var neurons: Int = 1000
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        BLASThreads.set(1)
        guard neurons >= 5 else { throw ValidationError("--neurons must be at least 5, got \(neurons)") }
        var result = LIFBenchmark.run(drive: drive, seed: seed, durationMs: duration, neurons: neurons)
        // The limit, measured after the timed run in the same process.
        result.setLimit(bandwidthGBps: MemoryBandwidthLimit.measure(bytes: LIFBenchmark.ringBytes(neurons: neurons)),
                        gflops: DenseProductLimit.measure())
        try report(result, json: json) {
            String(format: "LIF benchmark, %d neurons: %.2f Hz, %.4f s wall for %.0f ms, %.3g spikes/s, %.3g synaptic events/s = %.0f %% of the limit (%.3g events/s at %.1f GB/s)",
                   neurons, result.meanRateHz, result.wallS, duration, result.spikesPerS, result.synapticEventsPerS,
                   100 * (result.fractionOfLimit ?? 0), result.limitSynapticEventsPerS ?? 0, result.limitBandwidthGBps ?? 0)
        }
    }
}

/// `l2l bench enkf-update`: one ensemble Kalman update at network scale.
struct EnKFUpdateBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enkf-update", abstract: "Time one EnKF update (D parameters, J members, K outputs); compare with bench/enkf/enkf_update.py.")

    @Option(help: "Parameters D.") var parameters: Int = 30_000
    @Option(help: "Ensemble members J.") var members: Int = 100
    @Option(help: "Outputs K (classes × samples).") var outputs: Int = 640
    @Option(help: "Updates timed (the median is reported).") var repeats: Int = 5
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        BLASThreads.set(1)
        let result = try EnKFUpdateBenchmark.run(parameters: parameters, members: members, outputs: outputs, repeats: max(1, repeats))
        try report(result, json: json) {
            String(format: "EnKF update, D = %d, J = %d, K = %d: %.4f s (median of %d)",
                   parameters, members, outputs, result.secondsPerUpdate, repeats)
        }
    }
}

/// `l2l bench mads`: MADS on Rosenbrock 2-D/10-D, Rastrigin 5-D, Powell 4-D, Ackley 10-D (issue 4 item 5).
struct MADSBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mads",
        abstract: "MADS on a public problem set, 100·(n+1) evaluations per run; compare with bench/mads/nomad_problems.py.")

    @Option(help: "Seeds 1…N per problem.") var seeds: Int = 5
    @Option(help: "Run only these problems (repeatable): rosenbrock_2, rosenbrock_10, rastrigin_5, powell_4, ackley_10.")
    var problem: [String] = []
    @Option(help: "MADS direction_type (ortho_2n, ortho_n_plus_1, ortho_n_plus_1_quad); default: the configuration's.")
    var directionType: String?
    @Option(help: "MADS initial_frame_size (fraction of each width); default: the configuration's.") var initialFrameSize: Double?
    @Option(help: "MADS model_radius (frame sizes); default: the configuration's.") var modelRadius: Double?
    @Option(help: "MADS min_mesh_size (fraction of each width); default: the configuration's.") var minMeshSize: Double?
    @Flag(help: "Turn the quadratic-model search off.") var noModelSearch = false
    @Flag(help: "Turn the speculative search off.") var noSpeculativeSearch = false
    @Flag(help: "Use an isotropic mesh.") var isotropicMesh = false
    @Option(name: .customLong("set"), help: "Any MADS key as key=value (repeatable), e.g. eval_queue_sort=dir_last_success.")
    var assignments: [String] = []
    @Flag(help: "Print the result as JSON.") var json = false
    @Option(help: "Run the problems of this JSON file instead (format: bench/mads/README.md); one JSON line per run and budget.")
    var problemFile: String?
    @Option(help: "With --problem-file: the optimizer, mads (with the options above), enomad or cmaes (their defaults).")
    var optimizer: String = "mads"

    func run() throws {
        let configuration = try MADSBenchmark.applying(assignments, to: MADSBenchmark.configuration(
            directionType: directionType, initialFrameSize: initialFrameSize,
            quadraticModelSearch: noModelSearch ? false : nil, speculativeSearch: noSpeculativeSearch ? false : nil,
            anisotropicMesh: isotropicMesh ? false : nil, modelRadius: modelRadius,
            minMeshSize: minMeshSize))
        if let problemFile {
            try runProblemFile(problemFile, configuration: configuration)
            return
        }
        let result = try MADSBenchmark.run(seeds: max(1, seeds), configuration: configuration, only: problem)
        try report(result, json: json) {
            result.problems.map { p in
                p.problem.padding(toLength: 14, withPad: " ", startingAt: 0) + String(format: " n=%-2d budget %5d  best min %.3e  median %.3e  max %.3e  evaluations (median) %.0f  %.2f s",
                       p.dimension, p.budget, p.bestMin, p.bestMedian, p.bestMax, p.evaluationsMedian, p.seconds)
            }.joined(separator: "\n")
        }
    }
}

/// `l2l bench external`: one round trip to an external-optimizee worker, by batch size.
struct ExternalBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "external",
        abstract: "Time evaluate requests to an external-optimizee worker (docs/external-protocol.md); see bench/external/README.md.")

    @Option(help: "Parameters per candidate.") var dimension: Int = 10
    @Option(help: "Batch sizes timed, comma-separated.") var batches: String = "1,10,100,1000"
    @Option(help: "Requests timed per batch size (the median is reported).") var repeats: Int = 200
    @Flag(help: "Print the result as JSON.") var json = false
    @Argument(parsing: .captureForPassthrough, help: "The worker command and its arguments.") var command: [String]

    func run() throws {
        let sizes = batches.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !command.isEmpty, !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("give a worker command and positive batch sizes")
        }
        let result = try ExternalBenchmark.run(command: command, dimension: dimension, batches: sizes, repeats: max(1, repeats))
        try report(result, json: json) {
            result.points.map { String(format: "batch %5d: %9.1f µs per request", $0.batch, $0.seconds * 1e6) }.joined(separator: "\n")
                + String(format: "\nfit: %.1f µs per batch + %.2f µs per candidate (D = %d)",
                         result.perBatchSeconds * 1e6, result.perCandidateSeconds * 1e6, dimension)
        }
    }
}
