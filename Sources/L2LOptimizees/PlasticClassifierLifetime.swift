import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers

/// A lifetime learning rule for the output layer of a one-hidden-layer digit classifier
/// (Gorantla, Louis, Papadimitriou, Vempala & Yadati 2019, §3.1–3.2), as selected by
/// `inner.optimizer: signsgd | dopaminergic | adam` with `optimizee.plastic_classifier`.
public enum PlasticityRuleSpec: Sendable, Equatable {
    /// SignSGD on the output layer (eq. 4), step ε′.
    case signSGD(learningRate: Double)
    /// The dopaminergic rule (§3.2, ``DopaminergicRule/Reading/winner``): loss threshold ε₀, change ε₁.
    case dopaminergic(lossThreshold: Double, rate: Double)
    /// The gradient baseline: Adam on the mean cross-entropy, both layers ("SGD" of Tables 1 and 2).
    case adam(learningRate: Double)

    public static let signSGDIdentifier = "signsgd"
    public static let dopaminergicIdentifier = "dopaminergic"
    public static let adamIdentifier = "adam"
    /// The YAML names of the rules.
    public static let identifiers = [signSGDIdentifier, dopaminergicIdentifier, adamIdentifier]

    /// The YAML name: `"signsgd"`, `"dopaminergic"` or `"adam"`.
    public var identifier: String {
        switch self {
        case .signSGD: Self.signSGDIdentifier
        case .dopaminergic: Self.dopaminergicIdentifier
        case .adam: Self.adamIdentifier
        }
    }
}

/// A digit classifier learned during its lifetime by a plasticity rule (`optimizee.plastic_classifier`):
/// `inputs` → `hidden` ReLU units (a fixed Kaiming-uniform layer drawn from `networkSeed`) → softmax.
public struct PlasticClassifierOptimizeeSpec: Sendable, Equatable {
    /// The images (a shipped set: `digits8x8` or `mnist5k`).
    public var dataset: ClassifierOptimizeeSpec.Dataset
    /// The digits classified, distinct and increasing; nil for every class of the data set.
    public var digits: [UInt8]?
    /// Hidden ReLU units h.
    public var hidden: Int
    /// Training images per class drawn for each task.
    public var trainPerClass: Int
    /// Held-out test images per class drawn for each task.
    public var testPerClass: Int
    /// Images per mini-batch (one batch per inner iteration; the paper: 50).
    public var batchSize: Int
    /// Seed of the initial network (the fixed hidden layer and the initial output weights), shared by every task.
    public var networkSeed: UInt64

    public init(
        dataset: ClassifierOptimizeeSpec.Dataset, digits: [UInt8]? = nil, hidden: Int = 200, trainPerClass: Int = 100,
        testPerClass: Int = 50, batchSize: Int = 50, networkSeed: UInt64 = 0
    ) {
        self.dataset = dataset
        self.digits = digits
        self.hidden = hidden
        self.trainPerClass = trainPerClass
        self.testPerClass = testPerClass
        self.batchSize = batchSize
        self.networkSeed = networkSeed
    }
}

/// A plasticity rule training a ``TwoLayerClassifier`` on one task's digit images, as an inner run.
///
/// ```swift
/// let learner = try PlasticClassifierLifetime(
///     rule: .dopaminergic(lossThreshold: 0.75, rate: 1), spec: PlasticClassifierOptimizeeSpec(dataset: mnist),
///     steps: 400, taskSeed: 3)
/// var random = RandomStream(seed: 1)
/// let outcome = try learner.live(random: &random) { _ in }
/// outcome.metrics["test_accuracy"]
/// ```
///
/// **Task.** As for `optimizee.classifier`: the task seed draws a class-balanced split of
/// `trainPerClass` training and `testPerClass` held-out images per class.
///
/// **Network.** ``TwoLayerClassifier/kaimingUniform(inputs:hidden:classes:random:)`` from
/// `networkSeed`; ``init(rule:network:train:test:steps:batchSize:)`` takes any network instead (e.g.
/// the weights `W p` of an evolved NNE genotype, the starting point of "NNE + SignSGD").
///
/// **Lifetime.** `steps` mini-batches of `batchSize` images, each epoch a fresh permutation drawn from
/// the run's stream. SignSGD and the dopaminergic rule change only the output layer, so the hidden
/// activity of the training set is computed once. A step's fitness (the learning curve) is the
/// accuracy on its batch *before* the update, an online estimate of training accuracy; its state is
/// the batch's mean cross-entropy and the output weights' root mean square.
///
/// **Score.** The final accuracy on the task's held-out images (maximized). Metrics:
/// `test_accuracy`, `test_loss`, `train_accuracy`, `train_loss`, `epochs`.
public struct PlasticClassifierLifetime: LifetimeLearner {
    public let rule: PlasticityRuleSpec
    public let network: TwoLayerClassifier
    public let train: DigitDataset
    public let test: DigitDataset
    public let steps: Int
    public let batchSize: Int

