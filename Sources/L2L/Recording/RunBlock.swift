import L2LOptimizers
import L2LOptimizees

/// A batch of inner runs as stacked arrays along a leading `run` axis: what one generation (or
/// the held-out phase) adds to `/runs` (layout v2, docs/file-format.md). Arrays of runs that
/// differ in length (iterations, candidates, parameters, state shapes) are padded to the
/// largest with the column's fill value: NaN, −1 for integers, 255 for evaluation statuses.
struct RunBlock {
    /// The values of one column, in the stored type.
    enum Values {
        case double([Double])
        case int64([Int64])
        case uint8([UInt8])
        case string([String])

        var count: Int {
            switch self {
            case .double(let v): v.count
            case .int64(let v): v.count
            case .uint8(let v): v.count
            case .string(let v): v.count
            }
        }
    }

    /// One stacked array: `axes[0]` is always `run`.
    struct Column {
        var name: String
        var axes: [String]
        var shape: [Int]
        var values: Values
        var description: String
        var units: String = "1"
    }

    /// Runs in the block.
    var runs: Int
    var columns: [Column]

    /// The coordinate variables of `/runs`, named in each array's `coordinates` attribute.
    static let coordinateNames = ["phase", "generation", "individual", "task", "repeat", "task_seed"]

    /// An axis name of an optimizer's or optimizee's array, made distinct from the names of
    /// `/runs`'s per-run columns (ENOMAD's state has an `individual` axis; `/runs/individual` is
    /// the outer individual of each run).
    static func axisName(_ axis: String) -> String {
        reservedNames.contains(axis) ? axis + "_axis" : axis
    }

    /// The names an axis may not take: every per-run column (derived from the columns an empty
    /// block has, so a new column is reserved without being listed twice) and the per-iteration arrays.
    static let reservedNames: Set<String> = Set(RunBlock([], recordCandidates: false).columns.map(\.name) + perIterationNames)

    /// The per-iteration arrays every optimizer or lifetime run may have.
    static let perIterationNames = ["best_fitness", "learning_curve", "best_x", "fitness", "evaluation_status", "candidates"]

    /// Fill values of padding, by stored type.
    static let fillDouble = Double.nan
    static let fillInteger: Int64 = -1
    static let fillStatus: UInt8 = 255

    init(runs: Int, columns: [Column]) {
        self.runs = runs
        self.columns = columns
    }

    /// Stacks `results` (in the order given) into columns.
    init(_ results: [InnerRunResult], recordCandidates: Bool) {
        runs = results.count
        columns = []
        let n = results.count
        func perRun(_ name: String, _ values: Values, _ description: String, units: String = "1") {
            columns.append(Column(name: name, axes: ["run"], shape: [n], values: values, description: description, units: units))
        }
        let c = results.map { $0.coordinates }
        perRun("phase", .string(c.map { $0.phase.rawValue }), "train (an outer individual's run), test (the best set on a held-out task) or baseline (the spec's own set on it)", units: "")
        perRun("generation", .int64(c.map { Int64($0.generation) }), "outer generation of the run (0 for test and baseline)")
        perRun("individual", .int64(c.map { Int64($0.individual) }), "outer individual of the run (0 for test and baseline)")
        perRun("task", .int64(c.map { Int64($0.taskIndex) }), "index of the task in its family (train or test)")
        perRun("repeat", .int64(c.map { Int64($0.repeatIndex) }), "repeat index on the same task")
        perRun("task_seed", .int64(c.map { Int64(bitPattern: $0.taskSeed) }), "seed that defines the task (bit pattern of the unsigned value)")
        perRun("kind", .string(results.map { $0.kind.rawValue }), "optimizer (an ask/tell loop) or lifetime (a learning rule)", units: "")
        perRun("final_best_fitness", .double(results.map { $0.finalBest }), "best finite fitness of the run (−inf if none or failed)")
        perRun("evaluations", .int64(results.map { Int64($0.evaluations) }), "evaluations made")
        perRun("iterations", .int64(results.map { Int64($0.iterations.count) }), "iterations completed (rows of the iteration axis that hold data)")
        perRun("failed_evaluations", .int64(results.map { Int64($0.failedEvaluations) }), "evaluations that failed (told to the optimizer as −inf)")
        perRun("failure", .string(results.map { $0.failure ?? "" }), "why the run failed as a whole; empty if it did not", units: "")
        perRun("first_evaluation_failure", .string(results.map { $0.firstEvaluationFailure ?? "" }), "the first failed evaluation, with its iteration and reason; empty if none", units: "")
        perRun("stop_reasons", .string(results.map { $0.stopReasons.joined(separator: "; ") }), "why the inner optimizer stopped before its budget, '; '-separated; empty if it did not", units: "")
        // Early stopping (outer.early_stopping): "stopped" at the rung `stopped_at_iteration`, else "completed" (0).
        perRun("status", .string(results.map { $0.stoppedAtIteration == nil ? "completed" : "stopped" }), "completed, or stopped by outer.early_stopping at a rung", units: "")
        perRun("stopped_at_iteration", .int64(results.map { Int64($0.stoppedAtIteration ?? 0) }), "the rung (inner iterations run) where early stopping stopped the run; 0 if it completed")
        for metric in Set(results.flatMap(\.metrics.keys)).sorted() {
            perRun("metric_\(metric)", .double(results.map { $0.metrics[metric] ?? .nan }), "the optimizee's final \(metric) of the run's best parameters (NaN: not reported)")
        }

        let iterations = results.map { $0.iterations.count }.max() ?? 0
        guard iterations > 0 else { return }
        let packs = results.map { r in r.packed?.value.flatMap { $0.iterations == r.iterations.count ? $0 : nil } ?? PackedRun(r) }
        if !stackPacked(packs, kinds: results.map(\.kind), curves: results.map(\.bestCurve), iterations: iterations,
                        recordCandidates: recordCandidates) {
            stackRecords(results, iterations: iterations, recordCandidates: recordCandidates)
        }
        appendArtifacts(results)
    }

