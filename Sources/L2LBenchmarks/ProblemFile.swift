import Foundation
import L2LNetworks

/// A user-given set of bound-constrained test problems for `l2l bench mads --problem-file FILE.json`
/// (format: bench/mads/README.md). Each problem names a built-in ``BenchmarkFunction`` (textbook
/// minimization form), its dimension n, start x0, box [lower, upper] and known minimum f*; budgets
/// are factors of n + 1 (Moré & Wild 2009, "Benchmarking derivative-free optimization algorithms",
/// *SIAM J. Optim.* 20:172, doi:10.1137/080724083, measure budgets in simplex gradients, n + 1 evaluations).
///
/// ```json
/// {"set": "held_out", "held_out": true, "seeds": [1, 2, 3], "budget_factors": [100, 500],
///  "problems": [{"name": "levy_8", "function": "levy", "n": 8, "x0": 3, "lower": -10, "upper": 10, "f_star": 0}]}
/// ```
/// `x0`, `lower` and `upper` are one number (every coordinate) or n numbers; `seeds`,
/// `budget_factors` and `held_out` may also be set per problem.
public struct ProblemFile: Sendable, Equatable {
    /// One problem of the file.
    public struct Problem: Sendable, Equatable {
        public var name: String
        public var function: BenchmarkFunction
        public var dimension: Int
        public var start: [Double]
        public var lower: [Double]
        public var upper: [Double]
        /// The known global minimum f*.
        public var minimum: Double
        public var seeds: [UInt64]
        /// Budgets in units of n + 1 evaluations, ascending.
        public var budgetFactors: [Int]
        /// Whether the problem belongs to the held-out part of a comparison (never tuned on).
        public var heldOut: Bool

        public func value(_ x: [Double]) -> Double { function.value(x) }
        /// The largest budget in evaluations.
        public var largestBudget: Int { (budgetFactors.last ?? 0) * (dimension + 1) }
    }

    /// The file's `set` label (the file name without extension when absent).
    public var set: String
    public var problems: [Problem]

    /// Reads and checks `path`.
    public init(contentsOf path: String) throws(ProblemFileError) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ProblemFileError(file: path, key: "", message: "cannot read the file (\(error.localizedDescription))")
        }
        try self.init(data: data, file: path)
    }

    /// Parses a problem file's JSON; `file` names it in errors.
    public init(data: Data, file: String) throws(ProblemFileError) {
        func fail(_ key: String, _ message: String) -> ProblemFileError { ProblemFileError(file: file, key: key, message: message) }
        guard let object = try? JSONDecoder().decode(JSONValue.self, from: data), case .object(let root) = object else {
            throw fail("", "not a JSON object")
        }
        let known: Set<String> = ["set", "held_out", "seeds", "budget_factors", "problems"]
        if let extra = root.keys.sorted().first(where: { !known.contains($0) }) {
            throw fail(extra, "unknown key; expected one of \(known.sorted().joined(separator: ", "))")
        }
        set = try Self.string(root["set"], key: "set", fail: fail)
            ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let seeds: [UInt64] = try Self.positiveIntegers(root["seeds"], key: "seeds", fail: fail) ?? [1, 2, 3, 4, 5]
        let factors: [Int] = try Self.positiveIntegers(root["budget_factors"], key: "budget_factors", fail: fail) ?? [100]
        let heldOut = try Self.bool(root["held_out"], key: "held_out", fail: fail) ?? false
        guard case .array(let list)? = root["problems"], !list.isEmpty else {
            throw fail("problems", "expected a non-empty list of problems")
        }
        problems = []
        for (k, item) in list.enumerated() {
            problems.append(
                try Self.problem(item, key: "problems[\(k)]", seeds: seeds, factors: factors, heldOut: heldOut, fail: fail))
        }
        var names = Swift.Set<String>()
        for (k, p) in problems.enumerated() where !names.insert(p.name).inserted {
            throw fail("problems[\(k)].name", "duplicate problem name \(p.name)")
        }
    }
}

/// A problem file that cannot be used: the file, the key path (`problems[2].x0`) and what is wrong.
public struct ProblemFileError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var key: String
    public var message: String
    public var description: String { key.isEmpty ? "\(file): \(message)" : "\(file): \(key): \(message)" }
}
