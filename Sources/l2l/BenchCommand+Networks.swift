import ArgumentParser
import Foundation
import L2LBenchmarks
import L2LNetworks
import L2LNumerics
import L2LOptimizees

/// `l2l bench lif-batch`: a batch of networks with different weights in one pass against the same
/// networks simulated one after another.
struct LIFBatchBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lif-batch", abstract: "A batch of LIF benchmark networks in one pass vs the same number run sequentially.")

    /// Both measurements and their ratio.
    struct Result: Codable {
        var batch: Int
        var batched: LIFBenchmarkResult
        var sequentialWallS: Double
        var sequentialSynapticEvents: Int
        var speedup: Double
    }

    @Option(help: "Networks in the batch.") var batch: Int = 32
    @Option(help: "Constant drive μ in mV.") var drive: Double = 24
    @Option(help: "Simulated milliseconds per network (timed).") var duration: Double = 1000
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        BLASThreads.set(1)
        let count = max(1, batch)
        let batched = LIFBenchmark.run(drive: drive, seed: seed, durationMs: duration, batch: count)
        var wall = 0.0, events = 0
        for _ in 0..<count {
            let single = LIFBenchmark.run(drive: drive, seed: seed, durationMs: duration, batch: 1)
            wall += single.wallS
            events += single.synapticEvents
        }
        let result = Result(batch: count, batched: batched, sequentialWallS: wall, sequentialSynapticEvents: events,
                            speedup: wall / batched.wallS)
        try report(result, json: json) {
            String(format: "%d LIF networks: batched %.3f s, sequential %.3f s (%.2f×)", count, batched.wallS, wall, result.speedup)
        }
    }
}

/// `l2l bench connectome`: the Kunert graded-potential model on the Varshney 2011 connectome.
struct ConnectomeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectome",
        abstract: "Simulate the C. elegans connectome model; compare with bench/connectome/compare.py (the NumPy reference).")

    @Option(help: "Networks (weight vectors) simulated together.") var batch: Int = 1
    @Option(help: "Integration method: rk4 or euler.") var method: String = "rk4"
    @Option(help: "Time step in ms.") var dt: Double = 0.1
    @Option(help: "Simulated milliseconds.") var duration: Double = 1000
    @Option(help: "Parameter set: kunert2014 or interactome.") var params: String = "kunert2014"
    @Option(name: .customLong("data-dir"), help: "Folder with the connectome CSVs.") var dataDirectory: String = "data/connectome"
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        BLASThreads.set(1)
        guard let integration = GradedPotentialSimulator.Method(rawValue: method) else {
            throw ValidationError("--method must be rk4 or euler, got \(method)")
        }
        var result = try ConnectomeBenchmark.run(
            batch: max(1, batch), durationMs: duration, dt: dt, method: integration, parameters: params,
            dataDirectory: URL(fileURLWithPath: dataDirectory))
        result.setLimit(gflops: DenseProductLimit.measure())   // after the timed loop, same process
        try report(result, json: json) {
            "connectome (\(params), \(method), dt \(dt) ms, batch \(batch)): "
                + String(format: "%.3g network-steps/s, %.2f GFLOP/s = %.0f %% of the limit (%.3g network-steps/s at %.1f GFLOP/s)",
                         result.networkStepsPerS, result.achievedGFLOPS, 100 * (result.fractionOfLimit ?? 0),
                         result.limitNetworkStepsPerS ?? 0, result.limitGFLOPS ?? 0)
        }
    }
}
