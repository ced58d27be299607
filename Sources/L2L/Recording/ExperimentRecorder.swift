import Foundation
import HDF5
import L2LOptimizers

/// The single owner of an experiment's HDF5 file: every write goes through this actor.
///
/// Layout v1 is documented in docs/file-format.md. The outer loop's datasets grow by
/// one row per generation; each generation's inner runs are written as their own
/// groups; the file is flushed after every generation, so a crash leaves a readable
/// file holding every completed generation.
actor ExperimentRecorder {
    static let formatVersion: Int64 = 1

    private let file: HDF5File
    private let spec: ExperimentSpec
    private let hyperparameters: HyperparameterSpace
    private let outer: LabelledGroup
    private let outerState: LabelledGroup
    private let runs: HDF5Group
    private let provenance: HDF5Group
    private var outerDatasets: OuterDatasets?

    /// The extendible per-generation datasets of `/outer`, created at the first generation
    /// when the population size is known.
    private struct OuterDatasets {
        var generation: HDF5Dataset
        var hyperparameters: HDF5Dataset
        var encoded: HDF5Dataset
        var fitness: HDF5Dataset
        var failed: HDF5Dataset
        var failedRuns: HDF5Dataset
        var runFinalFitness: HDF5Dataset
        var bestFitness: HDF5Dataset
        var bestHyperparameters: HDF5Dataset
        var generationBestFitness: HDF5Dataset
        var meanFitness: HDF5Dataset
        var stateGeneration: HDF5Dataset
        var state: [String: HDF5Dataset]
        var population: Int
    }

    init(path: String, spec: ExperimentSpec, hyperparameters: HyperparameterSpace) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        file = try HDF5File.create(path)
        self.spec = spec
        self.hyperparameters = hyperparameters
        let root = file.root
        try root.setAttribute("format", .string("l2l"))
        try root.setAttribute("format_version", .int(Self.formatVersion))
        try root.setAttribute("l2l_version", .string(L2LVersion.current))
        try root.setAttribute("name", .string(spec.name))
        try root.setAttribute("seed", .int(Int64(bitPattern: spec.seed)))
        try root.setAttribute("spec", .string(spec.source.text))
        try root.setAttribute("spec_file", .string(spec.source.fileName))
        try root.setAttribute("outer_optimizer", .string(spec.outer.optimizer.algorithm.identifier))
        try root.setAttribute("inner_optimizer", .string(spec.inner.algorithm.identifier))
        try root.setAttribute("outer_fitness", .string(spec.outer.fitness.rawValue))

        provenance = try root.createGroup("provenance")
        try provenance.setAttribute("created", .string(ISO8601DateFormatter().string(from: Date())))
        try provenance.setAttribute("status", .string("running"))
        try provenance.setAttribute("host", .string(ProcessInfo.processInfo.hostName))

        outer = LabelledGroup(try root.createGroup("outer"))
        outerState = LabelledGroup(try outer.group.createGroup("state"))
        runs = try root.createGroup("runs")
        try Self.writeHyperparameterTable(outer: outer, hyperparameters: hyperparameters)
        try file.flush()
    }

    private static func writeHyperparameterTable(outer: LabelledGroup, hyperparameters: HyperparameterSpace) throws {
        let count = hyperparameters.entries.count
        try outer.writeStrings(
            "hyperparameter_name", axis: "hyperparameter", values: hyperparameters.paths,
            description: "dotted spec path of each tuned hyperparameter")
        try outer.writeStrings(
            "hyperparameter_kind", axis: "hyperparameter",
            values: hyperparameters.entries.map(\.kind.name), description: "uniform, log_uniform, integer or choice")
        try outer.write(
            "hyperparameter_low", shape: [count], axes: ["hyperparameter"],
            values: hyperparameters.space.dimensions.map(\.lower), description: "lower bound (a choice: 0)")
        try outer.write(
            "hyperparameter_high", shape: [count], axes: ["hyperparameter"],
            values: hyperparameters.space.dimensions.map(\.upper), description: "upper bound (a choice: number of values − 1)")
        try outer.writeStrings(
            "hyperparameter_choices", axis: "hyperparameter",
            values: hyperparameters.entries.map(\.kind.choicesText),
            description: "for a choice, its values in index order, comma-separated; empty otherwise")
    }

    /// Appends one outer generation and writes its inner runs, then flushes.
    func recordGeneration(_ record: IterationRecord, outcomes: [IndividualOutcome], runs innerRuns: [InnerRunResult]) throws {
        let h = hyperparameters.entries.count
        let tasks = spec.tasks.train.count, repeats = spec.tasks.repeats
        if outerDatasets == nil { outerDatasets = try makeOuterDatasets(population: outcomes.count, snapshot: record.snapshot) }
        guard let d = outerDatasets else { return }
        let p = d.population
        guard outcomes.count == p else {
            throw RecordingError.shapeChanged(dataset: "/outer/fitness", expected: [p], got: [outcomes.count])
        }
        try d.generation.append([Int64(record.iteration)])
        try d.hyperparameters.append(outcomes.flatMap(\.values))
        try d.encoded.append(record.candidates.flatMap { $0 })
        try d.fitness.append(record.fitness)
        try d.failed.append(outcomes.map { UInt8($0.failure != nil || $0.failedRuns > 0 ? 1 : 0) })
        try d.failedRuns.append(outcomes.map { Int32($0.failedRuns) })
        var finals = [Double](repeating: .nan, count: p * tasks * repeats)
        for run in innerRuns {
            let c = run.coordinates
            finals[(c.individual * tasks + c.taskIndex) * repeats + c.repeatIndex] = run.finalBest
        }
        try d.runFinalFitness.append(finals)
        try d.bestFitness.append([record.incumbent?.fitness ?? -.infinity])
        try d.bestHyperparameters.append(
            record.incumbent.map { hyperparameters.naturalValues($0.point) } ?? Array(repeating: .nan, count: h))
        let finite = record.fitness.filter(\.isFinite)
        try d.generationBestFitness.append([finite.max() ?? -.infinity])
        try d.meanFitness.append([finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)])
        try d.stateGeneration.append([Int64(record.iteration)])
        for array in record.snapshot {
            guard let dataset = d.state[array.name] else { continue }
            try dataset.append(array.values)
        }
        for outcome in outcomes.enumerated() where outcome.element.failure != nil {
            try outer.group.setAttribute(
                "failure_g\(record.iteration)_i\(outcome.offset)", .string(outcome.element.failure ?? ""))
        }
        for run in innerRuns.sorted(by: { $0.coordinates < $1.coordinates }) {
            try RunWriter.write(run, into: runs, recordCandidates: spec.record.candidates)
        }
        try file.flush()
    }

    private func makeOuterDatasets(population: Int, snapshot: [RecordedArray]) throws -> OuterDatasets {
        let h = hyperparameters.entries.count
        let tasks = spec.tasks.train.count, repeats = spec.tasks.repeats
        let generation = try Self.generationScale(in: outer.group)
        let stateGeneration = try Self.generationScale(in: outerState.group)
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
                              "outer fitness (\(spec.outer.fitness.rawValue) over train tasks × repeats; −inf = failed)"),
            failed: try grow(outer, "failed", UInt8.self, [population], ["individual"],
                             "1 if the hyperparameter set was invalid or any of its inner runs failed"),
            failedRuns: try grow(outer, "failed_runs", Int32.self, [population], ["individual"], "inner runs that failed"),
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

    /// An extendible `generation` dimension scale in `group`, appended to with every row.
    private static func generationScale(in group: HDF5Group) throws -> HDF5Dataset {
        let scale = try group.createExtendibleDataset("generation", of: Int64.self, rowShape: [], chunkRows: 256)
        try scale.makeDimensionScale(name: "generation")
        try scale.setAttribute("description", .string("outer generation index"))
        try scale.setAttribute("units", .string("1"))
        return scale
    }

    /// Writes the held-out test phase.
    func recordTest(best: (values: [Double], fitness: Double, generation: Int)?, runs tuned: [InnerRunResult], baseline: [InnerRunResult]) throws {
        let test = LabelledGroup(try file.root.createGroup("test"))
        let t = spec.tasks.test.count, r = spec.tasks.repeats
        try test.write("task_seed", shape: [t], axes: ["task"], values: spec.tasks.test.seeds.map { Int64(bitPattern: $0) },
                       description: "seed that defines each held-out task")
        try test.writeStrings("hyperparameter_name", axis: "hyperparameter", values: hyperparameters.paths,
                              description: "dotted spec path of each tuned hyperparameter")
        try test.write("best_hyperparameters", shape: [hyperparameters.entries.count], axes: ["hyperparameter"],
                       values: best?.values ?? Array(repeating: .nan, count: hyperparameters.entries.count),
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
            try test.write("\(prefix)best_curve", shape: [t, r, iterations],
                           axes: ["task", "repeat", prefix.isEmpty ? "iteration" : "baseline_iteration"], values: curves,
                           description: "best fitness so far per inner iteration, \(label); NaN after a run ended")
            let finite = finals.filter(\.isFinite)
            try test.group.setAttribute("\(prefix)mean_fitness",
                                        .double(finite.count == finals.count && !finals.isEmpty ? finite.reduce(0, +) / Double(finite.count) : -.infinity))
            let group = try test.group.createGroup(prefix.isEmpty ? "runs" : "baseline")
            for run in family.sorted(by: { $0.coordinates < $1.coordinates }) {
                try RunWriter.write(run, into: group, recordCandidates: spec.record.candidates)
            }
        }
        try file.flush()
    }

    /// Marks the file complete and closes it.
    func finish(elapsedSeconds: Double, jobs: Int) throws {
        try provenance.setAttribute("status", .string("complete"))
        try provenance.setAttribute("elapsed_seconds", .double(elapsedSeconds))
        try provenance.setAttribute("jobs", .int(Int64(jobs)))
        try file.flush()
        file.close()
    }
}

/// A file could not be written the way the layout requires.
public enum RecordingError: Error, CustomStringConvertible {
    case shapeChanged(dataset: String, expected: [Int], got: [Int])

    public var description: String {
        switch self {
        case .shapeChanged(let d, let e, let g): "\(d): row shape changed from \(e) to \(g) between generations"
        }
    }
}

extension SearchKind {
    var name: String {
        switch self {
        case .uniform: "uniform"
        case .logUniform: "log_uniform"
        case .integer: "integer"
        case .choice: "choice"
        }
    }

    var choicesText: String {
        if case .choice(let values) = self { return values.map(\.description).joined(separator: ",") }
        return ""
    }
}