    /// A learner on given data from a given network.
    /// - Precondition: `steps ≥ 1`, `1 ≤ batchSize`; the batch is clipped to the training set.
    public init(rule: PlasticityRuleSpec, network: TwoLayerClassifier, train: DigitDataset, test: DigitDataset, steps: Int, batchSize: Int) {
        precondition(steps >= 1 && batchSize >= 1, "PlasticClassifierLifetime: steps \(steps), batch \(batchSize)")
        precondition(network.inputCount == train.pixelCount && network.classCount == train.classCount,
                     "PlasticClassifierLifetime: network \(network.inputCount) → \(network.classCount) for \(train.pixelCount) pixels, \(train.classCount) classes")
        self.rule = rule
        self.network = network
        self.train = train
        self.test = test
        self.steps = steps
        self.batchSize = min(batchSize, train.count)
    }

    /// The learner of `optimizee.plastic_classifier` for one task.
    /// - Throws: ``DigitDatasetError`` when the data cannot be read or split.
    public init(rule: PlasticityRuleSpec, spec: PlasticClassifierOptimizeeSpec, steps: Int, taskSeed: UInt64,
                data: DigitDataCache = DigitDataCache()) throws {
        let all = try data.dataset(spec.dataset, digits: spec.digits)
        var splitRandom = RandomStream(seed: taskSeed).derived(GenotypeClassifierOptimizee.splitStream)
        let (train, test) = try all.split(trainPerClass: spec.trainPerClass, testPerClass: spec.testPerClass, random: &splitRandom)
        var networkRandom = RandomStream(seed: spec.networkSeed)
        let network = TwoLayerClassifier.kaimingUniform(
            inputs: all.pixelCount, hidden: spec.hidden, classes: all.classCount, random: &networkRandom)
        self.init(rule: rule, network: network, train: train, test: test, steps: steps, batchSize: spec.batchSize)
    }

    public func live(random: inout RandomStream, observe: (LifetimeStep) throws -> Void) throws -> LifetimeOutcome {
        var sampler = MiniBatchSampler(count: train.count, batchSize: batchSize, random: random.derived(1))
        let labels = train.classIndices
        var trained: TwoLayerClassifier
        func report(_ net: TwoLayerClassifier, hidden: Matrix, labels: [Int]) throws {
            let z = net.probabilities(hidden: hidden)
            let c = net.classCount
            var correct = 0, loss = 0.0
            for (s, y) in labels.enumerated() {
                let row = z.elements[(s * c)..<(s * c + c)]
                if row.indices.max(by: { z.elements[$0] < z.elements[$1] }) == s * c + y { correct += 1 }
                loss -= log(max(z.elements[s * c + y], .leastNormalMagnitude))
            }
            let w = net.outputWeights.elements
            let rms = (w.reduce(0) { $0 + $1 * $1 } / Double(max(w.count, 1))).squareRoot()
            try observe(LifetimeStep(fitness: Double(correct) / Double(labels.count), arrays: [
                .scalar("batch_loss", loss / Double(labels.count), description: "mean cross-entropy of the step's batch before the update"),
                .scalar("output_weight_rms", rms, description: "root mean square of the output weights before the update"),
            ]))
        }
        /// Trains a rule that changes only the output layer, on the fixed hidden layer's activity.
        func trainOutputLayer<Rule: OutputLayerRule>(_ learner: Rule) throws -> TwoLayerClassifier {
            var learner = learner
            let hidden = network.hiddenActivity(train.images)
            for _ in 0..<steps {
                let indices = sampler.nextIndices()
                let h = Self.rows(indices, of: hidden), y = indices.map { labels[$0] }
                try report(learner.network, hidden: h, labels: y)
                learner.step(hidden: h, classIndices: y)
            }
            return learner.network
        }
        switch rule {
        case .signSGD(let learningRate):
            trained = try trainOutputLayer(SignSGDRule(network: network, learningRate: learningRate))
        case .dopaminergic(let lossThreshold, let rate):
            trained = try trainOutputLayer(DopaminergicRule(network: network, lossThreshold: lossThreshold, rate: rate))
        case .adam(let learningRate):
            var learner = AdamTrainer(network: network, learningRate: learningRate)
            for _ in 0..<steps {
                let batch = train.selecting(sampler.nextIndices())
                try report(learner.network, hidden: learner.network.hiddenActivity(batch.images), labels: batch.classIndices)
                learner.step(inputs: batch.images, classIndices: batch.classIndices)
            }
            trained = learner.network
        }
        let onTest = trained.evaluate(on: test), onTrain = trained.evaluate(on: train)
        return LifetimeOutcome(
            fitness: onTest.accuracy,
            metrics: [
                "test_accuracy": onTest.accuracy, "test_loss": onTest.loss,
                "train_accuracy": onTrain.accuracy, "train_loss": onTrain.loss,
                "epochs": Double(steps * batchSize) / Double(train.count),
            ])
    }

    /// The rows `indices` of `matrix`.
    static func rows(_ indices: [Int], of matrix: Matrix) -> Matrix {
        let n = matrix.columns
        var elements = [Double]()
        elements.reserveCapacity(indices.count * n)
        for i in indices { elements.append(contentsOf: matrix.elements[(i * n)..<(i * n + n)]) }
        return Matrix(rows: indices.count, columns: n, elements: elements)
    }
}
