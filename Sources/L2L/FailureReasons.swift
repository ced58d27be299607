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
    /// The failures recorded in the outer loop's runs (`/runs`), the held-out runs (`/test/runs`,
    /// `/test/baseline`) and the outer individuals (`/outer@failure_g…`), most frequent first.
    static func read(_ root: HDF5Group, checks: ResultFileChecks) throws -> [FailureReason] {
        var counts: [String: [String: Int]] = [:]
        func note(_ kind: String, _ message: String) {
            guard !message.isEmpty else { return }
            counts[kind, default: [:]][message, default: 0] += 1
        }
        var groups: [HDF5Group] = []
        if root.contains("runs"), root.isGroup("runs") { groups.append(try root.openGroup("runs")) }
        if root.contains("test"), root.isGroup("test") {
            let test = try root.openGroup("test")
            for name in ["runs", "baseline"] where test.contains(name) && test.isGroup(name) { groups.append(try test.openGroup(name)) }
        }
        // The messages are variable-length strings in HDF5's global heap, whose corruption
        // libhdf5 1.10 does not detect (H5HG_read copies through a null pointer): read one only
        // where the run's numbers say it failed, so a healthy run's strings are never touched.
        for group in groups {
            for name in try group.memberNames() where group.isGroup(name) {
                let run = try group.openGroup(name)
                let evaluations = try checks.integer(run, "evaluations", in: 0...Int64.max, required: false) ?? 0
                let failedEvaluations = try checks.integer(run, "failed_evaluations", in: 0...Int64.max, required: false) ?? 0
                var finalBest = -Double.infinity
                if case .double(let value)? = try run.attribute("final_best_fitness") { finalBest = value }
                if evaluations == 0 || !finalBest.isFinite {
                    note("run", try checks.string(run, "failure", required: false) ?? "")
                }
                if failedEvaluations > 0 {
                    note("evaluation", try checks.string(run, "first_evaluation_failure", required: false) ?? "")
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
