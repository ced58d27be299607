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
        let dimension = results.map(Self.dimension).max() ?? 0
        let population = results.flatMap { $0.iterations.map { $0.fitness.count } }.max() ?? 0
        guard iterations > 0 else { return }
        let lifetime = results.contains { $0.kind == .lifetime }
        let optimizer = results.contains { $0.kind == .optimizer }
        if optimizer {
            columns.append(curve("best_fitness", results, of: .optimizer, iterations: iterations,
                                 description: "best finite fitness so far (−inf before any; NaN after the run ended)"))
        }
        if lifetime {
            columns.append(curve("learning_curve", results, of: .lifetime, iterations: iterations,
                                 description: "fitness of each step of a lifetime run (trial or mini-batch)"))
        }
        if optimizer, dimension > 0 {
            columns.append(padded("best_x", results, axes: ["run", "iteration", "parameter"], shape: [iterations, dimension],
                                  description: "encoded parameters of the best point so far") { $0.incumbent?.point ?? [] })
        }
        if optimizer, population > 0 {
            columns.append(padded("fitness", results, axes: ["run", "iteration", "candidate"], shape: [iterations, population],
                                  description: "fitness told to the optimizer (maximized; −inf = failed evaluation; NaN = no candidate)") { $0.fitness })
            var status = [UInt8](repeating: Self.fillStatus, count: n * iterations * population)
            for (k, r) in results.enumerated() where r.kind == .optimizer {
                for (i, record) in r.iterations.enumerated() {
                    let row = i < r.statuses.count && r.statuses[i].count == record.fitness.count ? r.statuses[i] : Array(repeating: .ok, count: record.fitness.count)
                    for (j, s) in row.enumerated() { status[(k * iterations + i) * population + j] = s.rawValue }
                }
            }
            columns.append(Column(name: "evaluation_status", axes: ["run", "iteration", "candidate"], shape: [n, iterations, population],
                                  values: .uint8(status), description: Self.statusDescription))
            if recordCandidates, dimension > 0 {
                var values = [Double](repeating: .nan, count: n * iterations * population * dimension)
                for (k, r) in results.enumerated() where r.kind == .optimizer {
                    for (i, record) in r.iterations.enumerated() where record.candidates.count == record.fitness.count {
                        for (j, x) in record.candidates.enumerated() {
                            let base = ((k * iterations + i) * population + j) * dimension
                            for (d, v) in x.prefix(dimension).enumerated() { values[base + d] = v }
                        }
                    }
                }
                columns.append(Column(name: "candidates", axes: ["run", "iteration", "candidate", "parameter"],
                                      shape: [n, iterations, population, dimension], values: .double(values),
                                      description: "encoded parameters of every candidate (NaN: no candidate)"))
            }
        }
        appendState(results, iterations: iterations)
        appendArtifacts(results)
    }

    static let statusDescription =
        "0 ok, 1 the optimizee threw, 2 non-finite fitness, 3 time limit exceeded (failures were told as −inf); 255 no candidate"

    private static func dimension(_ r: InnerRunResult) -> Int {
        r.bestPoint?.count ?? r.iterations.lazy.compactMap(\.candidates.first?.count).first ?? 0
    }

    /// A (run, iteration, …) double column of the optimizer runs: `row(record)` gives an
    /// iteration's values (row-major; shorter rows, missing iterations and lifetime runs padded with NaN).
    private func padded(
        _ name: String, _ results: [InnerRunResult], axes: [String], shape: [Int], description: String,
        row: (IterationRecord) -> [Double]
    ) -> Column {
        let rowSize = shape.dropFirst().reduce(1, *)
        let perRun = shape.reduce(1, *)
        var values = [Double](repeating: .nan, count: results.count * perRun)
        values.withUnsafeMutableBufferPointer { buffer in
            for (k, r) in results.enumerated() where r.kind == .optimizer {
                for (i, record) in r.iterations.prefix(shape[0]).enumerated() {
                    let base = k * perRun + i * rowSize
                    row(record).withUnsafeBufferPointer { source in
                        for d in 0..<min(rowSize, source.count) { buffer[base + d] = source[d] }
                    }
                }
            }
        }
        return Column(name: name, axes: axes, shape: [results.count] + shape, values: .double(values), description: description)
    }

    /// A (run, iteration) column of the runs of one kind: each run's `bestCurve`, padded with NaN.
    private func curve(
        _ name: String, _ results: [InnerRunResult], of kind: InnerRunResult.Kind, iterations: Int, description: String
    ) -> Column {
        var values = [Double](repeating: .nan, count: results.count * iterations)
        values.withUnsafeMutableBufferPointer { buffer in
            for (k, r) in results.enumerated() where r.kind == kind {
                r.bestCurve.withUnsafeBufferPointer { source in
                    for i in 0..<min(iterations, source.count) { buffer[k * iterations + i] = source[i] }
                }
            }
        }
        return Column(name: name, axes: ["run", "iteration"], shape: [results.count, iterations], values: .double(values),
                      description: description)
    }

    /// `state_<name>` (run, iteration, …): each iteration's optimizer state arrays, padded; an array
    /// absent from a run's first iteration is sparse (ENOMAD's per-generation record) and stored
    /// as `state_<name>` (run, occurrence, …) with `state_<name>_iteration` (run, occurrence).
    /// Two passes over every (run, iteration, array): the shapes, then the values, each array
    /// found by name once (a generation holds runs × iterations × arrays of them).
    private mutating func appendState(_ results: [InnerRunResult], iterations: Int) {
        struct Entry {
            var name: String, axes: [String], shape: [Int], description: String, units: String
            var sparse = false, rank: Int, occurrences = 0
        }
        var entries: [Entry] = []
        var index: [String: Int] = [:]
        var seen: [Int] = []  // per entry: occurrences in the current run
        var dense: [Bool] = []  // per entry: in the current run's first iteration
        // Loops borrow the records through buffer pointers: copying each RecordedArray out of its
        // array (a retain and release per field) was most of the recorder's time.
        for r in results {
            seen = Array(repeating: 0, count: entries.count)
            dense = Array(repeating: false, count: entries.count)
            r.iterations.withUnsafeBufferPointer { records in
                for (i, record) in records.enumerated() {
                    record.snapshot.withUnsafeBufferPointer { arrays in
                        for j in arrays.indices {
                            let e: Int
                            if let known = index[arrays[j].name] {
                                e = known
                                if entries[e].rank == arrays[j].shape.count {
                                    for d in 0..<entries[e].rank where arrays[j].shape[d] > entries[e].shape[d] {
                                        entries[e].shape[d] = arrays[j].shape[d]
                                    }
                                }
                            } else {
                                e = entries.count
                                index[arrays[j].name] = e
                                entries.append(Entry(
                                    name: arrays[j].name, axes: LabelledGroup.distinct(arrays[j].axes.map(Self.axisName)),
                                    shape: arrays[j].shape, description: arrays[j].description, units: arrays[j].units,
                                    rank: arrays[j].shape.count))
                                seen.append(0)
                                dense.append(false)
                            }
                            if i == 0 { dense[e] = true } else if !dense[e] { entries[e].sparse = true }
                            seen[e] += 1
                        }
                    }
                }
            }
            for e in entries.indices { entries[e].occurrences = max(entries[e].occurrences, seen[e]) }
        }
        let n = results.count
        var values: [[Double]] = []
        var at: [[Int64]] = []
        for e in entries.indices {
            if !entries[e].sparse { entries[e].occurrences = iterations }
            let rows = n * entries[e].occurrences
            let valid = entries[e].shape.count == entries[e].axes.count
            values.append(valid ? [Double](repeating: .nan, count: rows * entries[e].shape.reduce(1, *)) : [])
            at.append(valid && entries[e].sparse ? [Int64](repeating: Self.fillInteger, count: rows) : [])
        }
        let sizes = entries.map { $0.shape.reduce(1, *) }
        for (k, r) in results.enumerated() {
            var slots = [Int](repeating: 0, count: entries.count)
            r.iterations.withUnsafeBufferPointer { records in
                for (i, record) in records.enumerated() {
                    record.snapshot.withUnsafeBufferPointer { arrays in
                        for j in arrays.indices {
                            guard let e = index[arrays[j].name], !values[e].isEmpty else { continue }
                            let row = entries[e].sparse ? slots[e] : i
                            guard row < entries[e].occurrences else { continue }
                            Self.place(arrays[j].values, shape: arrays[j].shape, into: &values[e],
                                       at: (k * entries[e].occurrences + row) * sizes[e], paddedShape: entries[e].shape)
                            if entries[e].sparse { at[e][k * entries[e].occurrences + row] = Int64(i) }
                            slots[e] += 1
                        }
                    }
                }
            }
        }
        for (e, entry) in entries.enumerated() where !values[e].isEmpty || entry.shape.reduce(1, *) == 0 {
            guard entry.shape.count == entry.axes.count else { continue }
            let second = entry.sparse ? "occurrence" : "iteration"
            columns.append(Column(name: "state_" + entry.name, axes: ["run", second] + entry.axes,
                                  shape: [n, entry.occurrences] + entry.shape, values: .double(values[e]),
                                  description: entry.description, units: entry.units))
            if entry.sparse {
                columns.append(Column(name: "state_\(entry.name)_iteration", axes: ["run", "occurrence"], shape: [n, entry.occurrences],
                                      values: .int64(at[e]), description: "the iteration of each occurrence of state_\(entry.name) (−1: none)"))
            }
        }
    }

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
        guard shape.count == paddedShape.count, zip(shape, paddedShape).allSatisfy({ $0 <= $1 }) else { return }
        if shape == paddedShape {
            target.withUnsafeMutableBufferPointer { t in
                source.withUnsafeBufferPointer { s in
                    for i in 0..<min(s.count, t.count - offset) { t[offset + i] = s[i] }
                }
            }
            return
        }
        let rank = shape.count
        var strides = [Int](repeating: 1, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * paddedShape[d + 1] }
        var index = [Int](repeating: 0, count: rank)
        for v in source {
            var position = offset
            for d in 0..<rank { position += index[d] * strides[d] }
            target[position] = v
            var d = rank - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
    }
}
