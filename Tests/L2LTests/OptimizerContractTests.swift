import Foundation
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// One contract for every ask/tell optimizer a spec can name — the built-in ones and those in
/// ``OptimizerRegistry`` (the plug-in of `RegistryPluginTests` is registered first) — built the
/// way a spec builds them, with their default settings:
/// misuse is a typed error, a restored checkpoint continues bit for bit, a NaN or ∞ fitness never
/// becomes the incumbent, and each reaches a stated accuracy on a stated budget.
@Suite struct OptimizerContractTests {
    /// Every optimizer name a spec accepts, but the lifetime rules (not ask/tell optimizers).
    static var optimizers: [String] {
        RegistryPluginTests.registered
        let lifetime = [OptimizerAlgorithm.neuromodulatedIdentifier] + PlasticityRuleSpec.identifiers
        return SpecSchema.optimizerVariant.cases.map(\.value).filter { !lifetime.contains($0) }
    }

    static let nne = AlleleFrequencyEvolution.identifier
    static let enkf = EnsembleKalmanFilter.identifier

    /// The algorithm a spec with `inner: {optimizer: name}` (defaults otherwise) builds.
    static func algorithm(_ name: String) throws -> OptimizerAlgorithm {
        let optimizee = name == nne
            ? "genotype_classifier: {dataset: digits8x8, data_directory: \(SpecTestSupport.repositoryRoot.appendingPathComponent("data").path), hidden: 4, genes: 8}"
            : "function: {name: sphere, dimension: 4}"
        let text = """
            name: contract
            seed: 1
            outer:
              optimizer: ga
              iterations: 1
              search_space:
                - {path: inner.iterations, kind: integer, low: 1, high: 2}
            inner: {optimizer: \(name), iterations: 1}
            optimizee: {\(optimizee)}
            tasks: {train: {count: 1}, test: {count: 1}}

            """
        return try SpecLoader.parse(text, fileName: "contract.yaml").inner.algorithm
    }

    /// A binary space for NNE, a real box otherwise.
    static func space(_ name: String, dimension: Int = 4) -> SearchSpace {
        name == nne
            ? SearchSpace((0..<dimension).map { SearchDimension(name: "g\($0)", kind: .integer, lower: 0, upper: 1) })
            : .box(count: dimension, lower: -2, upper: 3)
    }

    static func make(_ name: String, dimension: Int = 4, seed: UInt64 = 7) throws -> any Optimizer {
        try OptimizerFactory.make(try algorithm(name), space: space(name, dimension: dimension), initialPoint: nil, random: RandomStream(seed: seed))
    }

    /// The objective maximized: −‖x − c‖² (c inside the box), or for NNE the number of ones.
    static func fitness(_ name: String, _ x: [Double]) -> Double {
        name == nne ? x.reduce(0, +) : -x.enumerated().reduce(0) { $0 + ($1.element - 0.5) * ($1.element - 0.5) }
    }

    /// One ask → tell, through the outputs an output-fitting optimizer needs (outputs x, targets c).
    static func step(_ optimizer: inout any Optimizer, _ name: String, fitness override: (([Double]) -> Double)? = nil) throws {
        let candidates = try optimizer.ask()
        let values = candidates.map { override?($0) ?? fitness(name, $0) }
        if var fitting = optimizer as? any OutputFittingOptimizer {
            try fitting.tell(fitness: values, outputs: candidates, targets: Array(repeating: 0.5, count: candidates[0].count))
            optimizer = fitting
        } else {
            try optimizer.tell(values)
        }
    }

    @Test func everyBuiltInAndRegisteredOptimizerIsCovered() {
        let names = Self.optimizers
        for expected in ["ga", "cem", "mads", "enomad", "enkf", "openai_es", "cmaes", "nne", "random", "grid", "tpe", "toy_search"] {
            #expect(names.contains(expected), "\(expected) is not in the contract suite")
        }
    }

    @Test(arguments: optimizers)
    func misuseIsATypedError(_ name: String) throws {
        var optimizer = try Self.make(name)
        #expect(throws: OptimizerError.self, "\(name): tell before ask") { try optimizer.tell([0]) }
        let candidates = try optimizer.ask()
        #expect(!candidates.isEmpty && candidates.allSatisfy { $0.count == 4 })
        let lower = optimizer.space.lowerBounds, upper = optimizer.space.upperBounds
        #expect(candidates.allSatisfy { x in x.indices.allSatisfy { lower[$0] <= x[$0] && x[$0] <= upper[$0] } }, "\(name): outside the box")
        if !(optimizer is any OutputFittingOptimizer) {
            #expect(throws: OptimizerError.self, "\(name): wrong fitness count") { try optimizer.tell(Array(repeating: 0, count: candidates.count + 1)) }
        }
        #expect(optimizer.iteration == 0)
    }

