import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L

/// `optimizer: nne` and `optimizee.genotype_classifier`: the spec keys, a positioned error, and a
/// tiny allele-frequency evolution run on the 8×8 digits that raises the mean δ.
@Suite struct GenotypeClassifierTests {
    static let dataDirectory = SpecTestSupport.repositoryRoot.appendingPathComponent("data").path

    /// A valid spec; line numbers matter for the position test.
    static let spec = """
        name: t
        seed: 1
        outer:
          optimizer: ga
          iterations: 2
          search_space:
            - {path: inner.selection_strength, kind: log_uniform, low: 0.01, high: 1}
            - {path: optimizee.genotype_classifier.density, kind: log_uniform, low: 0.005, high: 0.05}
            - {path: inner.population, kind: integer, low: 10, high: 40}
        inner:
          optimizer: nne
          iterations: 3
          population: 20
          selection_strength: 0.2
          initial_frequencies: half
          frequency_floor: 0.01
        optimizee:
          genotype_classifier:
            dataset: digits8x8
            data_directory: \(dataDirectory)
            digits: [0, 1, 2]
            hidden: 16
            genes: 50
            density: 0.05
            train_per_class: 20
            test_per_class: 10
            batch_size: 30
            network_seed: 9
        tasks:
          train: {count: 1}
          test: {count: 1}

        """

    @Test func specParses() throws {
        let spec = try SpecLoader.parse(Self.spec, fileName: "spec.yaml")
        #expect(spec.inner.algorithm == .alleleFrequencyEvolution(AlleleFrequencyEvolution.Configuration(
            population: 20, selectionStrength: 0.2, initialFrequencies: .half, frequencyFloor: 0.01)))
        #expect(spec.optimizee == .genotypeClassifier(GenotypeClassifierOptimizeeSpec(
            dataset: .shipped(.digits8x8, dataDirectory: Self.dataDirectory), digits: [0, 1, 2], hidden: 16, genes: 50,
            connectionProbability: 0.1, density: 0.05, trainPerClass: 20, testPerClass: 10, batchSize: 30, networkSeed: 9)))
        #expect(spec.outer.searchSpace.map(\.path)
            == ["inner.selection_strength", "optimizee.genotype_classifier.density", "inner.population"])
        let applied = try spec.applying([
            (path: "optimizee.genotype_classifier.density", value: .double(0.01)),
            (path: "inner.selection_strength", value: .double(0.5)),
        ])
        guard case .genotypeClassifier(let g) = applied.optimizee,
            case .alleleFrequencyEvolution(let c) = applied.inner.algorithm
        else { Issue.record("not nne on a genotype classifier"); return }
        #expect(g.density == 0.01 && c.selectionStrength == 0.5)

        // Defaults, and nne as the outer optimizer.
        let minimal = try SpecLoader.parse(Self.spec.replacingOccurrences(
            of: "    hidden: 16\n    genes: 50\n    density: 0.05\n", with: ""), fileName: "spec.yaml")
        guard case .genotypeClassifier(let d) = minimal.optimizee else { Issue.record("not a genotype classifier"); return }
        #expect(d.hidden == 64 && d.genes == 200 && d.density == 0.0025 && d.connectionProbability == 0.1)
        #expect(AlleleFrequencyEvolution.Configuration() == {
            guard case .alleleFrequencyEvolution(let c) = try? SpecLoader.parse(Self.spec.replacingOccurrences(
                of: "  population: 20\n  selection_strength: 0.2\n  initial_frequencies: half\n  frequency_floor: 0.01\n", with: ""),
                fileName: "spec.yaml").inner.algorithm
            else { return nil }
            return c
        }())
    }

    @Test func badValueIsPositioned() {
        let issues = SpecTestSupport.issues(Self.spec.replacingOccurrences(of: "frequency_floor: 0.01", with: "frequency_floor: 0.7"))
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.line == 16 && issues.first?.column == 20, "\(issues)")
        #expect(issues.first?.keyPath == "inner.frequency_floor")
        let density = SpecTestSupport.issues(Self.spec.replacingOccurrences(of: "density: 0.05", with: "density: 0"))
        #expect(density.count == 1, "\(density)")
        #expect(density.first?.line == 24 && density.first?.column == 14, "\(density)")
        #expect(density.first?.keyPath == "optimizee.genotype_classifier.density")
        let dataset = SpecTestSupport.issues(Self.spec.replacingOccurrences(of: "dataset: digits8x8", with: "dataset: idx"))
        #expect(dataset.first?.keyPath == "optimizee.genotype_classifier.dataset", "\(dataset)")
    }

    @Test func tinyInnerRunImprovesMeanAdvantage() throws {
        let spec = GenotypeClassifierOptimizeeSpec(
            dataset: .shipped(.digits8x8, dataDirectory: Self.dataDirectory), digits: [0, 1, 2], hidden: 16, genes: 60,
            density: 0.05, trainPerClass: 30, testPerClass: 10, batchSize: 0, networkSeed: 3)
        let optimizee = try GenotypeClassifierOptimizee(spec: spec, taskSeed: 5)
        #expect(optimizee.parameterSpace.count == 60 && optimizee.network.genes == 60)
        var nne = try AlleleFrequencyEvolution(
            configuration: .init(population: 40, selectionStrength: 1, initialFrequencies: .half),
            space: optimizee.parameterSpace, initialPoint: nil, random: RandomStream(seed: 11))
        var means: [Double] = []
        for _ in 0..<30 {
            let genotypes = try nne.ask()
            let fitness = try genotypes.map { g in
                var random = RandomStream(seed: 1)
                return try optimizee.evaluate(g, random: &random).fitness
            }
            means.append(fitness.reduce(0, +) / Double(fitness.count))
            try nne.tell(fitness)
        }
        #expect(means.allSatisfy { $0.isFinite && $0 >= 0 })
        let first = means.prefix(3).reduce(0, +) / 3, last = means.suffix(3).reduce(0, +) / 3
        #expect(last > first, "mean δ \(first) → \(last)")
        let report = optimizee.finalReport(bestParameters: try #require(nne.incumbent).point)
        #expect(report["test_accuracy"].map { $0 >= 0 && $0 <= 1 } == true)
        #expect(report["train_accuracy"] != nil)
    }
}
