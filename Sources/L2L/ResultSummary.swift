import HDF5
import L2LOptimizees

/// What `l2l inspect` shows of a result file, read back through the HDF5 layout.
public struct ResultSummary: Codable, Sendable, Equatable {
    /// A tuned hyperparameter and its best value.
    public struct Hyperparameter: Codable, Sendable, Equatable {
        public var path: String
        public var value: String
    }

    public var file: String
    public var name: String
    /// The spec scale the file was written at (`l2l run --scale`); nil: the spec file's own values.
    public var scale: String?
    public var l2lVersion: String
    public var formatVersion: Int
    public var seed: Int64
    public var status: String
    /// For a file whose status is not `complete`: whether a process holds its writer lock
    /// (a running run) or none does (the run was interrupted; `l2l resume` continues it).
    public var writerAlive: Bool?
    /// The process holding the writer lock, e.g. "process 4711 on node07".
    public var writer: String?
    public var outerOptimizer: String
    public var innerOptimizer: String
    public var generations: Int
    public var population: Int
    public var innerRuns: Int
    public var failedIndividuals: Int
    /// Inner runs of the outer loop that failed as a whole.
    public var failedRuns: Int
    /// Evaluations that failed (error, non-finite fitness, time limit) in the outer loop's inner runs.
    public var failedEvaluations: Int
    /// Completed outer generations according to the checkpoint.
    public var completedGenerations: Int
    public var bestFitnessPerGeneration: [Double]
    public var meanFitnessPerGeneration: [Double]
    public var bestFitness: Double?
    public var bestHyperparameters: [Hyperparameter]
    public var testMeanFitness: Double?
    public var baselineTestMeanFitness: Double?
    /// Means of the optimizee's final metrics on the held-out tasks (e.g. `test_accuracy`), tuned and baseline.
    public var testMetrics: [String: Double]
    public var baselineTestMetrics: [String: Double]

    /// Reads the summary of a result file.
    public static func read(path: String) throws -> ResultSummary {
        let file = try ResultFile.openForReading(path)
        defer { file.close() }
        let root = file.root
        func string(_ group: HDF5Group, _ name: String) throws -> String {
            if case .string(let s)? = try group.attribute(name) { return s }
            return ""
        }
        func integer(_ group: HDF5Group, _ name: String) throws -> Int64 {
            if case .int(let v)? = try group.attribute(name) { return v }
            return -1
        }
        func double(_ group: HDF5Group, _ name: String) throws -> Double? {
            if case .double(let v)? = try group.attribute(name) { return v }
            return nil
        }
        guard try string(root, "format") == "l2l" else {
            throw ResultFileError.notAnL2LFile(path: path)
        }
        var summary = ResultSummary(
            file: path, name: try string(root, "name"), l2lVersion: try string(root, "l2l_version"),
            formatVersion: Int(try integer(root, "format_version")), seed: try integer(root, "seed"),
            status: root.contains("provenance") ? try string(try root.openGroup("provenance"), "status") : "unknown",
            outerOptimizer: try string(root, "outer_optimizer"), innerOptimizer: try string(root, "inner_optimizer"),
            generations: 0, population: 0, innerRuns: 0, failedIndividuals: 0, failedRuns: 0, failedEvaluations: 0,
            completedGenerations: 0,
            bestFitnessPerGeneration: [], meanFitnessPerGeneration: [], bestFitness: nil,
            bestHyperparameters: [], testMeanFitness: nil, baselineTestMeanFitness: nil,
            testMetrics: [:], baselineTestMetrics: [:])
        if case .string(let scale)? = try root.attribute("scale") { summary.scale = scale }
        if summary.status != "complete" {
            let holder = WriterLock.holder(of: path)
            summary.writerAlive = holder != nil
            summary.writer = holder?.description
        }
        let outer = try root.openGroup("outer")
        let names = try outer.openDataset("hyperparameter_name").readStrings()
        let choices = try outer.openDataset("hyperparameter_choices").readStrings()
        let kinds = try outer.openDataset("hyperparameter_kind").readStrings()
        if outer.contains("fitness") {
            let fitness = try outer.openDataset("fitness")
            summary.generations = fitness.shape[0]
            summary.population = fitness.shape.count > 1 ? fitness.shape[1] : 0
            summary.bestFitnessPerGeneration = try outer.openDataset("generation_best_fitness").read(as: Double.self)
            summary.meanFitnessPerGeneration = try outer.openDataset("mean_fitness").read(as: Double.self)
            summary.failedIndividuals = try outer.openDataset("failed").read(as: UInt8.self).filter { $0 != 0 }.count
            summary.failedRuns = Int(try outer.openDataset("failed_runs").read(as: Int64.self).reduce(0, +))
            if outer.contains("failed_evaluations") {
                summary.failedEvaluations = Int(try outer.openDataset("failed_evaluations").read(as: Int64.self).reduce(0, +))
            }
            let best = try outer.openDataset("best_fitness").read(as: Double.self)
            summary.bestFitness = best.last
            if summary.generations > 0 {
                let values = try outer.openDataset("best_hyperparameters")
                    .read(as: Double.self, start: [summary.generations - 1, 0], count: [1, names.count])
                summary.bestHyperparameters = names.indices.map { i in
                    Hyperparameter(path: names[i], value: Self.describe(values[i], kind: kinds[i], choices: choices[i]))
                }
            }
        }
        summary.innerRuns = try root.openGroup("runs").memberNames().count
        if root.contains("checkpoint"), case .int(let done)? = try root.openGroup("checkpoint").attribute("completed_generations") {
            summary.completedGenerations = Int(done)
        }
        if root.contains("test") {
            let test = try root.openGroup("test")
            summary.testMeanFitness = try double(test, "mean_fitness")
            summary.baselineTestMeanFitness = try double(test, "baseline_mean_fitness")
            for name in try test.attributeNames() {
                guard let value = try double(test, name) else { continue }
                if name.hasPrefix("mean_"), name != "mean_fitness" {
                    summary.testMetrics[String(name.dropFirst("mean_".count))] = value
                } else if name.hasPrefix("baseline_mean_"), name != "baseline_mean_fitness" {
                    summary.baselineTestMetrics[String(name.dropFirst("baseline_mean_".count))] = value
                }
            }
        }
        return summary
    }

    static func describe(_ value: Double, kind: String, choices: String) -> String {
        guard value.isFinite else { return "\(value)" }
        if kind == "choice" {
            let options = choices.split(separator: ",", omittingEmptySubsequences: false)
            let index = Int(value)
            return options.indices.contains(index) ? String(options[index]) : "\(value)"
        }
        return kind == "integer" ? String(Int64(value)) : "\(value)"
    }
}
