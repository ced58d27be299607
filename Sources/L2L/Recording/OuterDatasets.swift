import HDF5
import L2LOptimizers
import L2LOptimizees

/// The extendible per-generation datasets of `/outer` and `/outer/state`, opened or created.
struct OuterDatasets {
    var generation: HDF5Dataset
    var hyperparameters: HDF5Dataset
    var encoded: HDF5Dataset
    var fitness: HDF5Dataset
    var failed: HDF5Dataset
    var failedRuns: HDF5Dataset
    var failedEvaluations: HDF5Dataset
    var runFinalFitness: HDF5Dataset
    var bestFitness: HDF5Dataset
    var bestHyperparameters: HDF5Dataset
    var generationBestFitness: HDF5Dataset
    var meanFitness: HDF5Dataset
    var stateGeneration: HDF5Dataset
    var state: [String: HDF5Dataset]
    var population: Int

    /// Opens the datasets of an existing `/outer`, or creates them at the first generation,
    /// when the population and the optimizer's state arrays are known.
    static func openOrCreate(
        in outerGroup: HDF5Group, population: Int, snapshot: [RecordedArray], hyperparameters h: Int,
        tasks: Int, repeats: Int, fitnessName: String
    ) throws -> OuterDatasets {
        let stateGroup = try outerGroup.openGroup("state")
        if outerGroup.contains("fitness") {
            func open(_ name: String) throws -> HDF5Dataset { try outerGroup.openDataset(name) }
            let fitness = try open("fitness")
            guard fitness.shape.count == 2, fitness.shape[1] == population else {
                throw RecordingError.shapeChanged(dataset: fitness.name, expected: Array(fitness.shape.dropFirst()), got: [population])
            }
            var state: [String: HDF5Dataset] = [:]
            for array in snapshot where stateGroup.contains(array.name) {
                state[array.name] = try stateGroup.openDataset(array.name)
            }
            return OuterDatasets(
                generation: try open("generation"), hyperparameters: try open("hyperparameters"),
                encoded: try open("encoded"), fitness: fitness, failed: try open("failed"),
                failedRuns: try open("failed_runs"), failedEvaluations: try open("failed_evaluations"),
                runFinalFitness: try open("run_final_fitness"),
                bestFitness: try open("best_fitness"), bestHyperparameters: try open("best_hyperparameters"),
                generationBestFitness: try open("generation_best_fitness"), meanFitness: try open("mean_fitness"),
                stateGeneration: try stateGroup.openDataset("generation"), state: state, population: population)
        }

        let outer = LabelledGroup(outerGroup), outerState = LabelledGroup(stateGroup)
        let generation = try generationScale(in: outerGroup)
        let stateGeneration = try generationScale(in: stateGroup)
        func grow<T: HDF5Element>(
            _ group: LabelledGroup, _ name: String, _ type: T.Type, _ rowShape: [Int], _ axes: [String],
            _ description: String, fill: T? = nil
        ) throws -> HDF5Dataset {
            let dataset = try group.extendible(
                name, of: type, rowShape: rowShape, axes: ["generation"] + axes, description: description, fillValue: fill)
            try dataset.attachDimensionScale(group === outer ? generation : stateGeneration, axis: 0)
            return dataset
        }
        var state: [String: HDF5Dataset] = [:]
        for array in snapshot {
            state[array.name] = try grow(outerState, array.name, Double.self, array.shape, array.axes, array.description)
        }
        return OuterDatasets(
            generation: generation,
            hyperparameters: try grow(outer, "hyperparameters", Double.self, [population, h], ["individual", "hyperparameter"],
                                      "natural value of each hyperparameter (a choice: its index)"),
            encoded: try grow(outer, "encoded", Double.self, [population, h], ["individual", "hyperparameter"],
                              "the outer optimizer's encoded coordinates (log for log_uniform)"),
            fitness: try grow(outer, "fitness", Double.self, [population], ["individual"],
                              "outer fitness (\(fitnessName) over train tasks × repeats; −inf = failed)"),
            failed: try grow(outer, "failed", UInt8.self, [population], ["individual"],
                             "1 if the hyperparameter set was invalid or any of its inner runs failed"),
            failedRuns: try grow(outer, "failed_runs", Int32.self, [population], ["individual"], "inner runs that failed"),
            failedEvaluations: try grow(outer, "failed_evaluations", Int32.self, [population], ["individual"],
                                        "evaluations of its inner runs that failed (error, non-finite, time limit)"),
            runFinalFitness: try grow(outer, "run_final_fitness", Double.self, [population, tasks, repeats],
                                      ["individual", "task", "repeat"], "best fitness each inner run reached", fill: .nan),
            bestFitness: try grow(outer, "best_fitness", Double.self, [], [], "best outer fitness so far"),
            bestHyperparameters: try grow(outer, "best_hyperparameters", Double.self, [h], ["hyperparameter"],
                                          "hyperparameters of the best individual so far"),
            generationBestFitness: try grow(outer, "generation_best_fitness", Double.self, [], [],
                                            "best outer fitness within this generation"),
            meanFitness: try grow(outer, "mean_fitness", Double.self, [], [], "mean finite outer fitness of this generation"),
            stateGeneration: stateGeneration, state: state, population: population)
    }

    /// Appends one generation's row to every dataset.
    func append(
        _ record: IterationRecord, outcomes: [IndividualOutcome], runs: [InnerRunResult],
        hyperparameters: HyperparameterSpace, tasks: Int, repeats: Int
    ) throws {
        let p = population, h = hyperparameters.entries.count
        try generation.append([Int64(record.iteration)])
        try self.hyperparameters.append(outcomes.flatMap(\.values))
        try encoded.append(record.candidates.flatMap { $0 })
        try fitness.append(record.fitness)
        try failed.append(outcomes.map { UInt8($0.failure != nil || $0.failedRuns > 0 ? 1 : 0) })
        try failedRuns.append(outcomes.map { Int32($0.failedRuns) })
        var evaluationFailures = [Int32](repeating: 0, count: p)
        for run in runs { evaluationFailures[run.coordinates.individual] += Int32(run.failedEvaluations) }
        try failedEvaluations.append(evaluationFailures)
        var finals = [Double](repeating: .nan, count: p * tasks * repeats)
        for run in runs {
            let c = run.coordinates
            finals[(c.individual * tasks + c.taskIndex) * repeats + c.repeatIndex] = run.finalBest
        }
        try runFinalFitness.append(finals)
        try bestFitness.append([record.incumbent?.fitness ?? -.infinity])
        try bestHyperparameters.append(
            record.incumbent.map { hyperparameters.naturalValues($0.point) } ?? Array(repeating: .nan, count: h))
        let finite = record.fitness.filter(\.isFinite)
        try generationBestFitness.append([finite.max() ?? -.infinity])
        try meanFitness.append([finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)])
        try stateGeneration.append([Int64(record.iteration)])
        for array in record.snapshot {
            try state[array.name]?.append(array.values)
        }
    }

    /// An extendible `generation` dimension scale in `group`, appended to with every row.
    private static func generationScale(in group: HDF5Group) throws -> HDF5Dataset {
        let scale = try group.createExtendibleDataset("generation", of: Int64.self, rowShape: [], chunkRows: 256)
        try scale.makeDimensionScale(name: "generation")
        try scale.setAttribute("description", .string("outer generation index"))
        try scale.setAttribute("units", .string("1"))
        return scale
    }
}
