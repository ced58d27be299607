import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

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

    /// `signsgd_after` ("NNE + SignSGD") after `network_seed: 9` (lines 29–31).
    static let signSGDSpec = spec.replacingOccurrences(
        of: "    network_seed: 9\n",
        with: "    network_seed: 9\n    signsgd_after:\n      learning_rate: 0.002\n      steps: 40\n")

    @Test func signSGDAfterKeysParse() throws {
        let spec = try SpecLoader.parse(Self.signSGDSpec, fileName: "spec.yaml")
        guard case .genotypeClassifier(let g) = spec.optimizee else { Issue.record("not a genotype classifier"); return }
        #expect(g.signSGDAfter == .init(learningRate: 0.002, steps: 40, batchSize: 50))
        // Absent: off.
        guard case .genotypeClassifier(let off) = try SpecLoader.parse(Self.spec, fileName: "spec.yaml").optimizee
        else { Issue.record("not a genotype classifier"); return }
        #expect(off.signSGDAfter == nil)
        // An empty block: the defaults.
        guard case .genotypeClassifier(let empty) = try SpecLoader.parse(Self.spec.replacingOccurrences(
            of: "    network_seed: 9\n", with: "    network_seed: 9\n    signsgd_after: {}\n"), fileName: "spec.yaml").optimizee
        else { Issue.record("not a genotype classifier"); return }
        #expect(empty.signSGDAfter == .init(learningRate: 1e-3, steps: 300, batchSize: 50))
        // The outer loop can tune the learning rate by its dotted path.
        let path = "optimizee.genotype_classifier.signsgd_after.learning_rate"
        let searched = try SpecLoader.parse(Self.signSGDSpec.replacingOccurrences(
            of: "    - {path: inner.population, kind: integer, low: 10, high: 40}\n",
            with: "    - {path: \(path), kind: log_uniform, low: 0.0001, high: 0.01}\n"), fileName: "spec.yaml")
        #expect(searched.outer.searchSpace.map(\.path).last == path)
        guard case .genotypeClassifier(let tuned) = try searched.applying([(path: path, value: .double(0.004))]).optimizee
        else { Issue.record("not a genotype classifier"); return }
        #expect(tuned.signSGDAfter?.learningRate == 0.004 && tuned.signSGDAfter?.steps == 40)
    }

    @Test func signSGDAfterBadValuesArePositioned() {
        let rate = SpecTestSupport.issues(Self.signSGDSpec.replacingOccurrences(of: "learning_rate: 0.002", with: "learning_rate: 0"))
        #expect(rate.count == 1, "\(rate)")
        #expect(rate.first?.line == 30 && rate.first?.column == 22, "\(rate)")
        #expect(rate.first?.keyPath == "optimizee.genotype_classifier.signsgd_after.learning_rate")
        let steps = SpecTestSupport.issues(Self.signSGDSpec.replacingOccurrences(of: "steps: 40", with: "steps: 0"))
        #expect(steps.count == 1 && steps.first?.line == 31 && steps.first?.column == 14, "\(steps)")
        #expect(steps.first?.keyPath == "optimizee.genotype_classifier.signsgd_after.steps")
        let unknown = SpecTestSupport.issues(Self.signSGDSpec.replacingOccurrences(of: "steps: 40", with: "epochs: 40"))
        #expect(unknown.count == 1 && unknown.first?.line == 31 && unknown.first?.column == 7, "\(unknown)")
        #expect(unknown.first?.keyPath == "optimizee.genotype_classifier.signsgd_after.epochs")
        let notMapping = SpecTestSupport.issues(Self.signSGDSpec.replacingOccurrences(
            of: "    signsgd_after:\n      learning_rate: 0.002\n      steps: 40\n", with: "    signsgd_after: 0.001\n"))
        #expect(notMapping.count == 1 && notMapping.first?.line == 29 && notMapping.first?.column == 20, "\(notMapping)")
    }

    /// "NNE + SignSGD": SignSGD on the output layer of the evolved incumbent raises its held-out
    /// accuracy on the ten 8×8 digits (fails if the updates did nothing or went uphill).
    @Test func signSGDAfterEvolutionRaisesTestAccuracy() throws {
        var spec = GenotypeClassifierOptimizeeSpec(
            dataset: .shipped(.digits8x8, dataDirectory: Self.dataDirectory), hidden: 32, genes: 100,
            density: 0.03, trainPerClass: 30, testPerClass: 20, batchSize: 100, networkSeed: 3)
        let evolved = try GenotypeClassifierOptimizee(spec: spec, taskSeed: 5)
        var nne = try AlleleFrequencyEvolution(
            configuration: .init(population: 30, selectionStrength: 1, initialFrequencies: .half),
            space: evolved.parameterSpace, initialPoint: nil, random: RandomStream(seed: 11))
        for iteration in 0..<20 {
            let genotypes = try nne.ask()
            try nne.tell(try genotypes.map { g in
                var random = RandomStream(seed: UInt64(iteration))
                return try evolved.evaluate(g, random: &random).fitness
            })
        }
        let best = try #require(nne.incumbent).point
        #expect(evolved.finalReport(bestParameters: best)["test_accuracy_after_signsgd"] == nil)
        spec.signSGDAfter = .init(learningRate: 2e-3, steps: 150, batchSize: 50)
        let trained = try GenotypeClassifierOptimizee(spec: spec, taskSeed: 5)
        let report = trained.finalReport(bestParameters: best)
        let before = try #require(report["test_accuracy"]), after = try #require(report["test_accuracy_after_signsgd"])
        #expect(before == evolved.finalReport(bestParameters: best)["test_accuracy"])
        #expect(after > before + 0.15, "held-out accuracy \(before) → \(after)")
        #expect(try #require(report["train_accuracy_after_signsgd"]) > report["train_accuracy"]! + 0.15)
        #expect(report["signsgd_epochs"] == 150.0 * 50 / 300)
        #expect(trained.finalReport(bestParameters: best) == report)  // Deterministic.
    }

    /// `outer.fitness_metric`: the outer loop scores inner runs by a final-report metric, so it can
    /// tune `signsgd_after.learning_rate` by `train_accuracy_after_signsgd`.
    @Test func outerFitnessMetric() throws {
        let text = Self.signSGDSpec.replacingOccurrences(
            of: "  iterations: 2\n", with: "  iterations: 2\n  fitness_metric: train_accuracy_after_signsgd\n")
        #expect(try SpecLoader.parse(text, fileName: "spec.yaml").outer.fitnessMetric == "train_accuracy_after_signsgd")
        #expect(try SpecLoader.parse(Self.signSGDSpec, fileName: "spec.yaml").outer.fitnessMetric == nil)
        let auc = SpecTestSupport.issues(text.replacingOccurrences(of: "  iterations: 2\n", with: "  iterations: 2\n  fitness: auc\n"))
        #expect(auc.count == 1 && auc.first?.keyPath == "outer.fitness_metric" && auc.first?.line == 7, "\(auc)")
        let heldOut = SpecTestSupport.issues(text.replacingOccurrences(
            of: "fitness_metric: train_accuracy_after_signsgd", with: "fitness_metric: test_accuracy_after_signsgd"))
        #expect(heldOut.count == 1 && heldOut.first?.line == 6 && heldOut.first?.column == 19, "\(heldOut)")

        var a = InnerRunResult(coordinates: RunCoordinates(
            phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 0, repeatIndex: 0))
        a.finalBest = 1.5
        a.metrics = ["train_accuracy_after_signsgd": 0.8]
        var b = a
        b.metrics = ["train_accuracy_after_signsgd": 0.6]
        #expect(OuterFitness.mean.aggregate([a, b]) == 1.5)
        #expect(abs(OuterFitness.mean.aggregate([a, b], metric: "train_accuracy_after_signsgd") - 0.7) < 1e-12)
        #expect(OuterFitness.median.aggregate([a, b], metric: "missing") == -.infinity)
    }
}
