import HDF5
import L2LOptimizees

/// Why inner runs and outer individuals failed, as recorded in a result file, grouped by message
/// with counts (most frequent first), so `l2l run` and `l2l inspect` can say what went wrong.
public struct FailureReason: Codable, Sendable, Equatable {
    /// `run` (an inner run failed as a whole), `evaluation` (the first failed evaluation of an
    /// inner run that went on) or `individual` (an outer hyperparameter set could not be used).
    public var kind: String
    /// The recorded message.
    public var reason: String
    /// How many runs (or individuals) recorded it.
    public var count: Int
}

extension FailureReason {
    /// The failures recorded in the inner runs (`/runs`, every phase) and the outer individuals
    /// (`/outer@failure_g…`), most frequent first.
    static func read(_ root: HDF5Group, checks: ResultFileChecks) throws -> [FailureReason] {
        var counts: [String: [String: Int]] = [:]
        func note(_ kind: String, _ message: String) {
            guard !message.isEmpty else { return }
            counts[kind, default: [:]][message, default: 0] += 1
        }
        // The messages are variable-length strings in HDF5's global heap, whose corruption
        // libhdf5 1.10 does not detect (H5HG_read copies through a null pointer): read them only
        // when the numbers say some run failed, so a healthy file's strings are never touched.
        if root.contains("runs"), root.isGroup("runs") {
            let runs = try root.openGroup("runs")
            if runs.contains("evaluations") {
                let n = try checks.dataset(runs, "evaluations", rank: 1).1[0]
                let evaluations = try checks.dataset(runs, "evaluations", rank: 1).0.read(as: Int64.self)
                let failedEvaluations = try checks.dataset(runs, "failed_evaluations", rank: 1, dimensions: [0: n]).0.read(as: Int64.self)
                let finalBest = try checks.dataset(runs, "final_best_fitness", rank: 1, dimensions: [0: n]).0.read(as: Double.self)
                let failedRuns = (0..<n).filter { evaluations[$0] == 0 || !finalBest[$0].isFinite }
                let withFailedEvaluations = (0..<n).filter { failedEvaluations[$0] > 0 }
                if !failedRuns.isEmpty {
                    let failure = try checks.dataset(runs, "failure", rank: 1, dimensions: [0: n]).0.readStrings()
                    for i in failedRuns { note("run", failure[i]) }
                }
                if !withFailedEvaluations.isEmpty {
                    let first = try checks.dataset(runs, "first_evaluation_failure", rank: 1, dimensions: [0: n]).0.readStrings()
                    for i in withFailedEvaluations { note("evaluation", first[i]) }
                }
            }
        }
        if root.contains("outer"), root.isGroup("outer") {
            let outer = try root.openGroup("outer")
            for name in try outer.attributeNames() where name.hasPrefix("failure_g") {
                note("individual", try checks.string(outer, name) ?? "")
            }
        }
        let order = ["run": 0, "individual": 1, "evaluation": 2]
        return counts.flatMap { kind, messages in
            messages.map { FailureReason(kind: kind, reason: $0.key, count: $0.value) }
        }.sorted { a, b in
            (a.count, -(order[a.kind] ?? 3), b.reason) > (b.count, -(order[b.kind] ?? 3), a.reason)
        }
    }

    /// One line for people: `38 inner runs: cannot load …`.
    public var line: String {
        let noun = switch kind {
        case "run": count == 1 ? "inner run failed" : "inner runs failed"
        case "individual": count == 1 ? "outer individual failed" : "outer individuals failed"
        default: count == 1 ? "inner run had failed evaluations, first" : "inner runs had failed evaluations, first"
        }
        return "\(count) \(noun): \(reason)"
    }
}
