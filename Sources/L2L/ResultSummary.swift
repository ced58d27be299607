import HDF5
import L2LOptimizees

/// What `l2l inspect` shows of a result file, read back through the HDF5 layout.
public struct ResultSummary: Codable, Sendable, Equatable {
    /// A tuned hyperparameter and its best value.
    ///
    /// In JSON the value is a number unless it is a choice's value that is not one.
    public struct Hyperparameter: Codable, Sendable, Equatable {
        public var path: String
        public var value: String

        public init(path: String, value: String) {
            self.path = path
            self.value = value
        }

        enum CodingKeys: String, CodingKey { case path, value }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            path = try container.decode(String.self, forKey: .path)
            if let number = try? container.decode(Double.self, forKey: .value) {
                value = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
            } else {
                value = try container.decode(String.self, forKey: .value)
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            if let integer = Int64(value) {
                try container.encode(integer, forKey: .value)
            } else if let number = Double(value), number.isFinite {
                try container.encode(number, forKey: .value)
            } else {
                try container.encode(value, forKey: .value)
            }
        }
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
    /// Why inner runs and outer individuals failed, most frequent first.
    public var failureReasons: [FailureReason] = []

    /// Reads the summary of a result file, checking every shape and attribute before it is used.
    ///
    /// - Throws: ``ResultFileError`` for a missing, unreadable or foreign file, ``DamagedResultFile``
    ///   naming the object that is not as l2l writes it.
    public static func read(path: String) throws -> ResultSummary {
        let file = try ResultFile.openForReading(path)
        defer { file.close() }
        do {
            return try read(file.root, path: path)
        } catch let error as HDF5Error {
            throw DamagedResultFile(path: path, object: error.object, expected: "readable as l2l writes it", found: error.description)
        }
    }

