import Foundation
import HDF5
import Testing
@testable import L2L
@testable import L2LOptimizees

/// `record.covariance`: the full covariance written to HDF5 equals the one rebuilt from the
/// stored ensemble anomalies (low_rank), for the same seed.
@Suite struct CovarianceRecordingTests {
    static func spec(_ covariance: String) throws -> ExperimentSpec {
        try SpecLoader.parse("""
            name: covariance
            seed: 5
            outer:
              optimizer: ga
              iterations: 1
              population: 2
              search_space:
                - {path: inner.gamma, kind: log_uniform, low: 0.01, high: 1}
            inner: {optimizer: enkf, iterations: 4, ensemble_size: 6, initial_spread: 0.2}
            optimizee:
              function: {name: sphere, dimension: 3, shift: 1.0}
            tasks:
              train: {count: 1}
              test: {count: 1}
            record: {covariance: \(covariance)}
            """, fileName: "covariance.yaml")
    }

    static func read(_ path: String, _ dataset: String) throws -> (shape: [Int], values: [Double]) {
        let file = try HDF5File.open(path)
        defer { file.close() }
        return try RunRows.slice(file, "state_" + dataset, row: try RunRows.row(file, individual: 1))
    }

    @Test func fullEqualsRebuiltFromAnomalies() async throws {
        let full = ExperimentTests.temporaryFile("full.h5"), lowRank = ExperimentTests.temporaryFile("low.h5")
        _ = try await Experiment(spec: try Self.spec("full")).run(options: RunOptions(jobs: 1, outputPath: full))
        _ = try await Experiment(spec: try Self.spec("low_rank")).run(options: RunOptions(jobs: 1, outputPath: lowRank))
        let c = try Self.read(full, "covariance"), a = try Self.read(lowRank, "anomalies")
        let iterations = 4, d = 3, j = 6
        #expect(c.shape == [iterations, d, d])
        #expect(a.shape == [iterations, d, j])
        var largest = 0.0
        for t in 0..<iterations {
            for r in 0..<d {
                for s in 0..<d {
                    var rebuilt = 0.0
                    for m in 0..<j { rebuilt += a.values[(t * d + r) * j + m] * a.values[(t * d + s) * j + m] }
                    rebuilt /= Double(j - 1)
                    let stored = c.values[(t * d + r) * d + s]
                    largest = max(largest, abs(rebuilt - stored) / max(1e-12, abs(stored)))
                }
            }
        }
        #expect(largest < 1e-10, "largest relative difference \(largest)")
        // The covariance is not trivially zero: the ensemble has spread.
        #expect(c.values.contains { abs($0) > 1e-6 })
    }
}
