import L2LOptimizers
import L2LOptimizees

/// One inner run's per-iteration arrays in contiguous row-major buffers, packed where the run
/// was computed (``Experiment/execute(_:)``, on the evaluating thread, while its records are
/// still in cache) so that the recorder only concatenates them (``RunBlock``).
///
/// Stacking a generation straight from its `IterationRecord`s was most of the recorder's work:
/// every record is a handful of small heap arrays, scattered, read once per column. Each buffer
/// here is padded to this run's own widest row; the block pads again to the widest run, with
/// the same fill values, so the stacked arrays are the same bit for bit (`RunBlockTests`).
struct PackedRun: Sendable {
    /// Iterations recorded (`InnerRunResult.iterations.count`): a pack of another length is stale.
    var iterations: Int
    /// The run's parameter count (``RunBlock`` pads `best_x` and `candidates` to the largest).
    var dimension: Int
    /// The most candidates in any of its iterations, whatever drove the run.
    var population: Int
    /// (iteration, population): fitness told, NaN-padded. Empty unless an optimizer drove the run.
    var fitness: [Double] = []
    /// (iteration, population): evaluation statuses, padded with ``RunBlock/fillStatus``.
    var status: [UInt8] = []
    /// Row width of `bestX`: the longest incumbent of any iteration.
    var bestXWidth = 0
    /// (iteration, bestXWidth): the incumbent after each iteration, NaN-padded.
    var bestX: [Double] = []
    /// Row width of `candidates`: the longest candidate of any iteration that kept them.
    var candidateWidth = 0
    /// (iteration, population, candidateWidth): the candidates, NaN where an iteration kept none.
    var candidates: [Double] = []
    /// The optimizer's state arrays, in the order the run first recorded them.
    var states: [State] = []
    /// False when the run's state arrays do what this form cannot repeat exactly (an array whose
    /// rank changes, or one named twice in an iteration): the block then stacks from the records.
    var regular = true

    /// Every occurrence of one state array in the run.
    struct State: Sendable {
        var name: String
        var axes: [String]
        /// The largest shape of its occurrences (each padded to it with NaN in `values`).
        var shape: [Int]
        var description: String
        var units: String
        /// Whether the run's first iteration has it; one that appears later only is sparse
        /// (ENOMAD's per-generation record), stored by occurrence rather than by iteration.
        var presentAtStart: Bool
        /// (occurrence, shape), row-major.
        var values: [Double]
        /// The iteration of each occurrence.
        var iterationOf: [Int]
    }

    /// Packs `result`'s iteration records.
    init(_ result: InnerRunResult) {
        iterations = result.iterations.count
        dimension = result.recordedDimension
        var population = 0, bestXWidth = 0, candidateWidth = 0
        result.iterations.withUnsafeBufferPointer { records in
            for record in records {
                population = max(population, record.fitness.count)
                bestXWidth = max(bestXWidth, record.incumbent?.point.count ?? 0)
                if record.candidates.count == record.fitness.count {
                    for x in record.candidates { candidateWidth = max(candidateWidth, x.count) }
                }
            }
        }
        self.population = population
        if result.kind == .optimizer, iterations > 0 {
            packOptimizerRows(result, bestXWidth: bestXWidth, candidateWidth: candidateWidth)
        }
        packStates(result)
    }

    private mutating func packOptimizerRows(_ result: InnerRunResult, bestXWidth: Int, candidateWidth: Int) {
        let population = population, iterations = iterations
        var fitness = [Double](repeating: RunBlock.fillDouble, count: iterations * population)
        var status = [UInt8](repeating: RunBlock.fillStatus, count: iterations * population)
        var bestX = [Double](repeating: RunBlock.fillDouble, count: iterations * bestXWidth)
        var candidates = [Double](repeating: RunBlock.fillDouble, count: iterations * population * candidateWidth)
        result.iterations.withUnsafeBufferPointer { records in
            for i in records.indices {
                let row = i * population
                records[i].fitness.withUnsafeBufferPointer { f in
                    for j in f.indices { fitness[row + j] = f[j] }
                    if i < result.statuses.count, result.statuses[i].count == f.count {
                        result.statuses[i].withUnsafeBufferPointer { s in
                            for j in s.indices { status[row + j] = s[j].rawValue }
                        }
                    } else {
                        for j in f.indices { status[row + j] = EvaluationStatus.ok.rawValue }
                    }
                }
                if let point = records[i].incumbent?.point {
                    point.withUnsafeBufferPointer { p in
                        for d in p.indices { bestX[i * bestXWidth + d] = p[d] }
                    }
                }
                guard candidateWidth > 0, records[i].candidates.count == records[i].fitness.count else { continue }
                records[i].candidates.withUnsafeBufferPointer { xs in
                    for j in xs.indices {
                        let base = (row + j) * candidateWidth
                        xs[j].withUnsafeBufferPointer { x in
                            for d in x.indices { candidates[base + d] = x[d] }
                        }
                    }
                }
            }
        }
        self.fitness = fitness
        self.status = status
        self.bestXWidth = bestXWidth
        self.bestX = bestX
        self.candidateWidth = candidateWidth
        self.candidates = candidates
    }

    /// Two passes over the run's snapshots: shapes and occurrences, then the values.
    private mutating func packStates(_ result: InnerRunResult) {
        var index: [String: Int] = [:]
        var rank: [Int] = []
        var count: [Int] = []
        var lastIteration: [Int] = []
        result.iterations.withUnsafeBufferPointer { records in
            for i in records.indices {
                records[i].snapshot.withUnsafeBufferPointer { arrays in
                    for a in arrays.indices {
                        if let s = index[arrays[a].name] {
                            if rank[s] != arrays[a].shape.count || lastIteration[s] == i { regular = false; continue }
                            for d in 0..<rank[s] where arrays[a].shape[d] > states[s].shape[d] { states[s].shape[d] = arrays[a].shape[d] }
                            count[s] += 1
                            lastIteration[s] = i
                        } else {
                            index[arrays[a].name] = states.count
                            states.append(State(
                                name: arrays[a].name, axes: LabelledGroup.distinct(arrays[a].axes.map(RunBlock.axisName)),
                                shape: arrays[a].shape, description: arrays[a].description, units: arrays[a].units,
                                presentAtStart: i == 0, values: [], iterationOf: []))
                            rank.append(arrays[a].shape.count)
                            count.append(1)
                            lastIteration.append(i)
                        }
                    }
                }
            }
        }
        guard regular, !states.isEmpty else { return }
        let sizes = states.map { $0.shape.reduce(1, *) }
        for s in states.indices {
            states[s].values = [Double](repeating: RunBlock.fillDouble, count: count[s] * sizes[s])
            states[s].iterationOf.reserveCapacity(count[s])
        }
        result.iterations.withUnsafeBufferPointer { records in
            for i in records.indices {
                records[i].snapshot.withUnsafeBufferPointer { arrays in
                    for a in arrays.indices {
                        let s = index[arrays[a].name]!
                        let occurrence = states[s].iterationOf.count
                        RunBlock.place(arrays[a].values, shape: arrays[a].shape, into: &states[s].values,
                                       at: occurrence * sizes[s], paddedShape: states[s].shape)
                        states[s].iterationOf.append(i)
                    }
                }
            }
        }
    }
}