    private static func read(_ root: HDF5Group, path: String) throws -> ResultSummary {
        let checks = ResultFileChecks(path: path)
        func string(_ group: HDF5Group, _ name: String) throws -> String {
            try checks.string(group, name, required: false) ?? ""
        }
        func double(_ group: HDF5Group, _ name: String) throws -> Double? {
            switch try group.attribute(name) {
            case .double(let v)?: return v
            case .int(let v)?: return Double(v)
            case nil: return nil
            case let other: throw checks.damaged(group.name + "@" + name, expected: "a number", found: ResultFileChecks.describe(other))
            }
        }
        guard case .string("l2l")? = try root.attribute("format") else {
            throw ResultFileError.notAnL2LFile(path: path)
        }
        func group(_ parent: HDF5Group, _ name: String) throws -> HDF5Group {
            guard parent.contains(name), parent.isGroup(name) else {
                throw checks.damaged((parent.name == "/" ? "" : parent.name) + "/" + name, expected: "a group",
                                     found: parent.contains(name) ? "a dataset" : "missing")
            }
            return try parent.openGroup(name)
        }
        var summary = ResultSummary(
            file: path, name: try string(root, "name"), l2lVersion: try string(root, "l2l_version"),
            formatVersion: Int(try checks.integer(root, "format_version", in: 0...1_000_000, required: false) ?? -1),
            seed: try checks.integer(root, "seed", in: Int64.min...Int64.max, required: false) ?? -1,
            status: root.contains("provenance") ? try string(try group(root, "provenance"), "status") : "unknown",
            outerOptimizer: try string(root, "outer_optimizer"), innerOptimizer: try string(root, "inner_optimizer"),
            generations: 0, population: 0, innerRuns: 0, failedIndividuals: 0, failedRuns: 0, failedEvaluations: 0,
            completedGenerations: 0,
            bestFitnessPerGeneration: [], meanFitnessPerGeneration: [], bestFitness: nil,
            bestHyperparameters: [], testMeanFitness: nil, baselineTestMeanFitness: nil,
            testMetrics: [:], baselineTestMetrics: [:])
        summary.scale = try checks.string(root, "scale", required: false)
        if summary.formatVersion != Int(ExperimentRecorder.formatVersion) {
            throw ResultFileError.formatVersion(path: path, found: summary.formatVersion, writer: summary.l2lVersion)
        }
        if summary.status != "complete" {
            let holder = WriterLock.holder(of: path)
            summary.writerAlive = holder != nil
            summary.writer = holder?.description
        }
        let outer = try group(root, "outer")
        let (nameSet, nameShape) = try checks.dataset(outer, "hyperparameter_name", rank: 1)
        let h = nameShape[0]
        let names = try nameSet.readStrings()
        let choices = try checks.dataset(outer, "hyperparameter_choices", rank: 1, dimensions: [0: h]).0.readStrings()
        let kinds = try checks.dataset(outer, "hyperparameter_kind", rank: 1, dimensions: [0: h]).0.readStrings()
        if outer.contains("fitness") {
            let (_, shape) = try checks.dataset(outer, "fitness", rank: 2)
            let (g, p) = (shape[0], shape[1])
            summary.generations = g
            summary.population = p
            func column(_ name: String) throws -> [Double] {
                try checks.dataset(outer, name, rank: 1, dimensions: [0: g]).0.read(as: Double.self)
            }
            func table<T: HDF5Element>(_ name: String, as type: T.Type) throws -> [T] {
                try checks.dataset(outer, name, rank: 2, dimensions: [0: g, 1: p]).0.read(as: type)
            }
            summary.bestFitnessPerGeneration = try column("generation_best_fitness")
            summary.meanFitnessPerGeneration = try column("mean_fitness")
            summary.failedIndividuals = try table("failed", as: UInt8.self).filter { $0 != 0 }.count
            summary.failedRuns = Int(try table("failed_runs", as: Int64.self).reduce(0) { $0 &+ max(0, $1) })
            if outer.contains("failed_evaluations") {
                summary.failedEvaluations = Int(try table("failed_evaluations", as: Int64.self).reduce(0) { $0 &+ max(0, $1) })
            }
            summary.bestFitness = try column("best_fitness").last
            if g > 0 {
                let (best, _) = try checks.dataset(outer, "best_hyperparameters", rank: 2, dimensions: [0: g, 1: h])
                let values = h == 0 ? [] : try best.read(as: Double.self, start: [g - 1, 0], count: [1, h])
                summary.bestHyperparameters = names.indices.map { i in
                    Hyperparameter(path: names[i], value: Self.describe(values[i], kind: kinds[i], choices: choices[i]))
                }
            }
        }
        let runs = try group(root, "runs")
        if runs.contains("phase") {
            let (phase, _) = try checks.dataset(runs, "phase", rank: 1)
            summary.innerRuns = try phase.readStrings().filter { $0 == "train" }.count
        }
        if root.contains("checkpoint") {
            let done = try checks.integer(try group(root, "checkpoint"), "completed_generations", in: 0...Int64(Int32.max), required: false)
            summary.completedGenerations = Int(done ?? 0)
        }
        if root.contains("test") {
            let test = try group(root, "test")
            summary.testMeanFitness = try double(test, "mean_fitness")
            summary.baselineTestMeanFitness = try double(test, "baseline_mean_fitness")
            for name in try test.attributeNames() {
                guard name.hasPrefix("mean_") || name.hasPrefix("baseline_mean_"), let value = try double(test, name) else { continue }
                if name.hasPrefix("mean_"), name != "mean_fitness" {
                    summary.testMetrics[String(name.dropFirst("mean_".count))] = value
                } else if name.hasPrefix("baseline_mean_"), name != "baseline_mean_fitness" {
                    summary.baselineTestMetrics[String(name.dropFirst("baseline_mean_".count))] = value
                }
            }
        }
        summary.failureReasons = try FailureReason.read(root, checks: checks)
        return summary
    }

    static func describe(_ value: Double, kind: String, choices: String) -> String {
        // A value outside ±2⁵³ is no index or integer l2l writes; converting it would trap.
        guard value.isFinite, abs(value) < 9_007_199_254_740_992 else { return "\(value)" }
        if kind == "choice" {
            let options = choices.split(separator: ",", omittingEmptySubsequences: false)
            let index = Int(value)
            return options.indices.contains(index) ? String(options[index]) : "\(value)"
        }
        return kind == "integer" ? String(Int64(value)) : "\(value)"
    }
}
