import Foundation
import Testing

@testable import L2LBenchmarks
import L2LNetworks

@Suite struct ProblemFileTests {
    static func parse(_ text: String) throws(ProblemFileError) -> ProblemFile {
        try ProblemFile(data: Data(text.utf8), file: "set.json")
    }

    static func problem(_ fields: String) -> String {
        #"{"seeds": [1, 2], "budget_factors": [500, 100], "problems": [{"#
            + fields + "}]}"
    }

    static let good = #""name": "levy_3", "function": "levy", "n": 3, "x0": [1, 2, 3], "lower": -10, "upper": 10, "f_star": 0"#

    @Test func readsAProblem() throws {
        let file = try Self.parse(Self.problem(Self.good))
        #expect(file.set == "set")
        let p = try #require(file.problems.first)
        #expect(p.function == .levy && p.dimension == 3 && p.start == [1, 2, 3])
        #expect(p.lower == [-10, -10, -10] && p.upper == [10, 10, 10] && p.minimum == 0)
        #expect(p.seeds == [1, 2] && p.budgetFactors == [100, 500] && p.largestBudget == 2000 && !p.heldOut)
    }

    @Test(arguments: [
        (#""name": "a", "function": "nope", "n": 3, "x0": 0, "lower": -1, "upper": 1, "f_star": 0"#, "problems[0].function"),
        (#""name": "a", "function": "levy", "n": 3, "x0": [0, 0], "lower": -1, "upper": 1, "f_star": 0"#, "problems[0].x0"),
        (#""name": "a", "function": "levy", "n": 3, "x0": 2, "lower": -1, "upper": 1, "f_star": 0"#, "problems[0].x0"),
        (#""name": "a", "function": "levy", "n": 3, "x0": 0, "lower": 1, "upper": 1, "f_star": 0"#, "problems[0].upper"),
        (#""name": "a", "function": "levy", "n": 0, "x0": 0, "lower": -1, "upper": 1, "f_star": 0"#, "problems[0].n"),
        (#""name": "a", "function": "levy", "n": 3, "x0": 0, "lower": -1, "upper": 1"#, "problems[0].f_star"),
        (#""name": "a", "function": "levy", "n": 3, "x0": 0, "lower": -1, "upper": 1, "f_star": true"#, "problems[0].f_star"),
        (#""name": "a", "function": "levy", "n": 3, "x0": 0, "lower": -1, "upper": 1, "f_star": 0, "seed": 1"#, "problems[0].seed"),
        (#""name": "a", "function": "levy", "n": 3, "x0": 0, "lower": -1, "upper": 1, "f_star": 0, "seeds": [0]"#, "problems[0].seeds[0]"),
    ])
    func badInputNamesTheFileAndKey(fields: String, key: String) {
        do {
            _ = try Self.parse(Self.problem(fields))
            Issue.record("accepted \(fields)")
        } catch {
            #expect(error.file == "set.json" && error.key == key, "\(error)")
            #expect(error.description.hasPrefix("set.json: \(key): "))
        }
    }

    @Test func badDocumentsAreNamed() {
        #expect(throws: ProblemFileError(file: "set.json", key: "", message: "not a JSON object")) { try Self.parse("[1]") }
        #expect((try? Self.parse(#"{"problems": []}"#)) == nil)
        do { _ = try ProblemFile(contentsOf: "/nonexistent/p.json"); Issue.record("read a missing file") } catch {
            #expect(error.file == "/nonexistent/p.json")
        }
    }

    @Test func linesReportTheFirstEvaluationMeetingEachTolerance() {
        let p = ProblemFile.Problem(
            name: "s", function: .sphere, dimension: 1, start: [1], lower: [-2], upper: [2], minimum: 0, seeds: [1],
            budgetFactors: [2, 3], heldOut: true)
        // f(x0) = 1: tau 1e-1 needs f <= 0.1, 1e-3 needs f <= 1e-3.
        let lines = ProblemFileBenchmark.lines(
            p, set: "t", seed: 1, optimizer: "mads", trace: [1, 0.5, 0.05, 0.01, 1e-4, 0], stop: "x", seconds: 0)
        #expect(lines.map(\.budget) == [4, 6])
        #expect(lines[0].fromPrefix && !lines[1].fromPrefix && lines[0].stopReason == "evaluation budget used")
        #expect(lines[0].tauEvaluations["1e-1"] == .some(3) && lines[0].tauEvaluations["1e-3"] == .some(nil))
        #expect(lines[1].tauEvaluations["1e-3"] == .some(5) && lines[1].tauEvaluations["1e-7"] == .some(6))
        #expect(lines[0].fBest == 0.01 && lines[1].fBest == 0 && lines[1].stopReason == "x")
    }
}
