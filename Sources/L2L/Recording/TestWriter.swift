import HDF5
import L2LNumerics
import L2LOptimizees

/// Writes `/test`: the best hyperparameters and the spec's own, re-run on held-out tasks, as
/// (task, repeat) tables; the runs themselves are rows of `/runs` with phase `test` and `baseline`.
enum TestWriter {
    static func write(
        into root: HDF5Group, spec: ExperimentSpec, hyperparameters: HyperparameterSpace,
        best: (values: [Double], fitness: Double, generation: Int)?, tuned: [InnerRunResult], baseline: [InnerRunResult]
    ) throws {
        let test = LabelledGroup(try root.createGroup("test"))
        let t = spec.tasks.test.count, r = spec.tasks.repeats, h = hyperparameters.entries.count
        try test.write("task_seed", shape: [t], axes: ["task"], values: spec.tasks.test.seeds.map { Int64(bitPattern: $0) },
                       description: "seed that defines each held-out task")
        try test.writeStrings("hyperparameter_name", axis: "hyperparameter", values: hyperparameters.paths,
                              description: "dotted spec path of each tuned hyperparameter")
        try test.write("best_hyperparameters", shape: [h], axes: ["hyperparameter"],
                       values: best?.values ?? Array(repeating: .nan, count: h),
                       description: "the best hyperparameters of the outer loop, re-run here")
        try test.group.setAttribute("best_outer_fitness", .double(best?.fitness ?? -.infinity))
        try test.group.setAttribute("best_generation", .int(Int64(best?.generation ?? -1)))
        for (prefix, family, label) in [("", tuned, "tuned"), ("baseline_", baseline, "baseline (the spec's own hyperparameters)")] {
            var finals = [Double](repeating: .nan, count: t * r)
            let iterations = family.map(\.bestCurve.count).max() ?? 0
            var curves = [Double](repeating: .nan, count: t * r * iterations)
            for run in family {
                let i = run.coordinates.taskIndex * r + run.coordinates.repeatIndex
                finals[i] = run.finalBest
                for (k, value) in run.bestCurve.enumerated() { curves[i * iterations + k] = value }
            }
            try test.write("\(prefix)final_fitness", shape: [t, r], axes: ["task", "repeat"], values: finals,
                           description: "best fitness of each held-out run, \(label)")
            // The optimizee's final metrics (e.g. `test_accuracy` on each task's held-out samples).
            for metric in Set(family.flatMap(\.metrics.keys)).sorted() {
                var values = [Double](repeating: .nan, count: t * r)
                for run in family { values[run.coordinates.taskIndex * r + run.coordinates.repeatIndex] = run.metrics[metric] ?? .nan }
                try test.write("\(prefix)metric_\(metric)", shape: [t, r], axes: ["task", "repeat"], values: values,
                               description: "\(metric) of each held-out run's final parameters, \(label)")
                try test.group.setAttribute("\(prefix)mean_\(metric)", .double(Statistics.mean(values)))
            }
            try test.write("\(prefix)best_curve", shape: [t, r, iterations],
                           axes: ["task", "repeat", prefix.isEmpty ? "iteration" : "baseline_iteration"], values: curves,
                           description: "best fitness so far per inner iteration, \(label); NaN after a run ended")
            let allFinite = !finals.isEmpty && finals.allSatisfy(\.isFinite)
            try test.group.setAttribute(
                "\(prefix)mean_fitness", .double(allFinite ? finals.reduce(0, +) / Double(finals.count) : -.infinity))
        }
    }
}
