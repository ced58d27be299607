import Foundation
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// Every kind of spec error, with its exact position and key path.
@Suite struct SpecErrorTests {
    let minimal = SpecTestSupport.minimal

    private func single(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> SpecIssue? {
        let issues = SpecTestSupport.issues(text, sourceLocation: sourceLocation)
        #expect(issues.count == 1, "\(issues)", sourceLocation: sourceLocation)
        return issues.first
    }

    private func expect(
        _ issue: SpecIssue?, _ line: Int, _ column: Int, _ keyPath: String, _ fragment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(issue?.file == "spec.yaml", sourceLocation: sourceLocation)
        #expect(issue?.line == line, sourceLocation: sourceLocation)
        #expect(issue?.column == column, sourceLocation: sourceLocation)
        #expect(issue?.keyPath == keyPath, sourceLocation: sourceLocation)
        #expect(issue?.message.contains(fragment) == true, "\(String(describing: issue))", sourceLocation: sourceLocation)
    }

    @Test func syntaxErrorTabIndent() {
        expect(single("name: t\nseed: 1\nouter:\n\toptimizer: ga\n"), 4, 1, "", "tab")
    }

    @Test func syntaxErrorUnclosedFlowList() {
        expect(single("name: t\nvalues: [1, 2\nseed: 3\n"), 3, 5, "", "invalid YAML")
    }

    @Test func wrongType() {
        let issue = single(minimal.replacingOccurrences(of: "seed: 1", with: "seed: abc"))
        expect(issue, 2, 7, "seed", "expected an integer")
        #expect(issue?.description == "spec.yaml:2:7: error: seed: expected an integer in [0, 2^64 − 1], got 'abc'")
        expect(single(minimal.replacingOccurrences(of: "optimizee:\n  function: {name: sphere, dimension: 2}", with: "optimizee: [sphere]")),
               11, 12, "optimizee", "expected a mapping, got a list")
        expect(single(minimal + "record: {state: yes}\n"), 16, 17, "record.state", "expected true or false")
        expect(single(minimal + "record: {state: 'true'}\n"), 16, 17, "record.state", "quoted string")
    }

    @Test func realWhereIntegerExpectedAndLeadingZeros() {
        expect(single(minimal.replacingOccurrences(of: "iterations: 3", with: "iterations: 3.0")), 10, 15, "inner.iterations", "real number")
        expect(single(minimal.replacingOccurrences(of: "seed: 1", with: "seed: 010")), 2, 7, "seed", "leading zeros")
        expect(single(minimal.replacingOccurrences(of: "iterations: 3", with: "iterations: 0x10")), 10, 15, "inner.iterations", "decimal")
    }

    @Test func integerAcceptedWhereRealExpected() throws {
        let spec = try SpecLoader.parse(
            minimal.replacingOccurrences(of: "iterations: 3", with: "iterations: 3\n  initial_sigma: 1"), fileName: "spec.yaml")
        guard let configuration = spec.inner.algorithm.configuration(as: CrossEntropyMethod.Configuration.self) else { Issue.record("not cem"); return }
        #expect(configuration.initialSigma == 1)
    }

    @Test func missingKeyAtParentMapping() {
        expect(single(minimal.replacingOccurrences(of: "seed: 1\n", with: "")), 1, 1, "seed", "missing required key 'seed'")
        expect(single(minimal.replacingOccurrences(of: "  test: {count: 1}\n", with: "")), 14, 3, "tasks.test", "missing required key 'test'")
        expect(single(minimal.replacingOccurrences(of: "{name: sphere, dimension: 2}", with: "{name: sphere}")),
               12, 13, "optimizee.function.dimension", "missing required key 'dimension'")
    }

    @Test func unknownKeyWithSuggestion() {
        let issue = single(minimal.replacingOccurrences(of: "  iterations: 3", with: "  iterations: 3\n  elite_fractoin: 0.3"))
        expect(issue, 11, 3, "inner.elite_fractoin", "did you mean 'elite_fraction'?")
        expect(single(minimal.replacingOccurrences(of: "  iterations: 3", with: "  iterations: 3\n  tournament_size: 3")),
               11, 3, "inner.tournament_size", "belongs to optimizer ga")
        expect(single(minimal + "recrod: {}\n"), 16, 1, "recrod", "did you mean 'record'?")
    }

    @Test func outOfRange() {
        let issue = single(minimal.replacingOccurrences(of: "  iterations: 2", with: "  iterations: 2\n  population: 1000000000000"))
        expect(issue, 6, 15, "outer.population", "[1, 1000000]")
        expect(single(minimal.replacingOccurrences(of: "dimension: 2", with: "dimension: -2")),
               12, 39, "optimizee.function.dimension", "expected an integer in [1, 10000], got -2")
        expect(single(minimal.replacingOccurrences(of: "iterations: 3", with: "iterations: 3\n  elite_fraction: 0")),
               11, 19, "inner.elite_fraction", "(0, 1]")
        expect(single(minimal.replacingOccurrences(of: "  iterations: 2", with: "  iterations: 2\n  population: 5\n  elites: 5")),
               7, 11, "outer.elites", "must be less than population (5)")
        expect(single(minimal.replacingOccurrences(of: "dimension: 2}", with: "dimension: 2, lower: 3, upper: 1}")),
               12, 59, "optimizee.function.upper", "lower (3) must be less than upper (1)")
    }

    @Test func badChoiceListsTheAllowedValues() {
        expect(single(minimal.replacingOccurrences(of: "  iterations: 3", with: "  iterations: 3\n  covariance: ful")),
               11, 15, "inner.covariance", "'ful' is not one of diagonal, full; did you mean 'full'?")
        expect(single(minimal.replacingOccurrences(of: "name: sphere", with: "name: spehre")),
               12, 20, "optimizee.function.name", "is not one of sphere, rosenbrock")
    }

    @Test func duplicateKeysAreAllReported() {
        let issues = SpecTestSupport.issues(minimal.replacingOccurrences(of: "seed: 1", with: "seed: 1\nseed: 2\nname: u"))
        #expect(issues.count == 2)
        expect(issues.first, 3, 1, "seed", "duplicate key 'seed' (first at line 2, column 1)")
        expect(issues.last, 4, 1, "name", "duplicate key 'name' (first at line 1, column 1)")
        let nested = SpecTestSupport.issues(minimal.replacingOccurrences(of: "iterations: 3", with: "iterations: 3\n  iterations: 4\n  'iterations': 5"))
        #expect(nested.map(\.line) == [11, 12])
        #expect(nested.allSatisfy { $0.keyPath == "inner.iterations" && $0.message.contains("first at line 10, column 3") })
    }

    @Test func nonexistentSearchSpacePath() {
        expect(single(minimal.replacingOccurrences(of: "inner.population, kind: integer", with: "inner.sigma, kind: uniform")),
               7, 14, "outer.search_space[0].path", "no key 'sigma' under inner (cem); did you mean 'initial_sigma'?")
        expect(single(minimal.replacingOccurrences(of: "inner.population, kind: integer", with: "inner.elites, kind: integer")),
               7, 14, "outer.search_space[0].path", "belongs to optimizer ga")
        expect(single(minimal.replacingOccurrences(of: "inner.population, kind: integer", with: "outer.population, kind: integer")),
               7, 14, "outer.search_space[0].path", "only keys under 'inner' and 'optimizee'")
        expect(single(minimal.replacingOccurrences(of: "inner.population, kind: integer", with: "inner.optimizer, kind: integer")),
               7, 14, "outer.search_space[0].path", "cannot be searched")
    }

    @Test func searchKindMustFitTheKeyType() {
        expect(single(minimal.replacingOccurrences(of: "inner.population, kind: integer", with: "inner.population, kind: uniform")),
               7, 38, "outer.search_space[0].kind", "kind uniform needs a real-valued key, but 'inner.population' is an integer")
        let choice = "    - {path: inner.covariance, kind: choice, values: [diagonal, dense]}\n"
        expect(single(minimal.replacingOccurrences(of: "inner:\n", with: choice + "inner:\n")),
               8, 65, "outer.search_space[1].values[1]", "expected one of diagonal, full")
        let real = "    - {path: inner.smoothing, kind: integer, low: 0, high: 1}\n"
        expect(single(minimal.replacingOccurrences(of: "inner:\n", with: real + "inner:\n")),
               8, 37, "outer.search_space[1].kind", "kind integer needs an integer key")
    }

    @Test func searchBounds() {
        expect(single(minimal.replacingOccurrences(of: "low: 4, high: 8", with: "low: 8, high: 8")),
               7, 52, "outer.search_space[0].low", "low (8) must be less than high (8)")
        expect(single(minimal.replacingOccurrences(of: "low: 4, high: 8", with: "low: 0, high: 8")),
               7, 52, "outer.search_space[0].low", "outside the allowed values of inner.population")
        expect(single(minimal.replacingOccurrences(of: "{path: inner.population, kind: integer, low: 4, high: 8}",
                                                   with: "{path: inner.initial_sigma, kind: log_uniform, low: 0, high: 1}")),
               7, 59, "outer.search_space[0].low", "expected a number > 0")
    }

    @Test func threeIndependentErrorsAreAllReported() {
        let text = minimal.replacingOccurrences(of: "seed: 1", with: "seed: -1")
            .replacingOccurrences(of: "  iterations: 3", with: "  iterations: 3\n  noise: lots")
            .replacingOccurrences(of: "  test: {count: 1}", with: "  test: {count: 1, frist_seed: 5}")
        let issues = SpecTestSupport.issues(text)
        #expect(issues.map(\.keyPath) == ["seed", "inner.noise", "tasks.test.frist_seed"])
        #expect(issues.map(\.line) == [2, 11, 16])
        #expect(issues.map(\.column) == [7, 10, 20])
    }

    @Test func degenerateDocuments() {
        expect(single(""), 0, 0, "", "the spec is empty")
        expect(single("# only a comment\n"), 0, 0, "", "the spec is empty")
        expect(single("42\n"), 1, 1, "", "expected a mapping of keys at the top level")
        expect(single("- a\n- b\n"), 1, 1, "", "got a list")
        expect(single("a: *missing\n"), 1, 4, "", "undefined alias")
        expect(single("a: 1\n---\nb: 2\n"), 2, 1, "", "another document")
        expect(single("a: b\u{0}c\n"), 1, 5, "", "control characters")
    }

    @Test func aliasBombsAndDeepNestingAreBounded() {
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...12 {
            bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let clock = ContinuousClock()
        let start = clock.now
        // As a value: composed with shared storage, rejected as unknown keys without expansion.
        let asValue = SpecTestSupport.issues(bomb + minimal.replacingOccurrences(of: "values", with: "values"))
        #expect(asValue.contains { $0.keyPath == "a12" })
        let inSchema = SpecTestSupport.issues(minimal.replacingOccurrences(of: "inner:\n", with: bomb.replacingOccurrences(of: "\n", with: "\n  ").replacingOccurrences(of: "a0:", with: "x:") + "inner:\n"))
        #expect(!inSchema.isEmpty)
        // As a key: Yams would hash the expanded tree; the preflight rejects it first.
        expect(single(bomb + "k: {*a12 : 1}\n"), 14, 5, "", "alias cannot be a mapping key")
        expect(single(bomb + "[*a12]: 1\n"), 14, 6, "", "cannot be a mapping key")
        expect(single(bomb + "? *a12\n: 1\n"), 14, 1, "", "complex mapping keys")
        expect(single(String(repeating: "[", count: 100_000)), 1, 65, "", "nested deeper than 64 levels")
        expect(single(String(repeating: "- ", count: 100_000)), 1, 127, "", "nested deeper than 64 levels")
        expect(single(String(repeating: "a: ", count: 100)), 1, 5, "", "invalid YAML")
        #expect(clock.now - start < .seconds(10))
    }

    @Test func tooManyIssuesAreCapped() {
        let text = minimal + (0..<300).map { "unknown\($0): 1\n" }.joined()
        let issues = SpecTestSupport.issues(text)
        #expect(issues.count == SpecLoader.maximumIssues + 1)
        #expect(issues.last?.message == "200 more issues not shown")
    }
}
