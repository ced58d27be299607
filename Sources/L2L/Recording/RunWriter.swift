import HDF5
import L2LOptimizers

/// Writes one inner run as a group of labelled datasets (layout in docs/file-format.md).
enum RunWriter {
    static func write(_ run: InnerRunResult, into parent: HDF5Group, recordCandidates: Bool) throws {
        let c = run.coordinates
        let group = LabelledGroup(try parent.createGroup(c.groupName))
        let g = group.group
        try g.setAttribute("phase", .string(c.phase.rawValue))
        try g.setAttribute("generation", .int(Int64(c.generation)))
        try g.setAttribute("individual", .int(Int64(c.individual)))
        try g.setAttribute("task", .int(Int64(c.taskIndex)))
        try g.setAttribute("task_seed", .int(Int64(bitPattern: c.taskSeed)))
        try g.setAttribute("repeat", .int(Int64(c.repeatIndex)))
        try g.setAttribute("final_best_fitness", .double(run.finalBest))
        try g.setAttribute("evaluations", .int(Int64(run.evaluations)))
        try g.setAttribute("failure", .string(run.failure ?? ""))
        try g.setAttribute("stop_reasons", .string(run.stopReasons.joined(separator: "; ")))

        let records = run.iterations
        guard let first = records.first else { return }
        let iterations = records.count
        let population = first.fitness.count
        let dimension = run.bestPoint?.count ?? first.candidates.first?.count ?? 0
        guard records.allSatisfy({ $0.fitness.count == population }) else {
            throw RecordingError.shapeChanged(
                dataset: "\(parent.name)/\(c.groupName)/fitness", expected: [population],
                got: [records.first { $0.fitness.count != population }!.fitness.count])
        }
        try group.write("fitness", shape: [iterations, population], axes: ["iteration", "candidate"],
                        values: records.flatMap(\.fitness), description: "fitness of each candidate (maximized; NaN/inf = diverged)")
        try group.write("best_fitness", shape: [iterations], axes: ["iteration"], values: run.bestCurve,
                        description: "best finite fitness so far (−inf before any)")
        if dimension > 0 {
            let best = records.flatMap { $0.incumbent?.point ?? Array(repeating: .nan, count: dimension) }
            try group.write("best_x", shape: [iterations, dimension], axes: ["iteration", "parameter"], values: best,
                            description: "encoded parameters of the best point so far")
        }
        if recordCandidates, dimension > 0, records.allSatisfy({ $0.candidates.count == population }) {
            try group.write("candidates", shape: [iterations, population, dimension],
                            axes: ["iteration", "candidate", "parameter"],
                            values: records.flatMap { $0.candidates.flatMap { $0 } },
                            description: "encoded parameters of every candidate")
        }
        guard !first.snapshot.isEmpty else { return }
        let state = LabelledGroup(try g.createGroup("state"))
        for (index, array) in first.snapshot.enumerated() {
            let values = records.flatMap { record in
                index < record.snapshot.count && record.snapshot[index].values.count == array.values.count
                    ? record.snapshot[index].values : Array(repeating: .nan, count: array.values.count)
            }
            try state.write(array.name, shape: [iterations] + array.shape, axes: ["iteration"] + array.axes,
                            values: values, description: array.description, units: array.units)
        }
    }
}
