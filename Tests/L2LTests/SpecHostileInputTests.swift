import Foundation
import Testing
@testable import L2L
@testable import L2LOptimizees

/// Thousands of hostile inputs for the spec loader: mutated and truncated copies of every
/// file in experiments/, and random YAML. None may crash or hang, and every rejection that
/// concerns the text names a line and column.
@Suite struct SpecHostileInputTests {
    /// Total inputs; `L2L_SPEC_FUZZ_CASES` raises it for a longer soak.
    static let cases = ProcessInfo.processInfo.environment["L2L_SPEC_FUZZ_CASES"].flatMap(Int.init) ?? 6_000
    /// No single input may take longer than this (a hang shows up as a failure, not a stuck CI).
    static let perInputLimit: Duration = .seconds(5)

    static func experimentTexts() throws -> [(String, String)] {
        let directory = SpecTestSupport.repositoryRoot.appendingPathComponent("experiments")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return try names.map { ($0, try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// Checks one input: it parses or is rejected with positioned issues, in bounded time.
    static func check(_ text: String, label: String) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try SpecLoader.parse(text, fileName: "hostile.yaml")
        } catch {
            #expect(!error.issues.isEmpty, "\(label)")
            for issue in error.issues {
                let positionless = issue.message.contains("the spec is empty") || issue.message.contains("more issues not shown")
                    || issue.message.contains("(assigned value)")
                #expect(positionless || issue.line > 0, "\(label): \(issue)")
                #expect(!issue.description.contains("Fatal"), "\(label)")
            }
        }
        #expect(clock.now - start < perInputLimit, "\(label) took \(clock.now - start)")
    }

    @Test func mutatedExperimentFiles() throws {
        let files = try Self.experimentTexts()
        #expect(files.count >= 3)
        var generator = SpecFuzzTests.SeededGenerator(state: 77)
        let perFile = max(1, Self.cases * 2 / 3 / files.count)
        for (name, text) in files {
            for variant in 0..<perFile {
                Self.check(SpecFuzzTests.mutate(text, using: &generator), label: "\(name) variant \(variant)")
            }
        }
    }

    @Test func randomYAMLDocuments() {
        var generator = SpecFuzzTests.SeededGenerator(state: 4242)
        for variant in 0..<(Self.cases / 3) {
            Self.check(Self.randomDocument(using: &generator), label: "random document \(variant)")
        }
    }

    /// Absurd values that must be rejected before anything is allocated.
    @Test func absurdSizesAndPathsAreRejected() throws {
        let base = try SpecTestSupport.quickstartText()
        let cases: [(String, String, String)] = [
            ("population: 10", "population: 1000000000000", "outer.population"),
            ("iterations: 60", "iterations: -3", "inner.iterations"),
            ("dimension: 4", "dimension: 99999999999", "optimizee.function.dimension"),
            ("output: results/quickstart.h5", "output: /etc/passwd.h5", "output"),
            ("output: results/quickstart.h5", "output: ../../outside.h5", "output"),
            ("repeats: 2", "repeats: 1e12", "tasks.repeats"),
        ]
        for (old, new, key) in cases {
            #expect(base.contains(old), "fixture changed: \(old)")
            let issues = SpecTestSupport.issues(base.replacingOccurrences(of: old, with: new))
            #expect(issues.contains { $0.keyPath == key && $0.line > 0 }, "\(new): \(issues)")
        }
        // A billion-laughs alias bomb is rejected quickly.
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 {
            bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        Self.check(bomb, label: "alias bomb")
    }

    static let words = ["name", "seed", "outer", "inner", "optimizer", "ga", "cem", "mads", "enkf", "iterations",
                        "population", "search_space", "path", "kind", "low", "high", "values", "tasks", "train", "test",
                        "count", "optimizee", "function", "dimension", "record", "x", "", "<<", "&a", "*a", "!!str", "!!int"]
    static let scalars = ["1", "-1", "0", "010", "1e400", "-.inf", ".nan", "true", "yes", "~", "null", "'q'", "\"\\u0000\"",
                          "9223372036854775808", "1.5", "rastrigin", "uniform", "inner.sigma", "[]", "{}", "|\n  block", ">-\n  folded"]

    static func randomDocument(using g: inout SpecFuzzTests.SeededGenerator) -> String {
        switch Int.random(in: 0..<10, using: &g) {
        case 0:  // raw bytes
            let bytes = (0..<Int.random(in: 0..<300, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            return String(decoding: bytes, as: UTF8.self)
        case 1:  // very deep nesting
            let depth = Int.random(in: 10...5_000, using: &g)
            return String(repeating: "[", count: depth) + String(repeating: "]", count: Int.random(in: 0...depth, using: &g))
        default:
            var lines: [String] = []
            randomMapping(into: &lines, indent: 0, depth: 0, using: &g)
            return lines.joined(separator: "\n")
        }
    }

    static func randomMapping(into lines: inout [String], indent: Int, depth: Int, using g: inout SpecFuzzTests.SeededGenerator) {
        let pad = String(repeating: " ", count: indent)
        for _ in 0..<Int.random(in: 1...6, using: &g) {
            let key = words.randomElement(using: &g)!
            if depth < 4 && Bool.random(using: &g) {
                lines.append("\(pad)\(key):")
                if Bool.random(using: &g) {
                    randomMapping(into: &lines, indent: indent + 2, depth: depth + 1, using: &g)
                } else {
                    for _ in 0..<Int.random(in: 0...3, using: &g) {
                        lines.append("\(pad)  - \(scalars.randomElement(using: &g)!)")
                    }
                }
            } else {
                lines.append("\(pad)\(key): \(scalars.randomElement(using: &g)!)")
            }
        }
    }
}
