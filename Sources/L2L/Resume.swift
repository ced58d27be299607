import Foundation
import HDF5
import L2LOptimizees

/// Continuing an interrupted run from its result file.
///
/// The file holds everything resume needs: the spec's text, the outer optimizer's state
/// after the last completed generation (`/checkpoint`), and every random stream is
/// derived from the run's coordinates, so the inner runs need no saved state at all.
public enum Resume {
    /// The spec stored in a result file that can be resumed, parsed again.
    public static func storedSpec(in path: String) throws -> ExperimentSpec {
        try ResultFile.checkResumable(path)
        return try recordedSpec(in: path)
    }

    /// The spec a result file was written with (at its recorded scale), complete or not.
    public static func recordedSpec(in path: String) throws -> ExperimentSpec {
        let file = try ResultFile.openForReading(path)
        defer { file.close() }
        let root = file.root
        guard case .string("l2l")? = try root.attribute("format") else { throw ResultFileError.notAnL2LFile(path: path) }
        guard case .string(let text)? = try root.attribute("spec") else { throw ResultFileError.noCheckpoint(path: path) }
        var fileName = path
        if case .string(let name)? = try root.attribute("spec_file") { fileName = name }
        var scale: String?
        if case .string(let name)? = try root.attribute("scale") { scale = name }
        var spec = try SpecLoader.parse(text, fileName: "\(fileName) (as stored in \(path))", scale: scale)
        // Relative data paths are looked up from the spec file's directory when it is still there.
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: fileName, isDirectory: &isDirectory), !isDirectory.boolValue {
            spec.sourceDirectory = URL(fileURLWithPath: fileName).deletingLastPathComponent().standardizedFileURL.path
        }
        return spec
    }

    /// Checks the checkpoint and the outer datasets it rolls back before anything is changed.
    ///
    /// - Throws: ``DamagedResultFile`` naming the object that is not as l2l writes it.
    static func checkCheckpoint(in path: String, spec: ExperimentSpec) throws {
        let file = try ResultFile.openForReading(path)
        defer { file.close() }
        let checks = ResultFileChecks(path: path)
        try checks.checkpoint(in: file.root, iterations: spec.outer.optimizer.iterations)
        try checks.outerRows(in: file.root, hyperparameters: spec.outer.searchSpace.count,
                             tasks: spec.tasks.train.count, repeats: spec.tasks.repeats)
    }

    /// What differs between the spec a file was written with and another one; empty if they agree
    /// on everything that shapes the results (the `output` path may differ).
    public static func differences(stored: ExperimentSpec, given: ExperimentSpec) -> [String] {
        var found: [String] = []
        if stored.name != given.name { found.append("name: '\(stored.name)' in the file, '\(given.name)' given") }
        if stored.scale != given.scale {
            found.append("scale: \(stored.scale.map { "'\($0)'" } ?? "none") in the file, \(given.scale.map { "'\($0)'" } ?? "none") given")
        }
        if stored.seed != given.seed { found.append("seed: \(stored.seed) in the file, \(given.seed) given") }
        if stored.outer != given.outer { found.append("outer differs") }
        if stored.inner != given.inner { found.append("inner differs") }
        if stored.optimizee != given.optimizee { found.append("optimizee differs") }
        if stored.tasks != given.tasks { found.append("tasks differ") }
        if stored.record != given.record { found.append("record differs") }
        return found
    }

    /// Resumes the run in `path`; with `spec`, first checks it matches the stored one.
    public static func run(path: String, spec given: ExperimentSpec?, options: RunOptions) async throws -> ExperimentSummary {
        let stored = try storedSpec(in: path)
        if let given {
            let found = differences(stored: stored, given: given)
            guard found.isEmpty else { throw ResultFileError.specMismatch(path: path, differences: found) }
        }
        try checkCheckpoint(in: path, spec: stored)
        var options = options
        options.outputPath = path
        options.resume = true
        return try await Experiment(spec: stored).run(options: options)
    }
}
