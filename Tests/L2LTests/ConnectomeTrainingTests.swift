import Foundation
import HDF5
import L2LNetworks
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// The connectome worm learns: training beats the untrained connectome; chemotaxis and path recording.
@Suite struct ConnectomeTrainingTests {
    /// Short episodes on one training layout, small enough for a debug build.
    static func small(_ task: ConnectomeOptimizeeSpec.Task = .foraging) -> ConnectomeOptimizeeSpec {
        var spec = ConnectomeOptimizeeSpec()
        spec.task = task
        if task == .chemotaxis { spec.foraging = .chemotaxis }
        spec.dataDirectory = ConnectomeOptimizeeTests.data
        spec.method = .euler
        spec.trainable = .circuit
        spec.trainSensoryGains = true
        spec.episodes = 1
        spec.testEpisodes = 2
        spec.randomBaselines = 1
        spec.foraging.controlSteps = 40
        spec.foraging.simulationStepsPerControl = 40
        return spec
    }

    static func train(_ optimizee: ConnectomeOptimizee, _ algorithm: OptimizerAlgorithm, iterations: Int,
                      artifacts: Bool = false) async -> InnerRunResult {
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0,
                                         taskSeed: optimizee.taskSeed, repeatIndex: 0)
        return await InnerRun.execute(
            optimizee: optimizee, algorithm: algorithm, iterations: iterations,
            record: RecordSpec(candidates: false, state: false, artifacts: artifacts), timeLimit: nil,
            coordinates: coordinates, root: RandomStream(seed: 11))
    }

    /// The issue's learning test: a few generations of ENOMAD (from the prior) and of a GA beat the
    /// untrained connectome on the training layout. It fails when the weights barely reach the motor
    /// output (as with the earlier saturating ASE/AWC drive, where trained = untrained).
    @Test(arguments: ["enomad", "ga"])
    func fewGenerationsBeatTheUntrainedConnectome(optimizer: String) async throws {
        let optimizee = try ConnectomeOptimizee(spec: Self.small(), taskSeed: 4)
        let algorithm: OptimizerAlgorithm = optimizer == "ga"
            ? .registered(GeneticAlgorithm.self, GeneticAlgorithm.Configuration(population: 8, tournamentSize: 2, mutationProbability: 0.3,
                                                 mutationScale: 0.3, elites: 1))!
            : .enomad(ENOMAD.Configuration(variant: .rENOMAD, population: 8, subsetSize: 10, box: 2, evaluationsPerCall: 8))
        let result = await Self.train(optimizee, algorithm, iterations: 4)
        #expect(result.failure == nil, "\(result.failure ?? "")")
        let trained = try #require(result.metrics["train_fitness"]), prior = try #require(result.metrics["train_fitness_prior"])
        #expect(trained > prior + 0.05, "\(optimizer): trained \(trained), untrained \(prior)")
    }

    @Test func chemotaxisScoresTheFinalClosenessToThePeak() throws {
        let optimizee = try ConnectomeOptimizee(spec: Self.small(.chemotaxis), taskSeed: 2)
        let layout = optimizee.trainLayouts[0]
        #expect(layout.pattern == .peak && layout.foodX.count == 1)
        let fromStart = hypot(layout.foodX[0] - layout.startX, layout.foodY[0] - layout.startY)
        #expect(fromStart >= 0.3 - 1e-12 && fromStart <= 0.4 + 1e-12, "\(fromStart)")
        let outcome = optimizee.episodes(optimizee.initialPoint!, layouts: [layout], recordPath: true)[0]
        #expect(outcome.foodEaten == 0 && !outcome.diverged)
        #expect(abs(outcome.fitness - (1 - outcome.finalDistance / 2.squareRoot())) < 1e-12)
        let end = (outcome.path[outcome.path.count - 2], outcome.path[outcome.path.count - 1])
        #expect(abs(hypot(end.0 - layout.foodX[0], end.1 - layout.foodY[0]) - outcome.finalDistance) < 1e-12)
        let report = optimizee.finalReport(bestParameters: optimizee.initialPoint!)
        #expect(report["final_distance"] == report["final_distance_prior"] && report["final_distance_random"] != nil)
        #expect(report["food_eaten"] == nil)
    }

    @Test func specSelectsTheTaskAndItsKeys() throws {
        let spec = try SpecLoader.parse(ConnectomeOptimizeeTests.spec(
            "{task: chemotaxis, peak_width: 0.15, trainable: circuit, train_sensory_gains: true, derivative_gain_pa: 50}"),
            fileName: "w.yaml")
        guard case .connectome(let worm) = spec.optimizee else { Issue.record("not connectome"); return }
        #expect(worm.task == .chemotaxis && worm.foraging.odourWidth == 0.15 && !worm.foraging.consumable)
        #expect(worm.foraging.patterns == [.peak] && worm.foraging.derivativeGain == 50)
        #expect(worm.trainable == .circuit && worm.trainSensoryGains)
        let o = try ConnectomeOptimizee(spec: { var s = worm; s.dataDirectory = ConnectomeOptimizeeTests.data; return s }(),
                                        taskSeed: 0)
        // Varshney 2011: 156 chemical edges and 25 gap pairs among the 36 circuit neurons, then 6 gains.
        #expect(o.parameterSpace.dimensions.count == 156 + 25 + 6)
        #expect(o.parameterSpace.dimensions.suffix(6).map(\.name) == ConnectomeOptimizeeTests.gainNames)
    }

    /// `record.artifacts`: the run carries the paths and `/runs` stores them as `final_<name>` (run, …).
    @Test func pathsAreRecordedUnderFinal() async throws {
        var spec = Self.small()
        spec.foraging.controlSteps = 8
        let optimizee = try ConnectomeOptimizee(spec: spec, taskSeed: 1)
        let algorithm = OptimizerAlgorithm.enomad(
            ENOMAD.Configuration(variant: .rENOMAD, population: 4, subsetSize: 4, box: 1, evaluationsPerCall: 2))
        let result = await Self.train(optimizee, algorithm, iterations: 1, artifacts: true)
        #expect(result.artifacts.map(\.name) == ["path", "food_eaten", "prior_path", "prior_food_eaten", "food"])
        #expect(result.artifacts[0].shape == [2, 9, 2] && result.artifacts[4].shape == [2, 6, 2])
        let without = await Self.train(optimizee, algorithm, iterations: 1)
        #expect(without.artifacts.isEmpty)

        let path = ExperimentTests.temporaryFile("paths.h5")
        let file = try HDF5File.create(path)
        try RunCube(file.root).append(RunBlock([result], recordCandidates: false))
        file.close()
        let back = try HDF5File.open(path)
        defer { back.close() }
        let xy = try back.root.openDataset("final_path")
        #expect(xy.shape == [1, 2, 9, 2])
        #expect(try xy.read(as: Double.self) == result.artifacts[0].values)
        #expect(try back.root.openDataset("final_food").shape == [1, 2, 6, 2])
    }
}
