import Foundation
import HDF5
import L2LNetworks
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// `optimizee.morris_lecar`, `optimizee.gonogo` and `inner.optimizer: neuromodulated` wired into
/// the spec and the inner run.
@Suite struct BiophysicalOptimizeeTests {
    static let root = ExperimentTests.root

    static func load(_ name: String) throws -> ExperimentSpec {
        try SpecLoader.load(contentsOf: root.appendingPathComponent("experiments/\(name)").path)
    }

    /// A Go/No-Go spec with `inner` and `gonogo` lines substituted.
    static func goNoGo(outer: String = "ga", inner: String = "neuromodulated", iterations: Int = 120,
                       optimizee: String = "gonogo: {reversal_at: 60, criterion_window: 10}") -> String {
        """
        name: g
        seed: 2
        outer:
          optimizer: \(outer)
          iterations: 2
          population: 4
          search_space:
            - {path: inner.learning_rate, kind: log_uniform, low: 0.05, high: 1}
            - {path: inner.noradrenaline_temperature_gain, kind: uniform, low: 0, high: 20}
        inner:
          optimizer: \(inner)
          iterations: \(iterations)
        optimizee:
          \(optimizee)
        tasks:
          train: {count: 2}
          test: {count: 2}
        record: {candidates: false}
        """
    }

    static func issues(_ text: String) -> [SpecIssue] {
        do {
            _ = try SpecLoader.parse(text, fileName: "spec.yaml")
            return []
        } catch {
            return error.issues
        }
    }

    @Test func experimentFilesParse() throws {
        let ml = try Self.load("morris-lecar-wm.yaml")
        guard case .morrisLecar(let network) = ml.optimizee else { Issue.record("not morris_lecar"); return }
        #expect(network.neurons == 10 && network.trials == 2 && network.neuronClass == .classI && network.biasCurrent == 38)
        #expect(ml.inner.algorithm.identifier == "openai_es")
        #expect(ml.outer.searchSpace.map(\.path) == ["inner.sigma", "inner.learning_rate"])

        let neuromod = try Self.load("gonogo-neuromod.yaml")
        #expect(neuromod.inner.algorithm == .neuromodulated(NeuromodulationConstants()))
        #expect(neuromod.optimizee == .gonogo(GoNoGoOptimizeeSpec(reversalAt: 200)))
        #expect(neuromod.outer.searchSpace.count == 6)
        let tuned = try neuromod.applying([(path: "inner.noradrenaline_learning_gain", value: .double(2))])
        #expect(tuned.inner.algorithm == .neuromodulated(NeuromodulationConstants(noradrenalineLearningGain: 2)))

        let dopamine = try Self.load("gonogo-dopamine-only.yaml")
        #expect(dopamine.inner.algorithm == .neuromodulated(NeuromodulationConstants().dopamineOnly))
        #expect(!dopamine.outer.searchSpace.contains { $0.path.contains("noradrenaline") })
    }

    @Test func classIIDefaultsItsBiasBelowTheHopfCurrent() throws {
        let spec = try SpecLoader.parse("""
            name: m
            seed: 1
            outer: {optimizer: ga, iterations: 1, search_space: [{path: inner.sigma, kind: uniform, low: 0.01, high: 0.1}]}
            inner: {optimizer: openai_es, iterations: 1}
            optimizee:
              morris_lecar: {neurons: 3, neuron_class: class_ii}
            tasks: {train: {count: 1}, test: {count: 1}}
            """, fileName: "m.yaml")
        guard case .morrisLecar(let network) = spec.optimizee, let hopf = MorrisLecarParameters.classII.hopfCurrent()
        else { Issue.record("not morris_lecar or no Hopf current"); return }
        #expect(network.biasCurrent < hopf && network.biasCurrent > 0.9 * hopf)
    }

