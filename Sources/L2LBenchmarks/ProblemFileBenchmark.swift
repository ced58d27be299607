import Foundation
import L2LNumerics
import L2LOptimizers

/// Runs an ask/tell optimizer on the problems of a ``ProblemFile`` (`l2l bench mads --problem-file`),
/// one ``RunLine`` per problem, seed and budget, for data profiles (Moré & Wild 2009): a run
/// *solves* a problem at tolerance τ once f ≤ f* + τ·(f(x0) − f*).
///
/// Each (problem, seed) runs once with the largest budget (`max_evaluations` for MADS); the line of
/// a smaller budget is that run's prefix (`from_prefix`), which equals a run with the smaller budget
/// because no optimizer here looks at the budget before reaching it.
public enum ProblemFileBenchmark {
    /// The tolerances τ reported, as the JSON keys of `tau_evaluations`.
    public static let tolerances: [(key: String, value: Double)] = [("1e-1", 1e-1), ("1e-3", 1e-3), ("1e-5", 1e-5), ("1e-7", 1e-7)]

    /// The result of one run at one budget (JSON keys in snake_case).
    public struct RunLine: Codable, Sendable, Equatable {
        public var implementation = "l2l"
        public var optimizer: String
        public var set: String
        public var heldOut: Bool
        public var problem: String
        public var function: String
        public var n: Int
        public var seed: UInt64
        public var budgetFactor: Int
        public var budget: Int
        /// Best f within the budget (minimization form).
        public var fBest: Double
        public var fX0: Double
        public var fStar: Double
        /// Evaluations used within the budget.
        public var evaluations: Int
        /// The optimizer's stop reasons, joined, or "evaluation budget used".
        public var stopReason: String
        /// The first evaluation (1-based) at which f ≤ f* + τ(f(x0) − f*), nil when never within the budget.
        public var tauEvaluations: [String: Int?]
        public var fromPrefix: Bool
        /// Wall seconds of the whole run (the largest budget).
        public var seconds: Double

        enum CodingKeys: String, CodingKey {
            case implementation, optimizer, set, problem, function, n, seed, budget, evaluations, seconds
            case heldOut = "held_out", budgetFactor = "budget_factor", fBest = "f_best", fX0 = "f_x0", fStar = "f_star"
            case stopReason = "stop_reason", tauEvaluations = "tau_evaluations", fromPrefix = "from_prefix"
        }
    }

    /// Builds the optimizer of one run: the box, the start point, the seed's stream and the largest budget.
    public typealias Factory = (SearchSpace, [Double], RandomStream, Int) throws -> any Optimizer

    /// MADS with `configuration`, its `max_evaluations` set to the budget.
    public static func mads(_ configuration: MeshAdaptiveDirectSearch.Configuration) -> Factory {
        { space, start, random, budget in
            var c = configuration
            c.maxEvaluations = budget
            return try MeshAdaptiveDirectSearch(configuration: c, space: space, initialPoint: start, random: random)
        }
    }

    /// Runs every problem and seed of `file`, calling `emit` with the lines of each run as it ends.
    public static func run(
        _ file: ProblemFile, optimizer: String, only: [String] = [], make: Factory, emit: ([RunLine]) throws -> Void
    ) throws {
        for problem in file.problems where only.isEmpty || only.contains(problem.name) {
            for seed in problem.seeds {
                try emit(try runOnce(problem, set: file.set, seed: seed, optimizer: optimizer, make: make))
            }
        }
    }

    /// One run at the largest budget and its lines at every budget.
    public static func runOnce(
        _ problem: ProblemFile.Problem, set: String, seed: UInt64, optimizer: String, make: Factory
    ) throws -> [RunLine] {
        let budget = problem.largestBudget
        let space = SearchSpace(problem.lower.indices.map {
            SearchDimension(name: "x\($0)", kind: .real, lower: problem.lower[$0], upper: problem.upper[$0])
        })
        var opt = try make(space, problem.start, RandomStream(seed: seed), budget)
        var trace: [Double] = []
        let clock = ContinuousClock(), start = clock.now
        while opt.stopReasons.isEmpty && trace.count < budget {
            let xs = try opt.ask()
            if xs.isEmpty { break }
            let left = budget - trace.count
            let f = xs.prefix(left).map(problem.value)
            trace += f.map { $0.isFinite ? $0 : .infinity }
            // A batch cut at the budget ends the run untold.
            if xs.count > left { break }
            try opt.tell(f.map { -$0 })
        }
        let seconds = (clock.now - start).seconds
        let stop = opt.stopReasons.map(\.description).joined(separator: "; ")
        return lines(problem, set: set, seed: seed, optimizer: optimizer, trace: trace, stop: stop, seconds: seconds)
    }

    /// The lines of one run from the f of every evaluation in order.
    public static func lines(
        _ problem: ProblemFile.Problem, set: String, seed: UInt64, optimizer: String, trace: [Double], stop: String,
        seconds: Double
    ) -> [RunLine] {
        let fX0 = problem.value(problem.start), fStar = problem.minimum
        return problem.budgetFactors.map { factor in
            let budget = factor * (problem.dimension + 1)
            let prefix = trace.prefix(budget)
            var first: [String: Int?] = [:]
            for tau in tolerances {
                let level = fStar + tau.value * (fX0 - fStar)
                first[tau.key] = .some(prefix.firstIndex { $0 <= level }.map { $0 + 1 })
            }
            let largest = budget == problem.largestBudget
            return RunLine(
                optimizer: optimizer, set: set, heldOut: problem.heldOut, problem: problem.name,
                function: problem.function.rawValue, n: problem.dimension, seed: seed, budgetFactor: factor, budget: budget,
                fBest: prefix.min() ?? .infinity, fX0: fX0, fStar: fStar, evaluations: prefix.count,
                stopReason: trace.count < budget || largest ? (stop.isEmpty ? "evaluation budget used" : stop) : "evaluation budget used",
                tauEvaluations: first, fromPrefix: !largest, seconds: seconds)
        }
    }
}