    /// About the bytes the block's values take stored (strings counted by their UTF-8 length).
    var byteCount: Int {
        columns.reduce(0) { total, column in
            switch column.values {
            case .double(let v): total + 8 * v.count
            case .int64(let v): total + 8 * v.count
            case .uint8(let v): total + v.count
            case .string(let v): total + v.reduce(16 * v.count) { $0 + $1.utf8.count }
            }
        }
    }

    /// The same block with its columns in name order: the order in which a finished file's
    /// arrays are created whichever way it was built (``RunStore/materialize(_:path:)`` goes by name).
    func sortedByName() -> RunBlock {
        RunBlock(runs: runs, columns: columns.sorted { $0.name < $1.name })
    }

    /// The description of each per-iteration array (whichever way the block is stacked).
    static func describe(_ name: String) -> String {
        switch name {
        case "best_fitness": "best finite fitness so far (−inf before any; NaN after the run ended)"
        case "learning_curve": "fitness of each step of a lifetime run (trial or mini-batch)"
        case "best_x": "encoded parameters of the best point so far"
        case "fitness": "fitness told to the optimizer (maximized; −inf = failed evaluation; NaN = no candidate)"
        case "candidates": "encoded parameters of every candidate (NaN: no candidate)"
        default: ""
        }
    }

    static let statusDescription =
        "0 ok, 1 the optimizee threw, 2 non-finite fitness, 3 time limit exceeded (failures were told as −inf); 255 no candidate"

    /// `final_<name>` (run, …): the optimizee's arrays about each run's best parameters, padded.
    private mutating func appendArtifacts(_ results: [InnerRunResult]) {
        var order: [String] = []
        var shapes: [String: (axes: [String], shape: [Int], description: String, units: String)] = [:]
        for r in results {
            for a in r.artifacts {
                if let s = shapes[a.name], s.shape.count == a.shape.count {
                    shapes[a.name]!.shape = zip(s.shape, a.shape).map { max($0, $1) }
                } else if shapes[a.name] == nil {
                    shapes[a.name] = (LabelledGroup.distinct(a.axes.map(Self.axisName)), a.shape, a.description, a.units)
                    order.append(a.name)
                }
            }
        }
        for name in order {
            guard let s = shapes[name] else { continue }
            let size = s.shape.reduce(1, *)
            var values = [Double](repeating: .nan, count: results.count * size)
            for (k, r) in results.enumerated() {
                guard let a = r.artifacts.first(where: { $0.name == name }), a.shape.count == s.shape.count else { continue }
                Self.place(a.values, shape: a.shape, into: &values, at: k * size, paddedShape: s.shape)
            }
            columns.append(Column(name: "final_" + name, axes: ["run"] + s.axes, shape: [results.count] + s.shape,
                                  values: .double(values), description: s.description, units: s.units))
        }
    }

    /// Copies a row-major array of `shape` into the region of a larger row-major `paddedShape`
    /// array starting at `offset` (the rest keeps its fill).
    static func place(_ source: [Double], shape: [Int], into target: inout [Double], at offset: Int, paddedShape: [Int]) {
        guard shape.count == paddedShape.count, zip(shape, paddedShape).allSatisfy({ $0 <= $1 }),
              source.count == shape.reduce(1, *), offset + paddedShape.reduce(1, *) <= target.count else { return }
        source.withUnsafeBufferPointer { s in
            target.withUnsafeMutableBufferPointer { t in copy(s, from: 0, shape: shape, into: t, at: offset, paddedShape: paddedShape) }
        }
    }
}
