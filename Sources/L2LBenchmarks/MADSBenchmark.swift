import Foundation
import L2L
import L2LNetworks
import L2LNumerics
import L2LOptimizers
import L2LOptimizees

/// MADS on a public problem set beside NOMAD 4 (`l2l bench mads`; the peer is
/// bench/mads/nomad_problems.py, which runs PyNomadBBO on the same problems).
///
/// Problems (textbook minimization forms; MADS maximizes −f), starts and boxes:
///
/// | problem | n | start | box |
/// |---|---|---|---|
/// | `rosenbrock_2` | 2 | (−1.2, 1) | [−5, 10]ⁿ |
/// | `rosenbrock_10` | 10 | (−1.2, 1, −1.2, 1, …) | [−5, 10]ⁿ |
/// | `rastrigin_5` | 5 | all 2.5 | [−5.12, 5.12]ⁿ |
/// | `powell_4` | 4 | (3, −1, 0, 1) | [−4, 5]ⁿ |
/// | `ackley_10` | 10 | all 1.5 | [−32.768, 32.768]ⁿ |
///
/// Every global minimum is 0. The budget is 100·(n + 1) evaluations, enforced by MADS'
/// `max_evaluations` (the last batch is cut to the evaluations left), so a run stops at the
/// budget or earlier on its minimum mesh size. Seeds 1…`seeds` seed `RandomStream`.
public enum MADSBenchmark {
    /// One problem of the set.
    public struct Problem: Codable, Sendable, Equatable {
        public var name: String
        public var function: String
        public var dimension: Int
        public var start: [Double]
        public var lower: Double
        public var upper: Double
        /// 100·(n + 1).
        public var budget: Int

        public func value(_ x: [Double]) -> Double {
            (function == "powell" ? BenchmarkFunction.powellSingular : BenchmarkFunction(rawValue: function)!).value(x)
        }
    }

    /// Best values and evaluations over the seeds of one problem.
    public struct ProblemResult: Codable, Sendable {
        public var problem: String
        public var dimension: Int
        public var budget: Int
        public var start: [Double]
        public var lower: Double
        public var upper: Double
        public var seeds: [UInt64]
        /// f of the incumbent per seed (minimization form).
        public var best: [Double]
        public var bestMin: Double
        public var bestMedian: Double
        public var bestMax: Double
        /// Evaluations used per seed (≤ budget; fewer when the minimum mesh size stopped the run).
        public var evaluations: [Int]
        public var evaluationsMedian: Double
        /// Stop reasons of each seed's run, joined.
        public var stopReasons: [String]
        /// Wall seconds of all seeds together.
        public var seconds: Double
    }

    /// The whole benchmark.
    public struct Result: Codable, Sendable {
        public var implementation = "l2l"
        public var optimizer = MeshAdaptiveDirectSearch.identifier
        public var configuration: MeshAdaptiveDirectSearch.Configuration
        public var problems: [ProblemResult]
    }

    /// The problem set of issue 4 item 5.
    public static let problems: [Problem] = {
        func make(_ name: String, _ function: String, _ n: Int, _ start: [Double], _ bounds: (Double, Double)) -> Problem {
            Problem(name: name, function: function, dimension: n, start: start, lower: bounds.0, upper: bounds.1, budget: 100 * (n + 1))
        }
        let rosenbrockStart = { (n: Int) in (0..<n).map { $0 % 2 == 0 ? -1.2 : 1.0 } }
        let powellStart = { (n: Int) in (0..<n).map { [3.0, -1, 0, 1][$0 % 4] } }
        return [
            make("rosenbrock_2", "rosenbrock", 2, rosenbrockStart(2), BenchmarkFunction.rosenbrock.conventionalBounds),
            make("rosenbrock_10", "rosenbrock", 10, rosenbrockStart(10), BenchmarkFunction.rosenbrock.conventionalBounds),
            make("rastrigin_5", "rastrigin", 5, Array(repeating: 2.5, count: 5), BenchmarkFunction.rastrigin.conventionalBounds),
            make("powell_4", "powell", 4, powellStart(4), (-4, 5)),
            make("ackley_10", "ackley", 10, Array(repeating: 1.5, count: 10), BenchmarkFunction.ackley.conventionalBounds),
        ]
    }()

