import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// `inner.optimizer: signsgd | dopaminergic | adam` with `optimizee.plastic_classifier`: the spec keys
/// and their errors, and each rule as a lifetime inner run on the 8×8 digits.
@Suite struct PlasticClassifierLifetimeTests {
    static let dataDirectory = SpecTestSupport.repositoryRoot.appendingPathComponent("data").path

    /// A valid spec; line numbers matter for the position tests.
    static func spec(outer: String = "ga", inner: String = "dopaminergic", optimizee: String = "plastic_classifier") -> String {
        """
        name: t
        seed: 1
        outer:
          optimizer: \(outer)
          iterations: 2
          search_space:
            - {path: inner.rate, kind: log_uniform, low: 0.01, high: 10}
        inner:
          optimizer: \(inner)
          iterations: 4
        optimizee:
          \(optimizee):
            dataset: digits8x8
            data_directory: \(dataDirectory)
            hidden: 32
            train_per_class: 20
            test_per_class: 10
        tasks:
          train: {count: 1}
          test: {count: 1}

        """
    }

    @Test func specParsesEachRule() throws {
        let spec = try SpecLoader.parse(Self.spec(), fileName: "spec.yaml")
        #expect(spec.inner.algorithm == .plasticity(.dopaminergic(lossThreshold: 0.75, rate: 1)))
        #expect(spec.optimizee == .plasticClassifier(PlasticClassifierOptimizeeSpec(
            dataset: .shipped(.digits8x8, dataDirectory: Self.dataDirectory), hidden: 32, trainPerClass: 20, testPerClass: 10)))
        let applied = try spec.applying([(path: "inner.rate", value: .double(0.5))])
        #expect(applied.inner.algorithm == .plasticity(.dopaminergic(lossThreshold: 0.75, rate: 0.5)))
        let sign = try SpecLoader.parse(
            Self.spec(inner: "signsgd").replacingOccurrences(of: "inner.rate", with: "inner.learning_rate"), fileName: "spec.yaml")
        #expect(sign.inner.algorithm == .plasticity(.signSGD(learningRate: 1e-3)))
        let adam = try SpecLoader.parse(
            Self.spec(inner: "adam").replacingOccurrences(of: "inner.rate", with: "inner.learning_rate"), fileName: "spec.yaml")
        #expect(adam.inner.algorithm == .plasticity(.adam(learningRate: 1e-3)))
    }

    @Test func rulesAndOptimizeeRequireEachOther() {
        let outer = SpecTestSupport.issues(Self.spec(outer: "dopaminergic"))
        #expect(outer.contains { $0.keyPath == "outer.optimizer" && $0.line == 4 && $0.message.contains("lifetime learning rule") }, "\(outer)")
        let withGA = SpecTestSupport.issues(Self.spec(inner: "ga"))
        #expect(withGA.contains { $0.keyPath == "optimizee.plastic_classifier" && $0.line == 13 }, "\(withGA)")
        let withClassifier = SpecTestSupport.issues(Self.spec(optimizee: "classifier"))
        #expect(withClassifier.contains { $0.keyPath == "inner.optimizer" && $0.message.contains("only optimizee.plastic_classifier") },
                "\(withClassifier)")
    }

    /// `outer.optimizer: nne` represents genes only; `inner.optimizer: nne` needs a genotype classifier.
    @Test func nneSearchesOnlyBinaryEntries() {
        let text = Self.spec(outer: "nne", inner: "ga").replacingOccurrences(
            of: "{path: inner.rate, kind: log_uniform, low: 0.01, high: 10}",
            with: "{path: inner.mutation_scale, kind: log_uniform, low: 0.01, high: 1}")
        let issues = SpecTestSupport.issues(text)
        let issue = issues.first { $0.keyPath == "outer.search_space[0].kind" }
        #expect(issue?.message.contains("binary genes only") == true && issue?.message.contains("log_uniform") == true, "\(issues)")
        let inner = SpecTestSupport.issues(Self.spec(inner: "nne"))
        #expect(inner.contains { $0.keyPath == "inner.optimizer" && $0.message.contains("binary genotypes") }, "\(inner)")
    }

    static func lifetime(_ rule: PlasticityRuleSpec, steps: Int) throws -> InnerRunResult {
        let spec = PlasticClassifierOptimizeeSpec(
            dataset: .shipped(.digits8x8, dataDirectory: dataDirectory), hidden: 200, trainPerClass: 40, testPerClass: 30,
            batchSize: 50, networkSeed: 3)
        let learner = try PlasticClassifierLifetime(rule: rule, spec: spec, steps: steps, taskSeed: 7)
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 7, repeatIndex: 0)
        return InnerRun.executeLifetime(learner, record: RecordSpec(state: true), coordinates: coordinates, root: RandomStream(seed: 2))
    }

    /// Every rule records one learning-curve point per mini-batch and learns well above chance (10 %).
    @Test(arguments: PlasticityRuleSpec.identifiers)
    func lifetimeLearnsAboveChance(name: String) throws {
        let rule: PlasticityRuleSpec = switch name {
        case PlasticityRuleSpec.signSGDIdentifier: .signSGD(learningRate: 2e-3)
        case PlasticityRuleSpec.adamIdentifier: .adam(learningRate: 3e-3)
        default: .dopaminergic(lossThreshold: 0.75, rate: 1)
        }
        let result = try Self.lifetime(rule, steps: 80)
        #expect(result.kind == .lifetime && result.failure == nil)
        #expect(result.bestCurve.count == 80 && result.iterations.count == 80)
        #expect(result.iterations.allSatisfy { $0.snapshot.map(\.name) == ["batch_loss", "output_weight_rms"] })
        let accuracy = try #require(result.metrics["test_accuracy"])
        #expect(result.finalBest == accuracy)
        #expect(accuracy > 0.6, "\(rule.identifier): held-out accuracy \(accuracy)")
        #expect(result.metrics["epochs"] == 10)
        // The online batch accuracy rises over the lifetime.
        let first = result.bestCurve.prefix(10).reduce(0, +) / 10, last = result.bestCurve.suffix(10).reduce(0, +) / 10
        #expect(last > first + 0.2, "\(rule.identifier): batch accuracy \(first) → \(last)")
        // Deterministic for the same coordinates.
        #expect(try Self.lifetime(rule, steps: 80).bestCurve == result.bestCurve)
    }

    /// "NNE + SignSGD": a lifetime that starts from a genotype network's weights (here the mean
    /// weights W·½ of allele frequencies ½) keeps its sparse input graph and improves on it.
    @Test func signSGDStartsFromGenotypeWeights() throws {
        let spec = GenotypeClassifierOptimizeeSpec(
            dataset: .shipped(.digits8x8, dataDirectory: Self.dataDirectory), hidden: 64, genes: 200, density: 0.02,
            trainPerClass: 40, testPerClass: 30, networkSeed: 3)
        let nne = try GenotypeClassifierOptimizee(spec: spec, taskSeed: 7)
        let start = TwoLayerClassifier(network: nne.network, genotype: [Double](repeating: 0.5, count: 200))
        let learner = PlasticClassifierLifetime(
            rule: .signSGD(learningRate: 2e-3), network: start, train: nne.train, test: nne.test, steps: 80, batchSize: 50)
        var random = RandomStream(seed: 1)
        let outcome = try learner.live(random: &random) { _ in }
        let before = start.evaluate(on: nne.test).accuracy
        #expect(outcome.fitness > 0.5 && outcome.fitness > before + 0.2, "held-out accuracy \(before) → \(outcome.fitness)")
    }
}
