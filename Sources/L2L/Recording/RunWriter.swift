import HDF5
import L2LOptimizers
import L2LOptimizees

/// Writes one inner run as a group of labelled datasets (layout in docs/file-format.md).
enum RunWriter {
    static func write(_ run: InnerRunResult, into parent: HDF5Group, recordCandidates: Bool) throws {
        // Compact attributes: a run group is copied out of its part file when the run finishes.
        let group = LabelledGroup(try parent.createGroup(run.coordinates.groupName, compactAttributes: 1024), defersScales: true)
        try writeContents(run, into: group, recordCandidates: recordCandidates)
        try group.attachDeferredScales()
    }

    private static func writeContents(_ run: InnerRunResult, into group: LabelledGroup, recordCandidates: Bool) throws {
        let c = run.coordinates
        let g = group.group
        try g.setAttribute("phase", .string(c.phase.rawValue))
        try g.setAttribute("kind", .string(run.kind.rawValue))
        try g.setAttribute("generation", .int(Int64(c.generation)))
        try g.setAttribute("individual", .int(Int64(c.individual)))
        try g.setAttribute("task", .int(Int64(c.taskIndex)))
        try g.setAttribute("task_seed", .int(Int64(bitPattern: c.taskSeed)))
        try g.setAttribute("repeat", .int(Int64(c.repeatIndex)))
        try g.setAttribute("final_best_fitness", .double(run.finalBest))
        try g.setAttribute("evaluations", .int(Int64(run.evaluations)))
        try g.setAttribute("failure", .string(run.failure ?? ""))
        try g.setAttribute("failed_evaluations", .int(Int64(run.failedEvaluations)))
        try g.setAttribute("first_evaluation_failure", .string(run.firstEvaluationFailure ?? ""))
        try g.setAttribute("stop_reasons", .string(run.stopReasons.joined(separator: "; ")))
        // Early stopping (outer.early_stopping): "stopped" at the rung `stopped_at_iteration`, else "completed" (0).
        try g.setAttribute("status", .string(run.stoppedAtIteration == nil ? "completed" : "stopped"))
        try g.setAttribute("stopped_at_iteration", .int(Int64(run.stoppedAtIteration ?? 0)))
        for (name, value) in run.metrics.sorted(by: { $0.key < $1.key }) {
            try g.setAttribute("metric_\(name)", .double(value))
        }
        if !run.artifacts.isEmpty {
            let final = LabelledGroup(try g.createGroup("final"), defersScales: true)
            for array in run.artifacts {
                try final.write(array.name, shape: array.shape, axes: array.axes, values: array.values,
                                description: array.description, units: array.units)
            }
            try final.attachDeferredScales()
        }

        let records = run.iterations
        guard let first = records.first else { return }
        let iterations = records.count
        let dimension = run.bestPoint?.count ?? records.lazy.compactMap(\.candidates.first?.count).first ?? 0
        if run.kind == .lifetime {
            try group.write("learning_curve", shape: [iterations], axes: ["iteration"], values: run.bestCurve,
                            description: "fitness of each step of the lifetime (trial or mini-batch)")
            try writeState(records, into: g)
            return
        }
        try group.write("best_fitness", shape: [iterations], axes: ["iteration"], values: run.bestCurve,
                        description: "best finite fitness so far (−inf before any)")
        if dimension > 0 {
            let best = records.flatMap { $0.incumbent?.point ?? Array(repeating: .nan, count: dimension) }
            try group.write("best_x", shape: [iterations, dimension], axes: ["iteration", "parameter"], values: best,
                            description: "encoded parameters of the best point so far")
        }
        let statuses = run.statuses.count == iterations ? run.statuses : records.map { Array(repeating: .ok, count: $0.fitness.count) }
        let withCandidates = recordCandidates && dimension > 0
            && records.allSatisfy { $0.candidates.count == $0.fitness.count }
        let population = first.fitness.count
        if records.allSatisfy({ $0.fitness.count == population }) {
            try writeRectangular(records, statuses: statuses, into: group, population: population,
                                 dimension: withCandidates ? dimension : 0)
        } else {
            try writeRagged(records, statuses: statuses, into: group, dimension: withCandidates ? dimension : 0)
        }
        try writeState(records, into: g)
    }