    @Test(arguments: optimizers)
    func aRestoredCheckpointContinuesBitForBit(_ name: String) throws {
        var original = try Self.make(name)
        for _ in 0..<3 { try Self.step(&original, name) }
        var restored = try OptimizerCheckpoint.restore(try Self.make(name, seed: 99), from: OptimizerCheckpoint.encode(original))
        #expect(restored.iteration == original.iteration)
        for _ in 0..<3 {
            let a = try original.ask(), b = try restored.ask()
            #expect(a.flatMap { $0.map(\.bitPattern) } == b.flatMap { $0.map(\.bitPattern) }, "\(name) diverged after restoring")
            let values = a.map { Self.fitness(name, $0) }
            if var fitting = original as? any OutputFittingOptimizer, var other = restored as? any OutputFittingOptimizer {
                let targets = Array(repeating: 0.5, count: a[0].count)
                try fitting.tell(fitness: values, outputs: a, targets: targets)
                try other.tell(fitness: values, outputs: b, targets: targets)
                original = fitting
                restored = other
            } else {
                try original.tell(values)
                try restored.tell(values)
            }
        }
        #expect(original.incumbent == restored.incumbent)
    }

    @Test(arguments: optimizers)
    func nonFiniteFitnessIsNeverTheIncumbent(_ name: String) throws {
        var optimizer = try Self.make(name)
        var count = 0
        let poisoned: ([Double]) -> Double = { x in
            count += 1
            switch count % 3 {
            case 0: return .nan
            case 1: return .infinity
            default: return Self.fitness(name, x)
            }
        }
        for _ in 0..<6 {
            try Self.step(&optimizer, name, fitness: poisoned)
            if let incumbent = optimizer.incumbent { #expect(incumbent.fitness.isFinite, "\(name): incumbent \(incumbent.fitness)") }
        }
        #expect(optimizer.incumbent != nil, "\(name): no finite incumbent after 6 iterations")
    }

    /// The budget (iterations) and the accuracy each reaches on the 4-D problem with its defaults:
    /// −fitness below the bound (NNE: all four genes set).
    static let budgets: [String: (iterations: Int, bound: Double)] = [
        "ga": (100, 1e-2), "cem": (100, 5e-2), "mads": (300, 1e-6), "enomad": (30, 1e-2), "enkf": (40, 1e-4),
        "openai_es": (400, 1e-2), "cmaes": (150, 1e-8), "nne": (60, -4 + 1e-9), "toy_search": (200, 1e-1),
        // Random search: 2,000 uniform points in [−2, 3]⁴ come within ≈ 0.5 of the centre; the 5-point grid holds it exactly.
        "random": (200, 1.0), "grid": (70, 1e-12),
        // TPE: 320 points (batches of 8, the first 16 random) reach ‖x − c‖² = 0.011 (seed 7); random search needs 2,000 for 1.0.
        "tpe": (40, 0.05),
    ]

    @Test(arguments: optimizers)
    func convergesWithinItsBudget(_ name: String) throws {
        let budget = try #require(Self.budgets[name], "no budget stated for \(name)")
        var optimizer = try Self.make(name)
        for _ in 0..<budget.iterations where optimizer.stopReasons.isEmpty { try Self.step(&optimizer, name) }
        let best = -(optimizer.incumbent?.fitness ?? -.infinity)
        #expect(best < budget.bound, "\(name): best \(best) after \(optimizer.iteration) iterations, bound \(budget.bound)")
    }
}

/// Grid search as the outer loop of a whole experiment: every grid point is tried once, in order,
/// and the run ends when the grid is exhausted, before its iteration budget.
@Suite struct OuterGridSearchTests {
    @Test func theOuterGridIsEvaluatedOnceAndEndsTheRun() async throws {
        let text = try String(contentsOfFile: ExperimentTests.root.appendingPathComponent("Tests/fixtures/tiny.yaml").path, encoding: .utf8)
            .replacingOccurrences(of: "  optimizer: ga\n  iterations: 3\n  population: 4\n  elites: 1\n", with: "  optimizer: grid\n  iterations: 10\n  points: 3\n  population: 4\n")
            .replacingOccurrences(of: "    - {path: inner.initial_sigma, kind: log_uniform, low: 0.05, high: 0.5}\n    - {path: inner.population, kind: integer, low: 6, high: 12}\n", with: "")
        let spec = try SpecLoader.parse(text, fileName: "tiny-grid.yaml")
        let summary = try await Experiment(spec: spec).run(options: RunOptions(jobs: 2, outputPath: ExperimentTests.temporaryFile("grid.h5")))
        // 3 elite fractions × 2 covariance models = 6 points: two generations of 4 (the second padded from the start).
        #expect(summary.generations == 2)
        let values = summary.bestHyperparameters.map(\.value)
        #expect([SpecScalar.double(0.1), .double(0.3), .double(0.5)].contains(values[0]), "\(values)")
        #expect([SpecScalar.string("diagonal"), .string("full")].contains(values[1]), "\(values)")
    }
}
