import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// `optimizee.connectome`: the C. elegans connectome on the foraging task, wired into the spec and
/// the inner run.
@Suite struct ConnectomeOptimizeeTests {
    static let root = ExperimentTests.root
    static let data = root.appendingPathComponent("data/connectome").path
    static let gainNames = ["gain_AWAL", "gain_AWAR", "gain_ASEL", "gain_ASER", "gain_AWCL", "gain_AWCR"]

    /// A very short episode setting, fast in a debug build.
    static func tiny(trainable: ConnectomeOptimizeeSpec.Trainable = .all) -> ConnectomeOptimizeeSpec {
        var spec = ConnectomeOptimizeeSpec()
        spec.dataDirectory = data
        spec.method = .euler
        spec.trainable = trainable
        spec.episodes = 1
        spec.testEpisodes = 2
        spec.randomBaselines = 1
        spec.foraging.controlSteps = 12
        spec.foraging.simulationStepsPerControl = 10
        spec.foraging.maximumSpeed = 0.05
        return spec
    }

    static func spec(_ connectome: String) -> String {
        """
        name: w
        seed: 1
        outer:
          optimizer: ga
          iterations: 1
          population: 4
          search_space:
            - {path: inner.subset_size, kind: integer, low: 2, high: 20}
        inner:
          optimizer: enomad
          iterations: 1
          population: 4
        optimizee:
          connectome: \(connectome)
        tasks:
          train: {count: 1}
          test: {count: 1}
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

    @Test func experimentFileParses() throws {
        let spec = try SpecLoader.load(contentsOf: Self.root.appendingPathComponent("experiments/celegans-foraging.yaml").path)
        guard case .connectome(let worm) = spec.optimizee else { Issue.record("not connectome"); return }
        #expect(worm.dataset == .varshney2011 && worm.method == .euler && worm.trainable == .circuit)
        #expect(worm.task == .foraging && worm.trainSensoryGains)
        #expect(worm.minimumScale == 0 && worm.maximumScale == 3 && worm.foraging.controlSteps == 50)
        guard case .enomad(let configuration) = spec.inner.algorithm else { Issue.record("not enomad"); return }
        #expect(configuration.variant == .rENOMAD)
        #expect(spec.outer.searchSpace.map(\.path) == ["inner.subset_size", "inner.box", "inner.evaluations_per_call"])
    }

    @Test func everyConnectomeExperimentParses() throws {
        for name in [
            "celegans-foraging-menomad", "celegans-foraging-ga", "celegans-foraging-es", "celegans-chemotaxis", "celegans-chemotaxis-ga",
            "celegans-chemotaxis-menomad", "celegans-chemotaxis-es",
        ] {
            let spec = try SpecLoader.load(contentsOf: Self.root.appendingPathComponent("experiments/\(name).yaml").path)
            guard case .connectome(let worm) = spec.optimizee else { Issue.record("\(name): not connectome"); continue }
            #expect(worm.task == (name.hasPrefix("celegans-chemotaxis") ? .chemotaxis : .foraging), "\(name)")
        }
    }

    @Test func specDefaultsAndKeys() throws {
        let spec = try SpecLoader.parse(Self.spec("{trainable: gap, parameters: interactome, dt_ms: 0.05, food_count: 3}"),
                                        fileName: "w.yaml")
        guard case .connectome(let worm) = spec.optimizee else { Issue.record("not connectome"); return }
        #expect(worm.trainable == .gap && worm.parameterSet == .interactome && worm.dtMs == 0.05)
        #expect(worm.foraging.foodCount == 3 && worm.dataDirectory == "data/connectome" && worm.method == .rk4)
        #expect(worm.precision == .double)
    }

    /// `precision: single` reaches the task and its simulator; another word is refused at its line.
    @Test func precisionKeyReachesTheSimulator() throws {
        let spec = try SpecLoader.parse(Self.spec("{precision: single}"), fileName: "w.yaml")
        guard case .connectome(let worm) = spec.optimizee else { Issue.record("not connectome"); return }
        #expect(worm.precision == .single)
        var tiny = Self.tiny()
        tiny.precision = .single
        let optimizee = try ConnectomeOptimizee(spec: tiny, taskSeed: 3)
        #expect(optimizee.task.precision == .single)
        let issues = Self.issues(Self.spec("{precision: half}"))
        #expect(issues.count == 1 && issues.first?.keyPath == "optimizee.connectome.precision", "\(issues)")
        #expect(issues.first?.line == 14 && issues.first?.message.contains("single") == true, "\(issues)")
    }

    @Test func specRejectsWithPositions() {
        let scales = Self.issues(Self.spec("{min_scale: 2, max_scale: 1}"))
        #expect(scales.count == 1 && scales.first?.keyPath == "optimizee.connectome.min_scale", "\(scales)")
        #expect(scales.first?.line == 14 && scales.first?.message.contains("less than max_scale") == true, "\(scales)")
        let dataset = Self.issues(Self.spec("{dataset: white1986}"))
        #expect(dataset.first?.keyPath == "optimizee.connectome.dataset" && dataset.first?.line == 14, "\(dataset)")
        let trainable = Self.issues(Self.spec("{trainable: everything}"))
        #expect(trainable.first?.keyPath == "optimizee.connectome.trainable", "\(trainable)")
        let negative = Self.issues(Self.spec("{min_scale: -1}"))
        #expect(negative.first?.keyPath == "optimizee.connectome.min_scale", "\(negative)")
    }

    @Test func parameterSpaceIsThePriorWithNonNegativeScales() throws {
        let all = try ConnectomeOptimizee(spec: Self.tiny(), taskSeed: 3)
        #expect(all.parameterSpace.dimensions.count == 2194 + 514)
        #expect(all.initialPoint == [Double](repeating: 1, count: 2194 + 514))
        #expect(all.parameterSpace.dimensions.allSatisfy { $0.lower == 0 && $0.upper == 3 })
        #expect(all.weights(all.initialPoint!) == all.task.network.priorWeights)
        let chemical = try ConnectomeOptimizee(spec: Self.tiny(trainable: .chemical), taskSeed: 3)
        #expect(chemical.parameterSpace.dimensions.count == 2194)
        let gap = try ConnectomeOptimizee(spec: Self.tiny(trainable: .gap), taskSeed: 3)
        #expect(gap.parameterSpace.dimensions.count == 514)
        var p = gap.initialPoint!
        p[0] = 2
        let w = gap.weights(p)
        #expect(w[2194] == 2 && w.filter { $0 != 1 }.count == 1)
        #expect(gap.parameterSpace.dimensions[0].name.hasPrefix("gap_"))
    }

    @Test func fixedSeedsGiveIdenticalEpisodes() throws {
        let a = try ConnectomeOptimizee(spec: Self.tiny(), taskSeed: 7)
        let b = try ConnectomeOptimizee(spec: Self.tiny(), taskSeed: 7)
        let c = try ConnectomeOptimizee(spec: Self.tiny(), taskSeed: 8)
        #expect(a.trainLayouts == b.trainLayouts && a.testLayouts == b.testLayouts)
        #expect(a.trainLayouts != c.trainLayouts)
        #expect(a.trainLayouts[0].foodX.count == 6)
        let x = a.episodes(a.initialPoint!, layouts: a.trainLayouts, recordPath: true)
        let y = b.episodes(b.initialPoint!, layouts: b.trainLayouts, recordPath: true)
        #expect(x == y)
        #expect(x[0].path.count == 2 * (12 + 1) && x[0].path != Array(repeating: x[0].path[0], count: x[0].path.count))
        var r1 = RandomStream(seed: 1), r2 = RandomStream(seed: 2)
        #expect(try a.evaluate(a.initialPoint!, random: &r1) == b.evaluate(b.initialPoint!, random: &r2))
        #expect(a.randomParameters() == b.randomParameters())
        #expect(a.randomParameters()[0].allSatisfy { $0 >= 0 && $0 <= 3 })
    }

    @Test func layoutsCoverThePatterns() {
        let c = ForagingConfiguration()
        let patterns = Set((0..<40).map { ForagingLayout(seed: UInt64($0), configuration: c).pattern })
        #expect(patterns == Set(FoodPattern.foraging))
        for seed in 0..<20 {
            let l = ForagingLayout(seed: UInt64(seed), configuration: c)
            #expect(zip(l.foodX, l.foodY).allSatisfy { $0 >= 0 && $0 <= 1 && $1 >= 0 && $1 <= 1 })
        }
    }

    @Test func badParametersAreRecordedNotCrashes() throws {
        let o = try ConnectomeOptimizee(spec: Self.tiny(trainable: .gap), taskSeed: 1)
        var random = RandomStream(seed: 0)
        #expect(throws: ConnectomeOptimizeeError.self) { try o.evaluate([1, 2], random: &random) }
        var nan = o.initialPoint!
        nan[0] = .nan
        #expect(try o.evaluate(nan, random: &random).fitness == -.infinity)
        #expect(throws: (any Error).self) {
            var s = Self.tiny()
            s.dataDirectory = "/nonexistent"
            _ = try ConnectomeOptimizee(spec: s, taskSeed: 0)
        }
    }

    @Test func enomadRunsAndRecordsFitness() async throws {
        let optimizee = try ConnectomeOptimizee(spec: Self.tiny(), taskSeed: 5)
        var random = RandomStream(seed: 0)
        let start = try optimizee.evaluate(optimizee.initialPoint!, random: &random).fitness
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 5, repeatIndex: 0)
        let result = await InnerRun.execute(
            optimizee: optimizee,
            algorithm: .enomad(ENOMAD.Configuration(variant: .rENOMAD, population: 4, subsetSize: 20, box: 1, evaluationsPerCall: 2)),
            iterations: 2, record: RecordSpec(candidates: false, state: false), timeLimit: nil,
            coordinates: coordinates, root: RandomStream(seed: 3))
        #expect(result.failure == nil, "\(result.failure ?? "")")
        #expect(result.evaluations > 0 && result.finalBest.isFinite)
        #expect(result.finalBest >= start, "start \(start), best \(result.finalBest)")
        for key in ["food_eaten", "food_eaten_prior", "food_eaten_random", "train_food_eaten", "test_fitness"] {
            #expect(result.metrics[key] != nil, "\(key) missing: \(result.metrics)")
        }
    }
}
