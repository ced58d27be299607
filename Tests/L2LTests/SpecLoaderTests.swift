import Foundation
import L2LNetworks
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

@Suite struct SpecLoaderTests {
    @Test func quickstartValidatesWithTheExpectedValues() throws {
        let spec = try SpecLoader.load(contentsOf: SpecTestSupport.quickstartPath)
        #expect(spec.name == "quickstart")
        #expect(spec.seed == 42)
        #expect(spec.output == "results/quickstart.h5")
        #expect(spec.outer.optimizer.iterations == 6)
        #expect(spec.outer.fitness == .mean)
        let ga = GeneticAlgorithm.Configuration(
            population: 10, tournamentSize: 3, crossoverProbability: 0.7, mutationProbability: 0.6, mutationScale: 0.15, elites: 1)
        #expect(spec.outer.optimizer.algorithm.configuration(as: GeneticAlgorithm.Configuration.self) == ga)
        #expect(spec.outer.optimizer.algorithm.identifier == "ga")
        #expect(spec.outer.searchSpace == [
            SearchSpaceEntry(path: "inner.elite_fraction", kind: .uniform(low: 0.05, high: 0.5)),
            SearchSpaceEntry(path: "inner.initial_sigma", kind: .logUniform(low: 0.02, high: 1.0)),
            SearchSpaceEntry(path: "inner.population", kind: .integer(low: 8, high: 48)),
            SearchSpaceEntry(path: "inner.covariance", kind: .choice([.string("diagonal"), .string("full")])),
        ])
        let cem = CrossEntropyMethod.Configuration(
            population: 20, eliteFraction: 0.2, initialSigma: 0.3, noise: 0.02, noiseDecay: 0.95, covariance: .diagonal)
        #expect(spec.inner.iterations == 60 && spec.inner.evaluationTimeLimit == nil)
        #expect(spec.inner.algorithm.configuration(as: CrossEntropyMethod.Configuration.self) == cem)
        #expect(spec.inner.algorithm.identifier == "cem")
        #expect(spec.optimizee == .function(FunctionOptimizeeSpec(
            function: .rastrigin, dimension: 4, lower: -5.12, upper: 5.12, shift: 2.0, rotate: true)))
        #expect(spec.tasks.train == TaskFamilySpec(count: 4, firstSeed: 0))
        #expect(spec.tasks.test.seeds == Array(1000..<1008))
        #expect(spec.tasks.repeats == 2)
        #expect(spec.record == RecordSpec(candidates: true, state: true))
        #expect(spec.source.fileName == SpecTestSupport.quickstartPath)
        #expect(spec.source.text == (try SpecTestSupport.quickstartText()))
    }

    @Test func defaultsFillAbsentKeys() throws {
        let spec = try SpecLoader.parse(SpecTestSupport.minimal, fileName: "min.yaml")
        #expect(spec.output == nil)
        #expect(spec.outer.fitness == .mean)
        #expect(spec.outer.optimizer.algorithm.configuration(as: GeneticAlgorithm.Configuration.self) == GeneticAlgorithm.Configuration())
        #expect(spec.inner.algorithm.configuration(as: CrossEntropyMethod.Configuration.self) == CrossEntropyMethod.Configuration())
        let bounds = BenchmarkFunction.sphere.conventionalBounds
        #expect(spec.optimizee == .function(FunctionOptimizeeSpec(
            function: .sphere, dimension: 2, lower: bounds.lower, upper: bounds.upper, shift: 0, rotate: false)))
        #expect(spec.tasks.train.firstSeed == 0)
        #expect(spec.tasks.test.firstSeed == 1000)
        #expect(spec.tasks.repeats == 1)
        #expect(spec.record == RecordSpec(candidates: true, state: true))
    }

    @Test func aliasesAsValuesAreAllowed() throws {
        let text = SpecTestSupport.minimal.replacingOccurrences(
            of: "  train: {count: 1}\n  test: {count: 1}\n", with: "  train: &tasks {count: 3, first_seed: 7}\n  test: *tasks\n")
        let spec = try SpecLoader.parse(text, fileName: "alias.yaml")
        #expect(spec.tasks.test == TaskFamilySpec(count: 3, firstSeed: 7))
    }

    @Test func issueDescriptionFormat() {
        let issue = SpecIssue(file: "quickstart.yaml", line: 14, column: 7, keyPath: "outer.search_space[1].low", message: "expected a number, got 'abc'")
        #expect(issue.description == "quickstart.yaml:14:7: error: outer.search_space[1].low: expected a number, got 'abc'")
        let unknown = SpecIssue(file: "a.yaml", line: 0, column: 0, keyPath: "", message: "cannot read")
        #expect(unknown.description == "a.yaml: error: cannot read")
        #expect(SpecErrors(issues: [issue, unknown]).description == issue.description + "\n" + unknown.description)
    }

    @Test func unreadableFileIsAnIssueAtLineZero() {
        #expect {
            _ = try SpecLoader.load(contentsOf: "/nonexistent/spec.yaml")
        } throws: { error in
            let issues = (error as? SpecErrors)?.issues ?? []
            return issues.count == 1 && issues[0].line == 0 && issues[0].file == "/nonexistent/spec.yaml"
        }
    }

    @Test func invalidUTF8IsRejectedWithItsLine() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("l2l-spec-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("name: a\nseed: \u{0}".utf8.dropLast() + [0xFF, 0xFE]).write(to: url)
        do {
            _ = try SpecLoader.load(contentsOf: url.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.first?.line == 2)
            #expect(error.issues.first?.message.contains("UTF-8") == true)
        }
    }
}

/// Shared helpers of the spec tests.
enum SpecTestSupport {
    /// The repository root, found from this file's path.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var quickstartPath: String { repositoryRoot.appendingPathComponent("experiments/quickstart.yaml").path }

    static func quickstartText() throws -> String {
        try String(contentsOfFile: quickstartPath, encoding: .utf8)
    }

    /// The issues of an invalid spec (records a failure if it validates).
    static func issues(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [SpecIssue] {
        do {
            _ = try SpecLoader.parse(text, fileName: "spec.yaml")
            Issue.record("expected the spec to be rejected", sourceLocation: sourceLocation)
            return []
        } catch {
            return error.issues
        }
    }

    /// A minimal valid spec, with `extra` lines appended under the given section markers.
    static let minimal = """
        name: t
        seed: 1
        outer:
          optimizer: ga
          iterations: 2
          search_space:
            - {path: inner.population, kind: integer, low: 4, high: 8}
        inner:
          optimizer: cem
          iterations: 3
        optimizee:
          function: {name: sphere, dimension: 2}
        tasks:
          train: {count: 1}
          test: {count: 1}

        """
}
