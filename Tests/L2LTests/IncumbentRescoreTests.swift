import Foundation
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// `inner.rescore_top` / `rescore_draws`: the best points of an inner run re-scored on validation
/// draws from the run's own stream before the run reports them (against the winner's curse of
/// noisy evaluations).
@Suite struct IncumbentRescoreTests {
    /// A quadratic with its optimum at 0.3 plus noise drawn from the stream the evaluation is handed:
    /// every candidate of an iteration meets the same offset (common random numbers), so the best told
    /// fitness of a run is mostly the iteration with the luckiest draw.
    struct NoisyQuadratic: Optimizee {
        var noise = 1.0
        var parameterSpace: SearchSpace { SearchSpace([SearchDimension(name: "x", kind: .real, lower: 0, upper: 1)]) }
        var initialPoint: [Double]? { nil }
        func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
            Evaluation(fitness: -(parameters[0] - 0.3) * (parameters[0] - 0.3) + noise * random.nextGaussian())
        }
    }

    static let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 9, repeatIndex: 0)

    static func run(_ optimizee: any Optimizee, rescore: IncumbentRescore?) async -> InnerRunResult {
        await InnerRun.execute(
            optimizee: optimizee, algorithm: .registered(RandomSearch.self, RandomSearch.Configuration(population: 6))!,
            iterations: 8, record: RecordSpec(candidates: true, state: false), timeLimit: nil,
            coordinates: coordinates, root: RandomStream(seed: 3), rescore: rescore)
    }

    @Test func topCandidatesKeepsTheBestDistinctPointsEarlierFirstOnTies() {
        var top = TopCandidates(capacity: 3)
        top.offer([1], fitness: 0.5)
        top.offer([2], fitness: .nan)
        top.offer([3], fitness: 0.9)
        top.offer([1], fitness: 2.0)  // already kept: its first fitness stays
        top.offer([4], fitness: 0.5)
        top.offer([5], fitness: 0.1)  // below the three kept
        top.offer([6], fitness: -.infinity)
        #expect(top.entries.map(\.point) == [[3], [1], [4]])
        #expect(top.entries.map(\.fitness) == [0.9, 0.5, 0.5])
    }

    @Test func theReportedPointIsTheBestOfTheTopOnTheValidationDraws() async throws {
        let optimizee = NoisyQuadratic()
        let plain = await Self.run(optimizee, rescore: nil)
        let rescore = IncumbentRescore(candidates: 5, draws: 4)
        let result = await Self.run(optimizee, rescore: rescore)
        // The optimizer's trajectory is the same; only what is reported changes.
        #expect(result.iterations.map(\.fitness) == plain.iterations.map(\.fitness))
        #expect(result.bestCurve == plain.bestCurve)
        // Recompute independently: the 5 best distinct told points, each scored on the 4 validation streams.
        let told = zip(result.iterations.flatMap(\.candidates), result.iterations.flatMap(\.fitness))
            .enumerated().sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }
            .prefix(5).map(\.element)
        let stream = Self.coordinates.stream(root: RandomStream(seed: 3))
        func validation(_ point: [Double]) throws -> Double {
            try (0..<4).map { draw -> Double in
                var random = stream.derived(StreamLabel.validation, UInt64(draw))
                return try optimizee.evaluate(point, random: &random).fitness
            }.reduce(0, +) / 4
        }
        let scores = try told.map { try validation($0.0) }
        let best = scores.indices.max { scores[$0] < scores[$1] }!
        #expect(result.bestPoint == told[best].0)
        #expect(result.finalBest == scores[best])
        #expect(result.metrics["rescore_told_fitness"] == told[best].1)
        #expect(result.metrics["rescore_rank"] == Double(best))
        #expect(result.metrics["rescore_incumbent_told_fitness"] == plain.finalBest)
        #expect(result.metrics["rescore_evaluations"] == 20)
        // The told best is inflated by its lucky draw; the validation score is not.
        #expect(result.finalBest < plain.finalBest)
        // The same coordinates give the same answer (resume, another --jobs).
        let again = await Self.run(optimizee, rescore: rescore)
        #expect(again.bestPoint == result.bestPoint && again.finalBest == result.finalBest)
    }

    @Test func withoutNoiseReScoringKeepsTheIncumbentAndItsFitness() async {
        let optimizee = NoisyQuadratic(noise: 0)
        let plain = await Self.run(optimizee, rescore: nil)
        let result = await Self.run(optimizee, rescore: IncumbentRescore(candidates: 3, draws: 2))
        #expect(result.bestPoint == plain.bestPoint)
        #expect(result.finalBest == plain.finalBest)
        #expect(result.metrics["rescore_rank"] == 0)
    }

    @Test func theKeysParseAndAreChecked() throws {
        func text(_ inner: String) -> String {
            """
            name: r
            seed: 1
            outer:
              optimizer: random
              iterations: 1
              population: 2
              search_space:
                - {path: inner.sigma, kind: log_uniform, low: 0.01, high: 0.1}
            inner: {optimizer: openai_es, iterations: 2, population: 4\(inner)}
            optimizee:
              function: {name: sphere, dimension: 2}
            tasks: {train: {count: 1}, test: {count: 1}}
            """
        }
        #expect(try SpecLoader.parse(text(""), fileName: "r.yaml").inner.rescore == nil)
        #expect(try SpecLoader.parse(text(", rescore_top: 0"), fileName: "r.yaml").inner.rescore == nil)
        #expect(try SpecLoader.parse(text(", rescore_top: 3"), fileName: "r.yaml").inner.rescore == IncumbentRescore(candidates: 3, draws: 1))
        #expect(try SpecLoader.parse(text(", rescore_top: 3, rescore_draws: 5"), fileName: "r.yaml").inner.rescore
            == IncumbentRescore(candidates: 3, draws: 5))
        #expect(ConnectomeOptimizeeTests.issues(text(", rescore_top: -1")).contains {
            $0.keyPath == "inner.rescore_top" && $0.line > 0
        })
        #expect(ConnectomeOptimizeeTests.issues(text(", rescore_top: 2, rescore_draws: 0")).contains {
            $0.keyPath == "inner.rescore_draws" && $0.line > 0
        })
    }

    @Test func reScoringGivesTheSameDatasetsWhateverJobs() async throws {
        let text = """
            name: ml-rescore
            seed: 4
            outer:
              optimizer: random
              iterations: 1
              population: 2
              search_space:
                - {path: inner.sigma, kind: log_uniform, low: 0.01, high: 0.1}
            inner: {optimizer: openai_es, iterations: 3, population: 4, rescore_top: 3, rescore_draws: 2}
            optimizee:
              morris_lecar: {neurons: 2, trials: 1, test_trials: 1, max_pulses: 2, stimulus_window_ms: 150,
                             delay_ms: 50, episode_draws: fresh}
            tasks: {train: {count: 2}, test: {count: 1}}
            """
        let spec = try SpecLoader.parse(text, fileName: "ml-rescore.yaml")
        #expect(spec.inner.rescore == IncumbentRescore(candidates: 3, draws: 2))
        let one = ExperimentTests.temporaryFile("r1.h5"), two = ExperimentTests.temporaryFile("r2.h5")
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 1, outputPath: one))
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 2, outputPath: two))
        #expect(try ExperimentTests.sameDatasets(one, two), "h5diff found differences between --jobs 1 and --jobs 2")
    }
}
