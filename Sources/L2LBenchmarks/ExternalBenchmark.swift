import Foundation
import L2L
import L2LNumerics
import L2LOptimizers
import L2LOptimizees

/// What one round trip to an external-optimizee worker costs: `l2l bench external` drives
/// ``ExternalOptimizee/evaluateBatch(_:context:)`` directly (no experiment, no recording) against
/// a worker, for several batch sizes, and fits time = per batch + batch size × per candidate.
public enum ExternalBenchmark {
    public struct Point: Codable, Sendable {
        public var batch: Int
        /// Median seconds of one `evaluate` request with `batch` candidates (reply parsed).
        public var seconds: Double
    }

    public struct Result: Codable, Sendable {
        public var command: [String]
        public var dimension: Int
        public var points: [Point]
        /// Least-squares intercept and slope of seconds against batch size.
        public var perBatchSeconds: Double
        public var perCandidateSeconds: Double
    }

    public enum Failure: Error, CustomStringConvertible {
        case evaluation(String)
        public var description: String {
            switch self {
            case .evaluation(let reason): "the worker failed: \(reason)"
            }
        }
    }

    public static func run(command: [String], dimension: Int, batches: [Int], repeats: Int) throws -> Result {
        var section = SpecSection(path: "optimizee.external")
        section.lists["command"] = command.map(SpecScalar.string)
        section.scalars["dimension"] = .int(dimension)
        section.scalars["lower"] = .double(-5)
        section.scalars["upper"] = .double(5)
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 0, repeatIndex: 0)
        guard let descriptor = OptimizeeRegistry.descriptor("external"),
            let optimizee = try descriptor.make(section, OptimizeeContext(coordinates: coordinates)) as? any BatchOptimizee
        else { throw Failure.evaluation("no external optimizee registered") }
        defer { ExternalWorkers.stopIdle() }
        var random = RandomStream(seed: 1)
        var points: [Point] = []
        let clock = ContinuousClock()
        for batch in batches {
            let candidates = (0..<batch).map { _ in (0..<dimension).map { _ in random.nextUniform(in: -5, 5) } }
            var samples: [Double] = []
            for iteration in 0...repeats {
                let context = EvaluationBatchContext(coordinates: coordinates, iteration: iteration, random: random, timeLimit: nil)
                let start = clock.now
                let outcomes = optimizee.evaluateBatch(candidates, context: context)
                let elapsed = (clock.now - start).seconds
                if let failed = outcomes.first(where: { $0.status != .ok }) { throw Failure.evaluation(failed.reason) }
                if iteration > 0 { samples.append(elapsed) }  // the first starts the worker
            }
            samples.sort()
            points.append(Point(batch: batch, seconds: samples[samples.count / 2]))
        }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + Double($1.batch) } / n, meanY = points.reduce(0) { $0 + $1.seconds } / n
        let sxy = points.reduce(0) { $0 + (Double($1.batch) - meanX) * ($1.seconds - meanY) }
        let sxx = points.reduce(0) { $0 + (Double($1.batch) - meanX) * (Double($1.batch) - meanX) }
        let slope = sxx > 0 ? sxy / sxx : 0
        return Result(
            command: command, dimension: dimension, points: points, perBatchSeconds: meanY - slope * meanX,
            perCandidateSeconds: slope)
    }
}
