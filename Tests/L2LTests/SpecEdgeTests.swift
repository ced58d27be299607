import Foundation
import Testing
@testable import L2L
@testable import L2LOptimizees

/// Issue 21 at the library level: YAML tags, `--set` overrides, the data search path, the
/// feasibility checks and the ETA. (The command-line side is Tests/python/test_edges.py.)
@Suite struct SpecEdgeTests {
    static let minimal = SpecTestSupport.minimal

    @Test func tagsThatChangeAValueAreRefusedWithTheirPosition() {
        let tagged = Self.minimal.replacingOccurrences(of: "seed: 1", with: "seed: !!str 42")
        let issues = SpecTestSupport.issues(tagged)
        #expect(issues.count == 1 && issues[0].keyPath == "seed" && issues[0].line == 2 && issues[0].column == 7, "\(issues)")
        #expect(issues.first?.message.contains("!!str") == true)
        let python = SpecTestSupport.issues(Self.minimal.replacingOccurrences(of: "name: t", with: "name: !!python/object:os.system ls"))
        #expect(python.first?.keyPath == "name" && python.first?.message.contains("!!python/object:os.system") == true, "\(python)")
        let local = SpecTestSupport.issues(Self.minimal.replacingOccurrences(of: "optimizer: cem", with: "optimizer: !mine cem"))
        #expect(local.first?.keyPath == "inner.optimizer", "\(local)")
        // A tag that agrees with the plain value, and quoted strings, are not tags a user wrote to change anything.
        #expect(throws: Never.self) { _ = try SpecLoader.parse(Self.minimal.replacingOccurrences(of: "seed: 1", with: "seed: !!int 1"), fileName: "t.yaml") }
        #expect(throws: Never.self) { _ = try SpecLoader.parse(Self.minimal.replacingOccurrences(of: "name: t", with: "name: \"t\""), fileName: "t.yaml") }
    }

    @Test func overridesAreValidatedAndWrittenIntoTheRecordedText() throws {
        let spec = try SpecLoader.parse(Self.minimal, fileName: "t.yaml")
        let changed = try SpecOverrides.apply(["inner.iterations=7", "inner.covariance=full", "seed=9"], to: spec)
        #expect(changed.inner.iterations == 7 && changed.seed == 9)
        // The recorded text alone gives the same spec (what resume reads back).
        let reread = try SpecLoader.parse(changed.source.text, fileName: "t.yaml")
        #expect(reread.inner == changed.inner && reread.seed == 9 && reread.outer == changed.outer)
        #expect(changed.source.text.hasPrefix("# t.yaml with l2l run --set inner.iterations=7"))
        #expect(throws: SpecErrors.self) { _ = try SpecOverrides.apply(["inner.iteratons=7"], to: spec) }
        #expect(throws: SpecErrors.self) { _ = try SpecOverrides.apply(["inner.iterations=-1"], to: spec) }
        #expect(throws: SpecErrors.self) { _ = try SpecOverrides.apply(["no-equals-sign"], to: spec) }
        #expect(SpecOverrides.scalar("0.1") == .double(0.1) && SpecOverrides.scalar("3") == .int(3)
            && SpecOverrides.scalar("'3'") == .string("3") && SpecOverrides.scalar("full") == .string("full"))
    }

    @Test func dataPathsAreFoundFromTheSpecDirectoryUpwards() throws {
        let root = SpecTestSupport.repositoryRoot.path
        let search = DataSearchPath(specDirectory: root + "/experiments", workingDirectory: "/", environment: [:])
        #expect(search.directories.prefix(2) == [root + "/experiments", root])
        #expect(search.resolve("data", containing: "digits/digits8x8-images.idx3-ubyte") == root + "/data")
        #expect(DataSearchPath(specDirectory: nil, workingDirectory: "/", environment: [:]).resolve("data", containing: "digits") == nil)
        let fromEnvironment = DataSearchPath(specDirectory: nil, workingDirectory: "/", environment: ["L2L_DATA_PATH": "/nonexistent:" + root])
        #expect(fromEnvironment.resolve("data/connectome") == root + "/data/connectome")
    }

    @Test func feasibilityRefusesWhatCannotFit() throws {
        let big = Self.minimal.replacingOccurrences(of: "train: {count: 1}", with: "train: {count: 100000}")
        let spec = try SpecLoader.parse(big + "  repeats: 10000\n", fileName: "big.yaml")
        let issues = SpecFeasibility.issues(for: spec, memory: 16 << 30)
        #expect(issues.count == 1 && issues[0].keyPath == "tasks.train.count" && issues[0].line > 0, "\(issues)")
        #expect(SpecFeasibility.issues(for: try SpecLoader.parse(Self.minimal, fileName: "t.yaml"), memory: 16 << 30).isEmpty)
        let digits = try String(contentsOfFile: SpecTestSupport.repositoryRoot.appendingPathComponent("experiments/enkf-digits.yaml").path, encoding: .utf8)
        var full = try SpecLoader.parse(digits.replacingOccurrences(of: "covariance: diagonal ", with: "covariance: full "), fileName: "d.yaml")
        full.sourceDirectory = SpecTestSupport.repositoryRoot.appendingPathComponent("experiments").path
        let covariance = SpecFeasibility.issues(for: full)
        #expect(covariance.count == 1 && covariance[0].keyPath == "record.covariance" && covariance[0].message.contains("2410"), "\(covariance)")
        let wide = try SpecLoader.parse(digits.replacingOccurrences(of: "hidden_layers: [32]", with: "hidden_layers: [100000, 100000, 100000]"), fileName: "d.yaml")
        let network = SpecFeasibility.issues(for: wide, memory: 64 << 30)
        #expect(network.first?.keyPath == "optimizee.classifier.hidden_layers" && network.first?.message.contains("GB") == true, "\(network)")
    }

    @Test func etaCountsTheHeldOutRuns() {
        var report = ProgressReport(
            generation: 1, generations: 3, innerRuns: 10, evaluations: 0, bestFitness: 0, meanFitness: 0, failedRuns: 0,
            failedEvaluations: 0, elapsed: 10, generationsThisSession: 1,
            innerRunsPerGeneration: 10, heldOutRuns: 10, innerRunsThisSession: 10)
        #expect(report.estimatedRemaining == 30)  // 2 generations and the held-out phase, 1 s per inner run
        report.runsDone = 4
        report.innerRunsThisSession = 14
        report.elapsed = 14
        #expect(report.estimatedRemaining == 36 && report.line.hasPrefix("  gen 1/3: 4/10 inner runs"))
    }
}
