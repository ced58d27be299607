import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// `optimizee.connectome` with `task: foraging_paper`: the ENOMAD study's own arena and neuron model.
@Suite struct PaperForagingOptimizeeTests {
    static func spec(_ extra: String = "", draws: String = "fresh") -> String {
        """
        name: paper-forage
        seed: 3
        outer:
          optimizer: random
          iterations: 1
          population: 2
          search_space:
            - {path: inner.mutation_scale, kind: log_uniform, low: 0.05, high: 0.5}
        inner: {optimizer: ga, iterations: 2, population: 4, crossover: uniform}
        optimizee:
          connectome:
            task: foraging_paper
            data_directory: \(ConnectomeOptimizeeTests.data)
            episodes: 1
            episode_draws: \(draws)
            test_episodes: 2
            random_baselines: 1
            paper: {steps: 30\(extra)}
        tasks: {train: {count: 1}, test: {count: 1}}
        """
    }

    static func optimizee(_ text: String, seed: UInt64 = 4) throws -> PaperForagingOptimizee {
        let spec = try SpecLoader.parse(text, fileName: "paper.yaml")
        guard case .connectome(let worm) = spec.optimizee else { throw CancellationError() }
        return try PaperForagingOptimizee(spec: worm, taskSeed: seed)
    }

    @Test func theSpecSelectsTheStudysSettingAndItsUntrainedWorm() throws {
        let worm = try Self.optimizee(Self.spec(", pattern: square, food_count: 40, weight_bound: 5"))
        #expect(worm.spec.task == .foragingPaper && worm.spec.paper.patterns == [.square])
        #expect(worm.spec.paper.foodCount == 40 && worm.spec.paper.steps == 30 && worm.spec.paperWeightBound == 5)
        #expect(worm.testLayouts.allSatisfy { $0.pattern == .square && $0.foodX.count == 40 })
        // Initial point: the unmodified connectome; bounds hold it and ±B.
        #expect(worm.initialPoint == worm.task.network.priorWeights)
        for (d, w) in zip(worm.parameterSpace.dimensions, worm.task.network.priorWeights) {
            #expect(d.lower == min(-5, w) && d.upper == max(5, w))
        }
        // The fitness is the episode's summed reward on the training layouts.
        var random = RandomStream(seed: 1)
        let prior = try #require(worm.initialPoint)
        let e = try worm.evaluate(prior, random: &random)
        let layouts = worm.trainingLayouts(iteration: RandomStream(seed: 1))
        #expect(e.fitness == worm.task.run(weights: prior, layout: layouts[0]).fitness)
        let report = worm.finalReport(bestParameters: prior)
        #expect(report["food_eaten"] == report["food_eaten_prior"] && report["test_fitness"] == report["test_fitness_prior"])
        #expect(SpecLoaderErrorCheck.message(Self.spec(", pattern: spiral"))?.contains("pattern") == true)
    }

    @Test func freshLayoutsComeFromTheIterationStream() throws {
        let fresh = try Self.optimizee(Self.spec(", pattern: random"))
        let fixed = try Self.optimizee(Self.spec(", pattern: random", draws: "fixed"))
        let iteration = RandomStream(seed: 5).derived(StreamLabel.evaluation, 0)
        let next = RandomStream(seed: 5).derived(StreamLabel.evaluation, 1)
        #expect(fixed.trainingLayouts(iteration: iteration) == fixed.trainLayouts)
        #expect(fresh.trainingLayouts(iteration: iteration) == fresh.trainingLayouts(iteration: iteration))
        #expect(fresh.trainingLayouts(iteration: iteration) != fresh.trainingLayouts(iteration: next))
        #expect(fresh.trainingLayouts(iteration: iteration) != fresh.trainLayouts)
    }

    @Test func theSameDatasetsWhateverJobs() async throws {
        let spec = try SpecLoader.parse(Self.spec(), fileName: "paper.yaml")
        let one = ExperimentTests.temporaryFile("p1.h5"), two = ExperimentTests.temporaryFile("p2.h5")
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 1, outputPath: one))
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 2, outputPath: two))
        #expect(try ExperimentTests.sameDatasets(one, two), "h5diff found differences between --jobs 1 and --jobs 2")
    }
}

/// The message of a spec that fails to load, nil if it loads.
enum SpecLoaderErrorCheck {
    static func message(_ text: String) -> String? {
        do {
            _ = try SpecLoader.parse(text, fileName: "paper.yaml")
            return nil
        } catch {
            return String(describing: error)
        }
    }
}
