import ArgumentParser
import Foundation
import L2LBenchmarks
import L2LNetworks
import L2LNumerics
import L2LOptimizees

/// `l2l bench connectome`: the Kunert graded-potential model on the Varshney 2011 connectome.
struct ConnectomeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectome",
        abstract: "Simulate the C. elegans connectome model; compare with bench/connectome/compare.py (the NumPy reference).")

    @Option(help: "Networks (weight vectors) simulated together.") var batch: Int = 1
    @Option(help: "Integration method: rk4 or euler.") var method: String = "rk4"
    @Option(help: "Arithmetic of the time loop: double or single.") var precision: String = "double"
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
        guard let arithmetic = SimulationPrecision(rawValue: precision) else {
            throw ValidationError("--precision must be double or single, got \(precision)")
        }
        var result = try ConnectomeBenchmark.run(
            batch: max(1, batch), durationMs: duration, dt: dt, method: integration, parameters: params,
            dataDirectory: URL(fileURLWithPath: dataDirectory), precision: arithmetic)
        // after the timed loop, same process; a float kernel against the float product's rate
        result.setLimit(gflops: arithmetic == .single ? DenseProductLimit.measureSingle() : DenseProductLimit.measure())
        try report(result, json: json) {
            "connectome (\(params), \(method), \(precision), dt \(dt) ms, batch \(batch)): "
                + String(format: "%.3g network-steps/s, %.2f GFLOP/s = %.0f %% of the limit (%.3g network-steps/s at %.1f GFLOP/s)",
                         result.networkStepsPerS, result.achievedGFLOPS, 100 * (result.fractionOfLimit ?? 0),
                         result.limitNetworkStepsPerS ?? 0, result.limitGFLOPS ?? 0)
        }
    }
}
