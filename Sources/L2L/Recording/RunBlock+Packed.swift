import L2LOptimizers
import L2LOptimizees

/// Stacking from each run's ``PackedRun``: the recorder concatenates contiguous per-run rows,
/// padding them to the widest run, instead of walking every iteration record once per column.
extension RunBlock {
    /// Appends the (run, iteration, …) columns of runs of the given kinds from their packs, or
    /// returns false with nothing appended when the packs cannot give exactly the arrays the
    /// records would (``stackRecords(_:iterations:recordCandidates:)`` then does it).
    mutating func stackPacked(
        _ packs: [PackedRun], kinds: [InnerRunResult.Kind], curves: [[Double]], iterations: Int, recordCandidates: Bool
    ) -> Bool {
        guard packs.allSatisfy(\.regular), let states = StateEntry.merge(packs, iterations: iterations) else { return false }
        let n = packs.count
        let dimension = packs.map(\.dimension).max() ?? 0
        let population = packs.map(\.population).max() ?? 0
        let optimizer = kinds.contains(.optimizer)
        for (name, kind) in [("best_fitness", InnerRunResult.Kind.optimizer), ("learning_curve", .lifetime)] where kinds.contains(kind) {
            var values = [Double](repeating: Self.fillDouble, count: n * iterations)
            values.withUnsafeMutableBufferPointer { target in
                for k in 0..<n where kinds[k] == kind {
                    curves[k].withUnsafeBufferPointer { source in
                        for i in 0..<min(iterations, source.count) { target[k * iterations + i] = source[i] }
                    }
                }
            }
            columns.append(Column(name: name, axes: ["run", "iteration"], shape: [n, iterations], values: .double(values),
                                  description: Self.describe(name)))
        }
        if optimizer, dimension > 0 {
            let values = Self.stack(packs, fill: Self.fillDouble, iterations: iterations, rows: 1, width: dimension) { ($0.bestX, 1, $0.bestXWidth) }
            columns.append(Column(name: "best_x", axes: ["run", "iteration", "parameter"], shape: [n, iterations, dimension],
                                  values: .double(values), description: Self.describe("best_x")))
        }
        if optimizer, population > 0 {
            let fitness = Self.stack(packs, fill: Self.fillDouble, iterations: iterations, rows: 1, width: population) { ($0.fitness, 1, $0.population) }
            columns.append(Column(name: "fitness", axes: ["run", "iteration", "candidate"], shape: [n, iterations, population],
                                  values: .double(fitness), description: Self.describe("fitness")))
            let status = Self.stack(packs, fill: Self.fillStatus, iterations: iterations, rows: 1, width: population) { ($0.status, 1, $0.population) }
            columns.append(Column(name: "evaluation_status", axes: ["run", "iteration", "candidate"], shape: [n, iterations, population],
                                  values: .uint8(status), description: Self.statusDescription))
            if recordCandidates, dimension > 0 {
                let values = Self.stack(packs, fill: Self.fillDouble, iterations: iterations * population, rows: population, width: dimension) {
                    ($0.candidates, $0.population, $0.candidateWidth)
                }
                columns.append(Column(name: "candidates", axes: ["run", "iteration", "candidate", "parameter"],
                                      shape: [n, iterations, population, dimension], values: .double(values),
                                      description: Self.describe("candidates")))
            }
        }
        for entry in states { columns += entry.stacked(packs, iterations: iterations) }
        return true
    }

    /// (run, `slots`, `width`) values: run k's `rows(pack)` holds (iteration, rows_k, width_k)
    /// row-major; each of its rows is copied to the start of a `width`-long row, padded with
    /// `fill`. `slots` = iterations × rows, the rows of one run in the result.
    private static func stack<T>(
        _ packs: [PackedRun], fill: T, iterations slots: Int, rows: Int, width: Int,
        rowsOf: (PackedRun) -> (values: [T], rows: Int, width: Int)
    ) -> [T] {
        var values = [T](repeating: fill, count: packs.count * slots * width)
        values.withUnsafeMutableBufferPointer { target in
            for (k, pack) in packs.enumerated() {
                let (source, rowsK, widthK) = rowsOf(pack)
                guard !source.isEmpty, widthK > 0 else { continue }
                let copied = min(width, widthK)
                source.withUnsafeBufferPointer { s in
                    for i in 0..<(s.count / (rowsK * widthK)) {
                        for j in 0..<rowsK {
                            let from = (i * rowsK + j) * widthK
                            let to = ((k * slots) + i * rows + j) * width
                            for d in 0..<copied { target[to + d] = s[from + d] }
                        }
                    }
                }
            }
        }
        return values
    }