    /// One MADS run: the incumbent's f, evaluations used, stop reasons.
    public static func runOnce(_ problem: Problem, configuration: MeshAdaptiveDirectSearch.Configuration, seed: UInt64) throws
        -> (best: Double, evaluations: Int, stop: [String])
    {
        var c = configuration
        c.maxEvaluations = c.maxEvaluations > 0 ? Swift.min(c.maxEvaluations, problem.budget) : problem.budget
        var mads = try MeshAdaptiveDirectSearch(
            configuration: c, space: .box(count: problem.dimension, lower: problem.lower, upper: problem.upper),
            initialPoint: problem.start, random: RandomStream(seed: seed))
        var evaluations = 0
        while mads.stopReasons.isEmpty && evaluations < problem.budget {
            var xs = try mads.ask()
            if xs.isEmpty { try mads.tell([]); break }
            // MADS already cuts to max_evaluations; keep the budget exact regardless.
            if xs.count > problem.budget - evaluations { xs = Array(xs.prefix(problem.budget - evaluations)) }
            evaluations += xs.count
            try mads.tell(xs.map { -problem.value($0) })
        }
        let best = mads.incumbent.map { -$0.fitness } ?? .infinity
        return (best, mads.state.evaluations, mads.stopReasons.map(\.description))
    }

    /// The default configuration with the options `l2l bench mads` can change (nil keeps the default).
    public static func configuration(
        directionType: String? = nil, initialFrameSize: Double? = nil, quadraticModelSearch: Bool? = nil,
        speculativeSearch: Bool? = nil, anisotropicMesh: Bool? = nil, modelRadius: Double? = nil,
        minMeshSize: Double? = nil
    ) throws -> MeshAdaptiveDirectSearch.Configuration {
        var c = MeshAdaptiveDirectSearch.Configuration()
        if let d = directionType {
            guard let t = MeshAdaptiveDirectSearch.DirectionType(rawValue: d) else {
                throw OptimizerError.invalidConfiguration(
                    optimizer: "mads", key: "direction_type", value: d,
                    expected: MeshAdaptiveDirectSearch.DirectionType.allCases.map(\.rawValue).joined(separator: " or "))
            }
            c.directionType = t
        }
        if let v = initialFrameSize { c.initialFrameSize = v }
        if let v = quadraticModelSearch { c.quadraticModelSearch = v }
        if let v = speculativeSearch { c.speculativeSearch = v }
        if let v = anisotropicMesh { c.anisotropicMesh = v }
        if let v = modelRadius { c.modelRadius = v }
        if let v = minMeshSize { c.minMeshSize = v }
        return c
    }

    /// `configuration` with `key=value` assignments applied (`l2l bench mads --set`): keys are the
    /// spec's snake_case names (`eval_queue_sort=dir_last_success`, `model_radius=4`,
    /// `quadratic_model_search=false`); values are read as Bool, number or string.
    public static func applying(
        _ assignments: [String], to configuration: MeshAdaptiveDirectSearch.Configuration
    ) throws -> MeshAdaptiveDirectSearch.Configuration {
        guard !assignments.isEmpty else { return configuration }
        let data = try JSONEncoder().encode(configuration)
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return configuration }
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            let words = parts[0].split(separator: "_").map(String.init)
            let key = (words.first ?? "") + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            guard parts.count == 2, object[key] != nil else {
                throw OptimizerError.invalidConfiguration(
                    optimizer: "mads", key: parts[0], value: assignment,
                    expected: "key=value with a key among " + object.keys.sorted().joined(separator: ", "))
            }
            let value = parts[1]
            if value == "true" || value == "false" {
                object[key] = value == "true"
            } else if let number = Double(value) {
                object[key] = number
            } else {
                object[key] = value
            }
        }
        let edited = try JSONSerialization.data(withJSONObject: object)
        return try JSONDecoder().decode(MeshAdaptiveDirectSearch.Configuration.self, from: edited)
    }

    /// Runs every problem with seeds 1…`seeds`.
    public static func run(
        seeds: Int = 5, configuration: MeshAdaptiveDirectSearch.Configuration = .init(), only: [String] = []
    ) throws -> Result {
        let seedList = (1...Swift.max(1, seeds)).map { UInt64($0) }
        var results: [ProblemResult] = []
        let clock = ContinuousClock()
        for problem in problems where only.isEmpty || only.contains(problem.name) {
            var best: [Double] = [], evaluations: [Int] = [], stops: [String] = []
            let start = clock.now
            for seed in seedList {
                let r = try runOnce(problem, configuration: configuration, seed: seed)
                best.append(r.best)
                evaluations.append(r.evaluations)
                stops.append(r.stop.joined(separator: "; "))
            }
            results.append(
                ProblemResult(
                    problem: problem.name, dimension: problem.dimension, budget: problem.budget, start: problem.start,
                    lower: problem.lower, upper: problem.upper, seeds: seedList, best: best,
                    bestMin: best.min()!, bestMedian: Statistics.median(best), bestMax: best.max()!,
                    evaluations: evaluations, evaluationsMedian: Statistics.median(evaluations.map(Double.init)),
                    stopReasons: stops, seconds: (clock.now - start).seconds))
        }
        return Result(configuration: configuration, problems: results)
    }
}
