import Foundation
import HDF5
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// A toy optimizer (local random search) and a toy optimizee (a parabola with a task-dependent
/// centre), added from this test target the way a Swift package adds its own: its own types plus
/// one `register` call each. A spec names both, is validated with positions, runs, tunes one of
/// the toy optimizer's keys, and resumes.
@Suite(.serialized) struct RegistryPluginTests {
    /// Local random search: each iteration samples `population` points around the incumbent.
    struct ToySearch: Optimizer {
        struct Configuration: Codable, Sendable, Equatable {
            var population: Int
            var step: Double
        }
        struct State: Codable, Sendable, Equatable {
            var random: RandomStream
            var iteration: Int
            var incumbent: Incumbent?
            var centre: [Double]
            var pending: [[Double]]?
        }
        static let identifier = "toy_search"
        let configuration: Configuration
        let space: SearchSpace
        private(set) var state: State

        init(configuration: Configuration, space: SearchSpace, initialPoint: [Double]?, random: RandomStream) throws(OptimizerError) {
            self.configuration = configuration
            self.space = space
            state = State(random: random, iteration: 0, incumbent: nil, centre: initialPoint ?? space.center, pending: nil)
        }

        init(configuration: Configuration, space: SearchSpace, state: State) throws(OptimizerError) {
            self.configuration = configuration
            self.space = space
            self.state = state
        }

        var iteration: Int { state.iteration }
        var incumbent: Incumbent? { state.incumbent }
        var stopReasons: [StopReason] { [] }

        mutating func ask() throws(OptimizerError) -> [[Double]] {
            let widths = space.widths
            let batch = (0..<configuration.population).map { _ in
                space.clamp(state.centre.indices.map { state.centre[$0] + configuration.step * widths[$0] * state.random.nextGaussian() })
            }
            state.pending = batch
            return batch
        }

        mutating func tell(_ fitness: [Double]) throws(OptimizerError) {
            guard let batch = state.pending else { throw OptimizerError.outOfOrder("tell before ask") }
            guard batch.count == fitness.count else { throw OptimizerError.fitnessCountMismatch(expected: batch.count, got: fitness.count) }
            state.incumbent = Incumbent.updating(state.incumbent, with: batch, fitness: fitness, iteration: state.iteration)
            if let best = state.incumbent { state.centre = best.point }
            state.pending = nil
            state.iteration += 1
        }

        func snapshot() -> [RecordedArray] {
            [RecordedArray(name: "centre", shape: [state.centre.count], values: state.centre, axes: ["parameter"], description: "search centre")]
        }
    }

    /// −‖x − c‖² with the centre c drawn from the task seed.
    struct ToyParabola: Optimizee {
        let centre: [Double]
        let parameterSpace: SearchSpace
        var initialPoint: [Double]? { nil }

        init(dimension: Int, taskSeed: UInt64) {
            var random = RandomStream(seed: taskSeed)
            centre = (0..<dimension).map { _ in random.nextUniform(in: -1, 1) }
            parameterSpace = .box(count: dimension, lower: -3, upper: 3)
        }

