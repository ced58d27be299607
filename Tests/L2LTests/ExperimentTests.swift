import Foundation
import HDF5
import Testing
@testable import L2L
@testable import L2LOptimizees

/// Both loops end to end, in process, on specs small enough for a debug build.
@Suite struct ExperimentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func temporaryFile(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("l2l-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    static func tinySpec() throws -> ExperimentSpec {
        try SpecLoader.load(contentsOf: root.appendingPathComponent("Tests/fixtures/tiny.yaml").path)
    }

    @Test func sameDatasetsWhateverJobs() async throws {
        let spec = try Self.tinySpec()
        let one = Self.temporaryFile("j1.h5"), three = Self.temporaryFile("j3.h5")
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 1, outputPath: one))
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 3, outputPath: three))
        #expect(try Self.sameDatasets(one, three), "h5diff found differences between --jobs 1 and --jobs 3")
    }

    /// Whether h5diff finds the two result files equal, provenance (timings, host, jobs) aside.
    static func sameDatasets(_ a: String, _ b: String) throws -> Bool {
        let diff = Process()
        diff.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        diff.arguments = ["h5diff", "--exclude-path", "/provenance", a, b]
        try diff.run()
        diff.waitUntilExit()
        return diff.terminationStatus == 0
    }

    @Test func recordsEveryGenerationRunAndTest() async throws {
        let spec = try Self.tinySpec()
        let path = Self.temporaryFile("tiny.h5")
        let summary = try await Experiment(spec: spec).run(options: RunOptions(jobs: 2, outputPath: path))
        #expect(summary.generations == 3)
        let file = try HDF5File.open(path)
        defer { file.close() }
        let outer = try file.root.openGroup("outer")
        #expect(try outer.openDataset("fitness").shape == [3, 4])
        #expect(try outer.openDataset("hyperparameters").shape == [3, 4, 4])
        #expect(try outer.openDataset("run_final_fitness").shape == [3, 4, 2, 2])
        #expect(try RunRows.count(file, phase: "train") == 3 * 4 * 2 * 2)
        #expect(try file.root.attribute("format_version") == .int(2))
        let fitness = try outer.openDataset("fitness").read(as: Double.self)
        let best = try outer.openDataset("best_fitness").read(as: Double.self)
        #expect(best.last == fitness.filter(\.isFinite).max())
        #expect(summary.bestFitness == best.last)
        // The outer fitness is the AUC of the inner best-so-far curves, averaged over tasks × repeats.
        let finals = try outer.openDataset("run_final_fitness").read(as: Double.self)
        #expect(finals.allSatisfy { $0.isFinite && $0 <= 0 })
        let test = try file.root.openGroup("test")
        #expect(try test.openDataset("final_fitness").shape == [3, 2])
        #expect(try RunRows.count(file, phase: "test") == 6 && RunRows.count(file, phase: "baseline") == 6)
        // Every run's best-so-far curve is in the cube, padded with NaN past its own length.
        let row = try RunRows.row(file, phase: "test", individual: 0, task: 2, repeat: 1)
        let curve = try RunRows.slice(file, "best_fitness", row: row).values
        let heldOut = try test.openDataset("final_fitness").read(as: Double.self)
        #expect(curve.filter { !$0.isNaN }.last == heldOut[2 * 2 + 1])
        #expect(try ResultSummary.read(path: path).status == "complete")
    }

    /// More inner iterations can only help the final best fitness, so an outer loop tuning
    /// `inner.iterations` by its mean must drive it up: this fails if outer fitness is not
    /// tied to the right individual.
    @Test func outerLoopFindsThatMoreIterationsHelp() async throws {
        let spec = try SpecLoader.parse("""
            name: iterations
            seed: 3
            outer:
              optimizer: ga
              iterations: 5
              population: 8
              fitness: mean
              search_space:
                - {path: inner.iterations, kind: integer, low: 1, high: 40}
            inner: {optimizer: cem, iterations: 5, population: 16, elite_fraction: 0.25, initial_sigma: 0.2, noise: 0.01}
            optimizee:
              function: {name: sphere, dimension: 2, shift: 1.0}
            tasks:
              train: {count: 2}
              test: {count: 2}
            record: {candidates: false, state: false}
            """, fileName: "iterations.yaml")
        let summary = try await Experiment(spec: spec).run(options: RunOptions(jobs: 2, outputPath: Self.temporaryFile("it.h5")))
        guard case .int(let iterations)? = summary.bestHyperparameters.first?.value else {
            Issue.record("no best iterations: \(summary.bestHyperparameters)")
            return
        }
        #expect(iterations >= 25, "outer GA picked inner.iterations = \(iterations)")
        #expect(summary.testMean > summary.baselineTestMean, "tuned \(summary.testMean) vs 5 iterations \(summary.baselineTestMean)")
    }

    /// A hyperparameter set the spec rejects (GA elites ≥ population) is a recorded failure, not a crash.
    @Test func invalidHyperparameterSetsAreRecordedAsFailed() async throws {
        let spec = try SpecLoader.parse("""
            name: invalid
            seed: 1
            outer:
              optimizer: ga
              iterations: 2
              population: 6
              search_space:
                - {path: inner.elites, kind: integer, low: 0, high: 20}
            inner: {optimizer: ga, iterations: 3, population: 5}
            optimizee:
              function: {name: rastrigin, dimension: 2}
            tasks:
              train: {count: 1}
              test: {count: 1}
            """, fileName: "invalid.yaml")
        let path = Self.temporaryFile("invalid.h5")
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 2, outputPath: path))
        let file = try HDF5File.open(path)
        defer { file.close() }
        let outer = try file.root.openGroup("outer")
        let values = try outer.openDataset("hyperparameters").read(as: Double.self)
        let fitness = try outer.openDataset("fitness").read(as: Double.self)
        let failed = try outer.openDataset("failed").read(as: UInt8.self)
        #expect(values.contains { $0 >= 5 }, "the seed should propose some elites >= population")
        for (value, (f, flag)) in zip(values, zip(fitness, failed)) {
            #expect((value >= 5) == (flag == 1), "elites \(value) failed flag \(flag)")
            #expect((value >= 5) == (f == -.infinity), "elites \(value) fitness \(f)")
        }
    }

    @Test func hyperparameterSpaceDecodesEveryKind() {
        let space = HyperparameterSpace([
            SearchSpaceEntry(path: "a", kind: .uniform(low: 0, high: 1)),
            SearchSpaceEntry(path: "b", kind: .logUniform(low: 0.01, high: 1)),
            SearchSpaceEntry(path: "c", kind: .integer(low: 2, high: 4)),
            SearchSpaceEntry(path: "d", kind: .choice([.string("x"), .string("y"), .string("z")])),
        ])
        let assignments = space.assignments([0.25, log(0.1), 4.4, 2.7])
        #expect(assignments.map(\.path) == ["a", "b", "c", "d"])
        #expect(assignments[0].value == .double(0.25))
        guard case .double(let b) = assignments[1].value else { Issue.record("b not a double"); return }
        #expect(abs(b - 0.1) < 1e-12)
        #expect(assignments[2].value == .int(4))
        #expect(assignments[3].value == .string("z"))
        #expect(space.assignments([1, 0, 1.4, 0])[2].value == .int(2))
    }
}
