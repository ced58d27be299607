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
        /// Floating-point operations of one update (``flops(parameters:members:outputs:)``).
        public var flopsPerUpdate: Double
        /// `flopsPerUpdate / secondsPerUpdate`, in GFLOP/s.
        public var achievedGFLOPS: Double
        /// The limit: this core's rate on a large dense product (``DenseProductLimit``), GFLOP/s.
        public var limitGFLOPS: Double
        /// `achievedGFLOPS / limitGFLOPS`.
        public var fractionOfLimit: Double
    }

    /// Operations of the update as `EnsembleKalmanFilter` computes it for D parameters, J members
    /// and K > J outputs: A_G A_Gᵀ, A_G R, A_Gᵀ Y and W = A_G X (2J²K each), the J×J Cholesky
    /// solve (J³/3 + 2J³), and the J×J · J×D product M U (2J²D) that dominates.
    public static func flops(parameters d: Int, members j: Int, outputs k: Int) -> Double {
        let jj = Double(j) * Double(j)
        return 2 * jj * Double(d) + 8 * jj * Double(k) + (7.0 / 3.0) * jj * Double(j)
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
        let median = Statistics.median(samples)
        let work = flops(parameters: parameters, members: members, outputs: outputs)
        let limit = DenseProductLimit.measure()
        return Result(
            parameters: parameters, members: members, outputs: outputs, repeats: repeats,
            secondsPerUpdate: median, samples: samples, flopsPerUpdate: work, achievedGFLOPS: work / median / 1e9,
            limitGFLOPS: limit, fractionOfLimit: work / median / 1e9 / limit)
    }
}