        func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
            Evaluation(fitness: -zip(parameters, centre).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) })
        }

        func finalReport(bestParameters: [Double]) -> [String: Double] {
            ["distance": zip(bestParameters, centre).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()]
        }
    }

    /// The two registration lines a plug-in needs (once per process). The keys are named unlike
    /// any built-in optimizer's, so that other suites' "belongs to optimizers …" hints stay as they are.
    static let registered: Void = {
        try! OptimizerRegistry.register(OptimizerDescriptor(
            identifier: ToySearch.identifier, doc: "Local random search around the incumbent.",
            keys: [
                SpecKey("samples", .integer(1...1000), .value(.int(6)), "Points per iteration."),
                SpecKey("step_fraction", .real(.leftOpen(0, 1)), .value(.double(0.1)), "Step as a fraction of each width."),
            ],
            capabilities: OptimizerCapabilities(outerCapable: false),
            make: { section, space, initialPoint, random in
                try ToySearch(
                    configuration: .init(population: section.int("samples")!, step: section.double("step_fraction")!),
                    space: space, initialPoint: initialPoint, random: random)
            }))
        try! OptimizeeRegistry.register(OptimizeeDescriptor(
            identifier: "toy_parabola", doc: "A parabola whose centre each task seed draws.",
            keys: [SpecKey("dimension", .integer(1...100), .required, "Number of parameters.")],
            check: { section in
                section.int("dimension") == 13 ? [SpecSectionIssue(key: "dimension", "13 is unlucky")] : []
            },
            make: { section, context in ToyParabola(dimension: section.int("dimension")!, taskSeed: context.coordinates.taskSeed) }))
    }()

    static let spec = """
        name: plugin
        seed: 3
        outer:
          optimizer: ga
          iterations: 3
          population: 4
          search_space:
            - {path: inner.step_fraction, kind: log_uniform, low: 0.01, high: 0.5}
        inner:
          optimizer: toy_search
          iterations: 15
          samples: 5
        optimizee:
          toy_parabola:
            dimension: 2
        tasks:
          train: {count: 2}
          test: {count: 2}

        """

    @Test func aSpecRunsWithAPluginOptimizerAndOptimizee() async throws {
        Self.registered
        let spec = try SpecLoader.parse(Self.spec, fileName: "plugin.yaml")
        guard case .registered(let inner) = spec.inner.algorithm, case .registered(let optimizee) = spec.optimizee else {
            Issue.record("the plug-ins were not selected")
            return
        }
        #expect(inner.section.int("samples") == 5 && inner.section.double("step_fraction") == 0.1)
        #expect(optimizee.section.int("dimension") == 2)
        let path = ExperimentTests.temporaryFile("plugin.h5")
        let summary = try await Experiment(spec: spec).run(options: RunOptions(jobs: 2, outputPath: path))
        #expect(summary.failedRuns == 0)
        #expect(summary.bestHyperparameters.first?.path == "inner.step_fraction")
        // 15 iterations of 5 points find a centre in [-1, 1]² to well within 0.05 (−fitness < 0.0025).
        #expect(summary.testMean > -0.0025, "held-out fitness \(summary.testMean)")
        #expect(summary.testMetric == nil)
        let file = try HDF5File.open(path)
        defer { file.close() }
        #expect(try file.root.openGroup("outer") != nil)
    }

    @Test func pluginKeysAreValidatedWithPositions() {
        Self.registered
        let typo = SpecTestSupport.issues(Self.spec.replacingOccurrences(of: "  samples: 5", with: "  smaples: 5"))
        #expect(typo.count == 1 && typo[0].line == 12 && typo[0].keyPath == "inner.smaples" && typo[0].message.contains("did you mean 'samples'"), "\(typo)")
        let range = SpecTestSupport.issues(Self.spec.replacingOccurrences(of: "dimension: 2", with: "dimension: 0"))
        #expect(range.count == 1 && range[0].line == 15 && range[0].keyPath == "optimizee.toy_parabola.dimension", "\(range)")
        let rule = SpecTestSupport.issues(Self.spec.replacingOccurrences(of: "dimension: 2", with: "dimension: 13"))
        #expect(rule.count == 1 && rule[0].line == 15 && rule[0].message == "13 is unlucky", "\(rule)")
        let outer = SpecTestSupport.issues(Self.spec.replacingOccurrences(of: "optimizer: ga", with: "optimizer: toy_search"))
        #expect(outer.contains { $0.keyPath == "outer.optimizer" && $0.message.contains("inner-only") }, "\(outer)")
        let unknown = SpecTestSupport.issues(Self.spec.replacingOccurrences(of: "toy_parabola:", with: "toy_parabol:"))
        #expect(unknown.contains { $0.message.contains("did you mean 'toy_parabola'") }, "\(unknown)")
    }

    @Test func registeringTwiceOrABadNameIsRefused() {
        Self.registered
        #expect(throws: RegistrationError.duplicate("toy_parabola")) {
            try OptimizeeRegistry.register(OptimizeeDescriptor(identifier: "toy_parabola", doc: "", keys: [], make: { _, _ in fatalError() }))
        }
        #expect(throws: RegistrationError.duplicate("function")) {
            try OptimizeeRegistry.register(OptimizeeDescriptor(identifier: "function", doc: "", keys: [], make: { _, _ in fatalError() }))
        }
        #expect(throws: RegistrationError.duplicate("cmaes")) {
            try OptimizerRegistry.register(OptimizerDescriptor(identifier: "cmaes", doc: "", keys: [], make: { _, _, _, _ in fatalError() }))
        }
        #expect(throws: RegistrationError.duplicate("ga")) {
            try OptimizerRegistry.register(OptimizerDescriptor(identifier: "ga", doc: "", keys: [], make: { _, _, _, _ in fatalError() }))
        }
        #expect(throws: RegistrationError.invalidIdentifier("Bad-Name")) {
            try OptimizeeRegistry.register(OptimizeeDescriptor(identifier: "Bad-Name", doc: "", keys: [], make: { _, _ in fatalError() }))
        }
    }

    /// A checkpoint of the plug-in optimizer restores through its `State`, bit for bit.
    @Test func pluginOptimizerResumesFromItsCheckpoint() throws {
        Self.registered
        let spec = try SpecLoader.parse(Self.spec, fileName: "plugin.yaml")
        let space = SearchSpace.box(count: 2, lower: -3, upper: 3)
        var a = try OptimizerFactory.make(spec.inner.algorithm, space: space, initialPoint: nil, random: RandomStream(seed: 9))
        for _ in 0..<3 { try a.tell(a.ask().map { -$0.reduce(0) { $0 + $1 * $1 } }) }
        var b = try OptimizerCheckpoint.restore(
            OptimizerFactory.make(spec.inner.algorithm, space: space, initialPoint: nil, random: RandomStream(seed: 1)),
            from: OptimizerCheckpoint.encode(a))
        let nextA = try a.ask(), nextB = try b.ask()
        #expect(nextA.flatMap { $0.map(\.bitPattern) } == nextB.flatMap { $0.map(\.bitPattern) })
    }
}
