import Foundation
import L2L
import L2LNumerics
import L2LOptimizers
import L2LOptimizees

/// Times one ensemble Kalman update at network scale (`l2l bench enkf-update`).
///
/// The default size is the issue's: D = 30,000 parameters, J = 100 members, K = 640 outputs
/// (10 classes × 64 samples). Outputs and targets are random: the update's cost does not
/// depend on their values. The D × D covariance is never formed.
public enum EnKFUpdateBenchmark {
    /// One measurement.
    public struct Result: Codable, Sendable {
        public var implementation = "l2l"
        public var parameters: Int
        public var members: Int
        public var outputs: Int
        public var repeats: Int
        /// Median seconds of one `tell` (the update).
        public var secondsPerUpdate: Double
        /// All measured seconds.
        public var samples: [Double]
    }

    public static func run(parameters: Int = 30_000, members: Int = 100, outputs: Int = 640, repeats: Int = 5, seed: UInt64 = 1) throws
        -> Result
    {
        var random = RandomStream(seed: seed)
        let space = SearchSpace.box(count: parameters, lower: -1e6, upper: 1e6)
        var filter = try EnsembleKalmanFilter(
            configuration: .init(ensembleSize: members, gamma: 0.01, initialSpread: 1e-6, covariance: .none),
            space: space, initialPoint: Array(repeating: 0, count: parameters), random: random.derived(1))
        let targets = (0..<outputs).map { _ in random.nextUniform() }
        var samples: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<repeats {
            let members = try filter.ask()
            let produced = members.map { _ in (0..<outputs).map { _ in random.nextGaussian() } }
            let start = clock.now
            try filter.tell(fitness: Array(repeating: 0, count: members.count), outputs: produced, targets: targets)
            samples.append((clock.now - start).seconds)
        }
        return Result(
            parameters: parameters, members: members, outputs: outputs, repeats: repeats,
            secondsPerUpdate: Statistics.median(samples), samples: samples)
    }
}
