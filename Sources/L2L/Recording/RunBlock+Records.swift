import L2LOptimizers
import L2LOptimizees

/// Stacking straight from the iteration records: the way ``RunBlock`` takes when a run's
/// ``PackedRun`` cannot repeat it exactly (a state array whose rank changes between iterations
/// or runs, or one named twice in an iteration). Slower: each column walks every record.
extension RunBlock {
    /// Appends the (run, iteration, …) columns of `results`, `iterations` long.
    mutating func stackRecords(_ results: [InnerRunResult], iterations: Int, recordCandidates: Bool) {
        let n = results.count
        let dimension = results.map(\.recordedDimension).max() ?? 0
        let population = results.flatMap { $0.iterations.map { $0.fitness.count } }.max() ?? 0
        let lifetime = results.contains { $0.kind == .lifetime }
        let optimizer = results.contains { $0.kind == .optimizer }
        if optimizer {
            columns.append(curve("best_fitness", results, of: .optimizer, iterations: iterations,
                                 description: Self.describe("best_fitness")))
        }
        if lifetime {
            columns.append(curve("learning_curve", results, of: .lifetime, iterations: iterations,
                                 description: Self.describe("learning_curve")))
        }
        if optimizer, dimension > 0 {
            columns.append(padded("best_x", results, axes: ["run", "iteration", "parameter"], shape: [iterations, dimension],
                                  description: Self.describe("best_x")) { $0.incumbent?.point ?? [] })
        }
        if optimizer, population > 0 {
            columns.append(padded("fitness", results, axes: ["run", "iteration", "candidate"], shape: [iterations, population],
                                  description: Self.describe("fitness")) { $0.fitness })
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
                                      description: Self.describe("candidates")))
            }
        }
        appendState(results, iterations: iterations)
    }




    /// A (run, iteration, …) double column of the optimizer runs: `row(record)` gives an
    /// iteration's values (row-major; shorter rows, missing iterations and lifetime runs padded with NaN).
    fileprivate func padded(
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
    fileprivate func curve(
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
    fileprivate mutating func appendState(_ results: [InnerRunResult], iterations: Int) {
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

}

extension InnerRunResult {
    /// The width of the run's parameter axis in `/runs` (its best point's, else its first
    /// candidate's): one rule for the records' path and the packs'.
    var recordedDimension: Int {
        bestPoint?.count ?? iterations.lazy.compactMap(\.candidates.first?.count).first ?? 0
    }
}