    /// `state/<name>` (I, …): the per-iteration state arrays, when they were recorded. An array
    /// absent from the first iteration's snapshot is sparse (ENOMAD's per-generation record):
    /// `state/<name>` (R, …) holds its R occurrences with the shape of the first one, and
    /// `state/<name>_iteration` (R) the iteration of each.
    private static func writeState(_ records: [IterationRecord], into g: HDF5Group) throws {
        guard let first = records.first, !first.snapshot.isEmpty else { return }
        let iterations = records.count
        let state = LabelledGroup(try g.createGroup("state"), defersScales: true)
        for (index, array) in first.snapshot.enumerated() {
            let values = records.flatMap { record in
                index < record.snapshot.count && record.snapshot[index].values.count == array.values.count
                    ? record.snapshot[index].values : Array(repeating: .nan, count: array.values.count)
            }
            try state.write(array.name, shape: [iterations] + array.shape, axes: ["iteration"] + array.axes,
                            values: values, description: array.description, units: array.units)
        }
        let dense = Set(first.snapshot.map(\.name))
        var sparse: [(array: RecordedArray, iterations: [Int64], values: [Double])] = []
        var position: [String: Int] = [:]
        for (i, record) in records.enumerated() {
            for array in record.snapshot where !dense.contains(array.name) {
                let k = position[array.name] ?? sparse.count
                if k == sparse.count {
                    position[array.name] = k
                    sparse.append((array, [], []))
                }
                guard array.values.count == sparse[k].array.values.count else { continue }
                sparse[k].iterations.append(Int64(i))
                sparse[k].values += array.values
            }
        }
        for entry in sparse {
            let a = entry.array, count = entry.iterations.count
            try state.write(a.name, shape: [count] + a.shape, axes: ["occurrence"] + a.axes, values: entry.values,
                            description: a.description, units: a.units)
            try state.write(a.name + "_iteration", shape: [count], axes: ["occurrence"], values: entry.iterations,
                            description: "the iteration of each occurrence of \(a.name)")
        }
        try state.attachDeferredScales()
    }

    /// Every iteration has the same batch size: (iteration, candidate) arrays.
    private static func writeRectangular(
        _ records: [IterationRecord], statuses: [[EvaluationStatus]], into group: LabelledGroup, population: Int, dimension: Int
    ) throws {
        let iterations = records.count
        try group.write("fitness", shape: [iterations, population], axes: ["iteration", "candidate"],
                        values: records.flatMap(\.fitness), description: fitnessDescription)
        try group.write("evaluation_status", shape: [iterations, population], axes: ["iteration", "candidate"],
                        values: statuses.flatMap { $0.map(\.rawValue) }, description: statusDescription)
        if dimension > 0 {
            try group.write("candidates", shape: [iterations, population, dimension],
                            axes: ["iteration", "candidate", "parameter"],
                            values: records.flatMap { $0.candidates.flatMap { $0 } },
                            description: "encoded parameters of every candidate")
        }
    }

    /// Batch sizes differ between iterations (MADS polls, ENOMAD): one row per evaluation,
    /// with `evaluation_iteration` saying which iteration it belongs to.
    private static func writeRagged(
        _ records: [IterationRecord], statuses: [[EvaluationStatus]], into group: LabelledGroup, dimension: Int
    ) throws {
        let count = records.reduce(0) { $0 + $1.fitness.count }
        try group.write("evaluation_iteration", shape: [count], axes: ["evaluation"],
                        values: records.enumerated().flatMap { i, r in Array(repeating: Int64(i), count: r.fitness.count) },
                        description: "the iteration each evaluation belongs to (batch sizes vary)")
        try group.write("fitness", shape: [count], axes: ["evaluation"], values: records.flatMap(\.fitness),
                        description: fitnessDescription)
        try group.write("evaluation_status", shape: [count], axes: ["evaluation"],
                        values: zip(records, statuses).flatMap { r, s in
                            s.count == r.fitness.count ? s.map(\.rawValue) : Array(repeating: 0, count: r.fitness.count)
                        },
                        description: statusDescription)
        if dimension > 0 {
            try group.write("candidates", shape: [count, dimension], axes: ["evaluation", "parameter"],
                            values: records.flatMap { $0.candidates.flatMap { $0 } },
                            description: "encoded parameters of every evaluated point")
        }
    }

    private static let fitnessDescription = "fitness told to the optimizer (maximized; −inf = failed evaluation)"
    private static let statusDescription =
        "0 ok, 1 the optimizee threw, 2 non-finite fitness, 3 time limit exceeded; failures were told as −inf"
}