    @Test func neuromodulatedUnderOuterIsAPositionedError() {
        let issues = Self.issues(Self.goNoGo(outer: "neuromodulated"))
        let issue = issues.first { $0.keyPath == "outer.optimizer" }
        #expect(issue?.line == 4 && issue?.column == 14, "\(issues)")
        #expect(issue?.message.contains("valid only as inner.optimizer") == true, "\(issues)")
        // The outer loop can never reach OptimizerFactory with it; the factory refuses it anyway.
        #expect(throws: OptimizerError.self) {
            _ = try OptimizerFactory.make(.neuromodulated(NeuromodulationConstants()), space: .box(count: 1, lower: 0, upper: 1),
                                      initialPoint: nil, random: RandomStream(seed: 1))
        }
    }

    @Test func neuromodulatedAndGoNoGoRequireEachOther() {
        let withFunction = Self.issues(Self.goNoGo(optimizee: "function: {name: sphere, dimension: 2}"))
        let a = withFunction.first { $0.keyPath == "inner.optimizer" }
        #expect(a?.line == 11 && a?.column == 14 && a?.message.contains("only optimizee.gonogo") == true, "\(withFunction)")

        let withCEM = Self.issues(Self.goNoGo(inner: "cem"))
        let b = withCEM.first { $0.keyPath == "optimizee.gonogo" }
        #expect(b?.line == 14 && b?.message.contains("neuromodulated") == true, "\(withCEM)")
    }

    @Test func reversalMustFallInsideTheSession() {
        let late = Self.issues(Self.goNoGo(iterations: 60))
        #expect(late.count == 1, "\(late)")
        #expect(late.first?.keyPath == "optimizee.gonogo.reversal_at" && late.first?.line == 14, "\(late)")
        #expect(late.first?.message.contains("must be less than inner.iterations (60)") == true, "\(late)")
        // A searched trial count that can fall to the reversal is caught before running.
        let searched = Self.issues(Self.goNoGo().replacingOccurrences(
            of: "    - {path: inner.noradrenaline_temperature_gain, kind: uniform, low: 0, high: 20}",
            with: "    - {path: inner.iterations, kind: integer, low: 50, high: 200}"))
        #expect(searched.first?.keyPath == "outer.search_space[1].low", "\(searched)")
    }

    @Test func pulsesThatDoNotFitAreRejected() {
        let issues = Self.issues("""
            name: m
            seed: 1
            outer: {optimizer: ga, iterations: 1, search_space: [{path: inner.sigma, kind: uniform, low: 0.01, high: 0.1}]}
            inner: {optimizer: openai_es, iterations: 1}
            optimizee:
              morris_lecar: {neurons: 3, max_pulses: 6, stimulus_window_ms: 200, min_gap_ms: 60}
            tasks: {train: {count: 1}, test: {count: 1}}
            """)
        #expect(issues.count == 1 && issues.first?.keyPath == "optimizee.morris_lecar.stimulus_window_ms", "\(issues)")
    }

    /// A small network on short trials, cheap in a debug build.
    static func tinyNetwork() -> MorrisLecarOptimizeeSpec {
        var s = MorrisLecarOptimizeeSpec()
        s.neurons = 3
        s.trials = 1
        s.testTrials = 1
        s.maximumPulses = 2
        s.stimulusWindowMs = 150
        s.delayMs = 100
        s.sampleIntervalMs = 10
        return s
    }

    @Test func optimizeeExposesTheNetworksLayout() throws {
        let a = MorrisLecarOptimizee(spec: Self.tinyNetwork(), taskSeed: 1)
        let b = MorrisLecarOptimizee(spec: Self.tinyNetwork(), taskSeed: 2)
        #expect(a.parameterSpace.count == 3 * 3 + 2 * 3 + 1)
        #expect(a.parameterSpace.dimensions[0].upper == 10 && a.parameterSpace.dimensions[9].upper == 40)
        #expect(a.initialPoint?.count == a.parameterSpace.count)
        #expect(a.task != b.task && a.task != a.testTask)
        var random = RandomStream(seed: 0)
        let e = try a.evaluate(a.initialPoint!, random: &random)
        #expect(e.fitness.isFinite && e.fitness <= 0)
        #expect(e.outputs?.count == e.targets?.count && e.outputs?.count == a.task.sampleTimes.count)
        // A divergent candidate is a failed evaluation, not a crash.
        var nan = a.initialPoint!
        nan[0] = .nan
        #expect(try a.evaluate(nan, random: &random).fitness == -.infinity)
        #expect(a.finalReport(bestParameters: a.initialPoint!)["test_mse"]?.isFinite == true)
    }

    @Test func artifactsAreTheHeldOutReadoutAgainstTheStaircase() throws {
        var spec = Self.tinyNetwork()
        spec.testTrials = 2
        let optimizee = MorrisLecarOptimizee(spec: spec, taskSeed: 4)
        let prior = try #require(optimizee.initialPoint)
        var trained = prior
        trained[trained.count - 1] = 0.5  // the readout bias: the trained readout is the prior's + 0.5
        let arrays = Dictionary(uniqueKeysWithValues: optimizee.finalArtifacts(bestParameters: trained).map { ($0.name, $0) })
        #expect(Set(arrays.keys) == ["readout", "prior_readout", "target", "sample_time", "pulse_onset", "pulse_width", "stimulus_window"])
        let samples = optimizee.testTask.sampleTimes.count
        let readout = try #require(arrays["readout"]), priorReadout = try #require(arrays["prior_readout"])
        #expect(readout.shape == [2, samples] && priorReadout.shape == [2, samples])
        for (a, b) in zip(readout.values, priorReadout.values) { #expect(abs(a - b - (0.5 - prior[prior.count - 1])) < 1e-9) }
        // The staircase steps by 1 / max_pulses when a pulse ends, and the onsets are the held-out trials'.
        let target = try #require(arrays["target"])
        let onsets = try #require(arrays["pulse_onset"])
        #expect(onsets.shape == [2, 2])
        for trial in 0..<2 {
            let count = optimizee.testTask.trials[trial].count
            #expect(target.values[trial * samples + samples - 1] == Double(count) / 2)
            #expect(Array(onsets.values[(trial * 2)..<(trial * 2 + count)]) == optimizee.testTask.trials[trial].onsets)
        }
        #expect(arrays["sample_time"]?.values == optimizee.testTask.sampleTimes)
        // The mean squared error of the recorded traces is the reported test_mse.
        let mse = zip(readout.values, target.values).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(readout.values.count)
        #expect(abs(mse - (optimizee.finalReport(bestParameters: trained)["test_mse"] ?? .nan)) < 1e-9)
    }

    @Test func evolutionStrategyImprovesTheReadout() async throws {
        let optimizee = MorrisLecarOptimizee(spec: Self.tinyNetwork(), taskSeed: 5)
        var random = RandomStream(seed: 0)
        let start = try optimizee.evaluate(optimizee.initialPoint!, random: &random).fitness
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 5, repeatIndex: 0)
        let result = await InnerRun.execute(
            optimizee: optimizee,
            algorithm: .registered(OpenAIEvolutionStrategy.self, OpenAIEvolutionStrategy.Configuration(population: 6, sigma: 0.02, learningRate: 0.02))!,
            iterations: 6, record: RecordSpec(candidates: false, state: false), timeLimit: nil,
            coordinates: coordinates, root: RandomStream(seed: 3))
        #expect(result.failure == nil)
        #expect(result.finalBest > start, "start \(start), best \(result.finalBest)")
        #expect(result.metrics["test_mse"] != nil)
    }

    @Test func goNoGoExperimentRecordsLearningCurves() async throws {
        let spec = try SpecLoader.parse(Self.goNoGo(), fileName: "gonogo.yaml")
        let path = ExperimentTests.temporaryFile("gonogo.h5")
        let summary = try await Experiment(spec: spec).run(options: RunOptions(jobs: 2, outputPath: path))
        #expect(summary.generations == 2)
        let file = try HDF5File.open(path)
        defer { file.close() }
        #expect(try file.root.attribute("inner_optimizer") == .string("neuromodulated"))
        #expect(try RunRows.count(file, phase: "train") == 2 * 4 * 2)
        let runs = try file.root.openGroup("runs")
        let n = try runs.openDataset("phase").shape[0]
        #expect(try runs.openDataset("learning_curve").shape == [n, 120])
        #expect(try runs.openDataset("state_dopamine").shape == [n, 120])
        #expect(try runs.openDataset("kind").readStrings().allSatisfy { $0 == "lifetime" })
        #expect(!runs.contains("best_fitness"))
        let finals = try file.root.openGroup("outer").openDataset("run_final_fitness").read(as: Double.self)
        #expect(finals.allSatisfy { $0 <= 0 && $0 >= -60 })
    }
}
