import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// `episode_draws`: training episodes fixed per task, or fresh at each inner iteration and shared by
/// that iteration's candidates (common random numbers).
@Suite struct EpisodeDrawsTests {
    /// An optimizee whose fitness is its first training episode's seed (as a fraction), whatever the
    /// parameters: equal fitness ⇔ equal episodes.
    struct EpisodeProbe: Optimizee {
        var draws: EpisodeDraws
        let fixedSeeds: [UInt64] = [42, 43]
        var parameterSpace: SearchSpace { SearchSpace([SearchDimension(name: "x", kind: .real, lower: 0, upper: 1)]) }
        var initialPoint: [Double]? { nil }
        func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
            let seeds = draws.episodes(fixed: fixedSeeds, count: 2, iteration: random) { stream, _ in stream.next() }
            return Evaluation(fitness: Double(seeds[0] >> 11) / Double(1 << 53))
        }
    }

    static func probe(_ draws: EpisodeDraws) async -> InnerRunResult {
        await InnerRun.execute(
            optimizee: EpisodeProbe(draws: draws),
            algorithm: .registered(RandomSearch.self, RandomSearch.Configuration(population: 4))!,
            iterations: 3, record: RecordSpec(candidates: true, state: false), timeLimit: nil,
            coordinates: RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 9, repeatIndex: 0),
            root: RandomStream(seed: 1))
    }

    @Test func freshEpisodesAreSharedWithinAnIterationAndNewAcrossIterations() async {
        let result = await Self.probe(.fresh)
        #expect(result.iterations.count == 3)
        for record in result.iterations {
            #expect(Set(record.candidates).count == 4, "distinct candidates")
            #expect(Set(record.fitness).count == 1, "iteration \(record.iteration): every candidate sees the same episodes")
        }
        #expect(Set(result.iterations.map { $0.fitness[0] }).count == 3, "each iteration draws new episodes")
        // The same coordinates draw the same episodes again (resume, another --jobs).
        #expect((await Self.probe(.fresh)).iterations.map(\.fitness) == result.iterations.map(\.fitness))
    }

    @Test func fixedEpisodesIgnoreTheIterationStream() async {
        let result = await Self.probe(.fixed)
        #expect(result.iterations.flatMap(\.fitness).allSatisfy { $0 == Double(UInt64(42) >> 11) / Double(1 << 53) })
    }

    @Test func connectomeDrawsFreshLayoutsFromTheIterationStream() throws {
        var spec = ConnectomeOptimizeeTests.tiny()
        spec.episodes = 2
        let fixed = try ConnectomeOptimizee(spec: spec, taskSeed: 3)
        spec.episodeDraws = .fresh
        let fresh = try ConnectomeOptimizee(spec: spec, taskSeed: 3)
        let iteration = RandomStream(seed: 5).derived(StreamLabel.evaluation, 0)
        let next = RandomStream(seed: 5).derived(StreamLabel.evaluation, 1)
        func food(_ layouts: [ForagingLayout]) -> [[Double]] { layouts.map { $0.foodX + $0.foodY } }
        #expect(food(fixed.trainingLayouts(iteration: iteration)) == food(fixed.trainLayouts))
        #expect(food(fixed.trainingLayouts(iteration: next)) == food(fixed.trainLayouts))
        let drawn = fresh.trainingLayouts(iteration: iteration)
        #expect(drawn.count == 2 && food(drawn) == food(fresh.trainingLayouts(iteration: iteration)))
        #expect(food(drawn) != food(fresh.trainingLayouts(iteration: next)))
        #expect(food(drawn) != food(fresh.trainLayouts))
        // The evaluation scores those layouts: the prior on the drawn layouts, episode by episode.
        var random = iteration
        let fitness = try fresh.evaluate(fresh.initialPoint!, random: &random).fitness
        let direct = fresh.episodes(fresh.initialPoint!, layouts: drawn).map(\.fitness)
        #expect(abs(fitness - direct.reduce(0, +) / 2) < 1e-12)
    }

    @Test func morrisLecarDrawsFreshTrialsFromTheIterationStream() throws {
        var spec = BiophysicalOptimizeeTests.tinyNetwork()
        spec.trials = 2
        let fixed = MorrisLecarOptimizee(spec: spec, taskSeed: 4)
        spec.episodeDraws = .fresh
        let fresh = MorrisLecarOptimizee(spec: spec, taskSeed: 4)
        let iteration = RandomStream(seed: 5).derived(StreamLabel.evaluation, 0)
        let next = RandomStream(seed: 5).derived(StreamLabel.evaluation, 1)
        func onsets(_ task: PulseIntegrationTask) -> [[Double]] { task.trials.map(\.onsets) }
        #expect(onsets(fixed.trainingTask(iteration: next)) == onsets(fixed.task))
        let drawn = fresh.trainingTask(iteration: iteration)
        #expect(drawn.trials.count == 2 && onsets(drawn) == onsets(fresh.trainingTask(iteration: iteration)))
        #expect(onsets(drawn) != onsets(fresh.trainingTask(iteration: next)))
        var random = iteration
        let e = try fresh.evaluate(fresh.initialPoint!, random: &random)
        #expect(e.targets == fresh.model.evaluate(parameters: fresh.initialPoint!, task: drawn).targets)
    }

    @Test func freshTrialsGiveTheSameDatasetsWhateverJobs() async throws {
        let text = """
            name: ml-fresh
            seed: 4
            outer:
              optimizer: random
              iterations: 1
              population: 2
              search_space:
                - {path: inner.sigma, kind: log_uniform, low: 0.01, high: 0.1}
            inner: {optimizer: openai_es, iterations: 3, population: 4}
            optimizee:
              morris_lecar: {neurons: 2, trials: 1, test_trials: 1, max_pulses: 2, stimulus_window_ms: 150,
                             delay_ms: 50, episode_draws: fresh}
            tasks: {train: {count: 2}, test: {count: 1}}
            """
        let spec = try SpecLoader.parse(text, fileName: "ml-fresh.yaml")
        guard case .morrisLecar(let network) = spec.optimizee else { Issue.record("not morris_lecar"); return }
        #expect(network.episodeDraws == .fresh)
        let one = ExperimentTests.temporaryFile("f1.h5"), two = ExperimentTests.temporaryFile("f2.h5")
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 1, outputPath: one))
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 2, outputPath: two))
        #expect(try ExperimentTests.sameDatasets(one, two), "h5diff found differences between --jobs 1 and --jobs 2")
    }

    /// A plug-in optimizee offers the same key: `SpecKey.episodeDraws` among its keys, read back into
    /// ``EpisodeDraws``.
    static let pluginRegistered: Void = {
        try! OptimizeeRegistry.register(OptimizeeDescriptor(
            identifier: "toy_episodes", doc: "Fitness is the first training episode's seed.",
            keys: [SpecKey.episodeDraws("episodes", countKey: "episodes")],
            make: { section, _ in EpisodeProbe(draws: EpisodeDraws(rawValue: section.string("episode_draws")!)!) }))
    }()

    @Test func aPluginOptimizeeOffersTheSameKey() throws {
        Self.pluginRegistered
        func spec(_ draws: String) -> String {
            ConnectomeOptimizeeTests.spec("{}").replacingOccurrences(of: "connectome: {}", with: "toy_episodes: \(draws)")
        }
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 1, repeatIndex: 0)
        for (text, expected) in [("{episode_draws: fresh}", EpisodeDraws.fresh), ("{}", .fixed)] {
            let parsed = try SpecLoader.parse(spec(text), fileName: "plugin.yaml")
            let optimizee = try OptimizeeFactory.make(parsed.optimizee, coordinates: coordinates, resources: OptimizeeResources())
            #expect((optimizee as? EpisodeProbe)?.draws == expected, "\(text)")
        }
        #expect(ConnectomeOptimizeeTests.issues(spec("{episode_draws: always}")).contains {
            $0.keyPath == "optimizee.toy_episodes.episode_draws" && $0.line > 0
        })
    }

    @Test func anUnknownDrawModeIsAPositionedError() {
        let text = ConnectomeOptimizeeTests.spec("{episode_draws: sometimes}")
        let issues = ConnectomeOptimizeeTests.issues(text)
        #expect(issues.contains { $0.keyPath == "optimizee.connectome.episode_draws" && $0.line > 0 })
    }
}