    /// One `state_<name>` array over the runs of a block, merged from the runs' packs.
    private struct StateEntry {
        var name: String, axes: [String], shape: [Int], description: String, units: String
        var sparse = false
        /// Rows per run: the iterations (dense) or the most occurrences in a run (sparse).
        var occurrences = 0
        /// Per run: the index of this array in its pack's `states`, if it has it.
        var positions: [Int?]

        /// The entries in the order the runs first recorded them, or nil where an array's rank
        /// differs between runs (the records keep the first run's; the packs cannot).
        static func merge(_ packs: [PackedRun], iterations: Int) -> [StateEntry]? {
            var entries: [StateEntry] = []
            var index: [String: Int] = [:]
            for (k, pack) in packs.enumerated() {
                for (s, state) in pack.states.enumerated() {
                    let e: Int
                    if let known = index[state.name] {
                        e = known
                        guard entries[e].shape.count == state.shape.count else { return nil }
                        for d in state.shape.indices where state.shape[d] > entries[e].shape[d] { entries[e].shape[d] = state.shape[d] }
                    } else {
                        e = entries.count
                        index[state.name] = e
                        entries.append(StateEntry(name: state.name, axes: state.axes, shape: state.shape, description: state.description,
                                                  units: state.units, positions: Array(repeating: nil, count: packs.count)))
                    }
                    entries[e].positions[k] = s
                    if !state.presentAtStart { entries[e].sparse = true }
                    entries[e].occurrences = max(entries[e].occurrences, state.iterationOf.count)
                }
            }
            for e in entries.indices where !entries[e].sparse { entries[e].occurrences = iterations }
            return entries
        }

        /// `state_<name>` (run, iteration | occurrence, …), and for a sparse array its
        /// `state_<name>_iteration` (run, occurrence).
        func stacked(_ packs: [PackedRun], iterations: Int) -> [Column] {
            let n = packs.count, size = shape.reduce(1, *)
            var values = [Double](repeating: fillDouble, count: n * occurrences * size)
            var at = sparse ? [Int64](repeating: fillInteger, count: n * occurrences) : []
            for (k, position) in positions.enumerated() {
                guard let position else { continue }
                let state = packs[k].states[position]
                let localSize = state.shape.reduce(1, *)
                state.values.withUnsafeBufferPointer { source in
                    values.withUnsafeMutableBufferPointer { target in
                        for (o, iteration) in state.iterationOf.enumerated() {
                            let row = sparse ? o : iteration
                            RunBlock.copy(source, from: o * localSize, shape: state.shape, into: target,
                                          at: (k * occurrences + row) * size, paddedShape: shape)
                            if sparse { at[k * occurrences + row] = Int64(iteration) }
                        }
                    }
                }
            }
            guard !values.isEmpty || size == 0 else { return [] }
            var columns = [Column(name: "state_" + name, axes: ["run", sparse ? "occurrence" : "iteration"] + axes,
                                  shape: [n, occurrences] + shape, values: .double(values), description: description, units: units)]
            if sparse {
                columns.append(Column(name: "state_\(name)_iteration", axes: ["run", "occurrence"], shape: [n, occurrences],
                                      values: .int64(at), description: "the iteration of each occurrence of state_\(name) (−1: none)"))
            }
            return columns
        }
    }

    /// Copies a row-major `shape` array starting at `source[from]` into the region of a larger
    /// row-major `paddedShape` array starting at `target[offset]`, a last-axis row at a time.
    static func copy(
        _ source: UnsafeBufferPointer<Double>, from: Int, shape: [Int], into target: UnsafeMutableBufferPointer<Double>,
        at offset: Int, paddedShape: [Int]
    ) {
        let count = shape.reduce(1, *)
        guard count > 0 else { return }
        if shape == paddedShape {
            for i in 0..<count { target[offset + i] = source[from + i] }
            return
        }
        let rank = shape.count
        let width = shape[rank - 1], paddedWidth = paddedShape[rank - 1]
        var index = [Int](repeating: 0, count: max(0, rank - 1))
        for row in 0..<(count / width) {
            var position = 0
            for d in 0..<(rank - 1) { position = position * paddedShape[d] + index[d] }
            position = offset + position * paddedWidth
            let start = from + row * width
            for i in 0..<width { target[position + i] = source[start + i] }
            var d = rank - 2
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
    }
}
