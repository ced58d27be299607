import Foundation
import Testing
@testable import L2L
@testable import L2LOptimizees

/// `scales:` — named partial specs merged over the file's values (`l2l run --scale NAME`).
@Suite struct SpecScalesTests {
    static let text = SpecTestSupport.minimal + """
        output: results/t.h5
        scales:
          full:
            outer: {iterations: 5, population: 12}
            inner: {iterations: 40}
            optimizee:
              function: {dimension: 6}
            tasks: {test: {count: 3}}
          wide:
            outer:
              search_space:
                - {path: inner.population, kind: integer, low: 10, high: 50}
            output: elsewhere/wide.h5

        """

    @Test func theFilesOwnValuesIgnoreTheScales() throws {
        let spec = try SpecLoader.parse(Self.text, fileName: "s.yaml")
        #expect(spec.scale == nil)
        #expect(spec.declaredScales == ["full", "wide"])
        #expect(spec.outer.optimizer.iterations == 2)
        #expect(spec.inner.iterations == 3)
        #expect(spec.output == "results/t.h5")
    }

    @Test func aScaleMergesMappingsKeyByKey() throws {
        let base = try SpecLoader.parse(Self.text, fileName: "s.yaml")
        let full = try SpecLoader.parse(Self.text, fileName: "s.yaml", scale: "full")
        #expect(full.scale == "full")
        #expect(full.outer.optimizer.iterations == 5)
        #expect(full.inner.iterations == 40)
        #expect(full.tasks.test.count == 3)
        #expect(full.tasks.train == base.tasks.train)
        #expect(full.outer.searchSpace == base.outer.searchSpace)
        guard case .function(let function) = full.optimizee, case .function(let baseFunction) = base.optimizee else {
            Issue.record("expected a function optimizee")
            return
        }
        #expect(function.dimension == 6)
        #expect(function.function == baseFunction.function)
        // The population is an outer GA key beside `optimizer`; the merge kept `optimizer: ga`.
        #expect(full.outer.optimizer.algorithm.identifier == "ga")
        #expect(full.output == "results/t-full.h5")
        #expect(full.defaultOutputPath == "results/t-full.h5")
        #expect(full != base)
    }

    @Test func aListIsReplacedWholeAndAnOutputKeptAsGiven() throws {
        let wide = try SpecLoader.parse(Self.text, fileName: "s.yaml", scale: "wide")
        #expect(wide.outer.searchSpace == [SearchSpaceEntry(path: "inner.population", kind: .integer(low: 10, high: 50))])
        #expect(wide.output == "elsewhere/wide.h5")
    }

    @Test func anUnknownScaleIsAnErrorAtTheScalesKey() throws {
        let error = #expect(throws: SpecErrors.self) { try SpecLoader.parse(Self.text, fileName: "s.yaml", scale: "ful") }
        let issue = try #require(error?.issues.first)
        #expect(issue.line == 17)
        #expect(issue.keyPath == "scales")
        #expect(issue.message.contains("'full' or 'wide'"))
        #expect(issue.message.contains("did you mean 'full'"))
        let none = #expect(throws: SpecErrors.self) { try SpecLoader.parse(SpecTestSupport.minimal, fileName: "m.yaml", scale: "full") }
        #expect(none?.issues.first?.message.contains("declares no scales") == true)
    }

    @Test func aBadValueInAScaleIsReportedAtItsOwnLine() throws {
        let text = SpecTestSupport.minimal + """
            scales:
              full:
                inner: {iterations: many, popualtion: 3}

            """
        // The file's own values are fine: the scale is checked when it is used.
        _ = try SpecLoader.parse(text, fileName: "s.yaml")
        let error = #expect(throws: SpecErrors.self) { try SpecLoader.parse(text, fileName: "s.yaml", scale: "full") }
        let issues = try #require(error?.issues)
        #expect(issues.count == 2)
        #expect(issues.allSatisfy { $0.line == 18 })
        #expect(issues.contains { $0.keyPath == "inner.iterations" })
        #expect(issues.contains { $0.message.contains("did you mean 'population'") })
    }

    @Test func aMalformedScalesBlockIsAnErrorEvenWithoutAScale() {
        for (block, fragment) in [
            ("scales: [full]\n", "expected a mapping of scale names"),
            ("scales:\n  full: 3\n", "expected a mapping of spec keys"),
            ("scales:\n  full:\n    scales: {x: {}}\n", "cannot declare scales"),
            ("scales:\n  'a b': {}\n", "a scale name is"),
        ] {
            let error = #expect(throws: SpecErrors.self) { try SpecLoader.parse(SpecTestSupport.minimal + block, fileName: "s.yaml") }
            #expect(error?.issues.contains { $0.message.contains(fragment) && $0.line > 0 } == true, "\(block)")
        }
    }

    @Test func assignmentsAppliedByTheOuterLoopKeepTheScale() throws {
        let full = try SpecLoader.parse(Self.text, fileName: "s.yaml", scale: "full")
        let candidate = try full.applying([(path: "inner.population", value: .int(7))])
        #expect(candidate.scale == "full")
        #expect(candidate.inner.iterations == 40)
        #expect(candidate.outer.optimizer.iterations == 5)
    }

    @Test func aSentExperimentKeepsItsScale() throws {
        let full = try SpecLoader.parse(Self.text, fileName: "s.yaml", scale: "full")
        let received = try Experiment(encodedSpec: try Experiment(spec: full).encodedSpec())
        #expect(received.spec == full)
    }

    @Test func aResultFileRecordsItsScaleAndResumeAppliesIt() async throws {
        let text = SpecTestSupport.minimal + """
            scales:
              full:
                inner: {iterations: 4}

            """
        let spec = try SpecLoader.parse(text, fileName: "s.yaml", scale: "full")
        let path = ExperimentTests.temporaryFile("scaled.h5")
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 1, outputPath: path))
        let stored = try Resume.recordedSpec(in: path)
        #expect(stored.scale == "full")
        #expect(stored.inner.iterations == 4)
        #expect(try ResultSummary.read(path: path).scale == "full")
        let unscaled = try SpecLoader.parse(text, fileName: "s.yaml")
        #expect(Resume.differences(stored: stored, given: unscaled).contains { $0.hasPrefix("scale: 'full' in the file, none given") })
    }

    /// Every study's scales are specs that validate (a typo in a full scale would otherwise show
    /// only when someone spends an hour on it).
    @Test func everyExperimentValidatesAtEveryScale() throws {
        var checked = 0
        for (name, text) in try SpecHostileInputTests.experimentTexts() {
            let base = try SpecLoader.parse(text, fileName: name)
            for scale in base.declaredScales {
                let scaled = try SpecLoader.parse(text, fileName: name, scale: scale)
                #expect(scaled != base, "\(name) at \(scale) changes nothing")
                checked += 1
            }
        }
        #expect(checked >= 8)
    }
}
