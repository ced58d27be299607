import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers

/// A digit classifier whose weights are generated from a binary genotype (`optimizee.genotype_classifier`),
/// the network of NNE (Gorantla, Louis, Papadimitriou, Vempala & Yadati 2019, §3.1). See
/// ``GenotypeClassifierOptimizee``.
public struct GenotypeClassifierOptimizeeSpec: Sendable, Equatable {
    /// The images (a shipped set: `digits8x8` or `mnist5k`).
    public var dataset: ClassifierOptimizeeSpec.Dataset
    /// The digits classified, distinct and increasing; nil for every class of the data set.
    public var digits: [UInt8]?
    /// Hidden ReLU units.
    public var hidden: Int
    /// Genes n (the genotype's length).
    public var genes: Int
    /// Input → hidden edge probability of the sparse input graph (the paper: 0.1).
    public var connectionProbability: Double
    /// β, the density of the weight-generation matrix W (the paper: 0.0025).
    public var density: Double
    /// Training images per class drawn for each task.
    public var trainPerClass: Int
    /// Held-out test images per class drawn for each task.
    public var testPerClass: Int
    /// Samples per mini-batch, drawn afresh each inner iteration; 0: the whole training subset.
    public var batchSize: Int
    /// Seed of the input graph and W, shared by every task.
    public var networkSeed: UInt64
    /// Lifetime SignSGD on the output layer after evolution ("NNE + SignSGD"); nil: off.
    public var signSGDAfter: SignSGDAfter?

    /// "NNE + SignSGD" (Gorantla et al. 2019, §3.1, eq. 4): SignSGD on the output layer of the
    /// incumbent genotype's network, reported beside the evolved network's metrics.
    public struct SignSGDAfter: Sendable, Equatable {
        /// ε′ of eq. 4.
        public var learningRate: Double
        /// Mini-batch updates.
        public var steps: Int
        /// Training images per update (clipped to the training subset).
        public var batchSize: Int

        public init(learningRate: Double = 1e-3, steps: Int = 300, batchSize: Int = 50) {
            self.learningRate = learningRate
            self.steps = steps
            self.batchSize = batchSize
        }
    }

    public init(
        dataset: ClassifierOptimizeeSpec.Dataset, digits: [UInt8]? = nil, hidden: Int = 64, genes: Int = 200,
        connectionProbability: Double = 0.1, density: Double = 0.0025, trainPerClass: Int = 100, testPerClass: Int = 50,
        batchSize: Int = 100, networkSeed: UInt64 = 0, signSGDAfter: SignSGDAfter? = nil
    ) {
        self.dataset = dataset
        self.digits = digits
        self.hidden = hidden
        self.genes = genes
        self.connectionProbability = connectionProbability
        self.density = density
        self.trainPerClass = trainPerClass
        self.testPerClass = testPerClass
        self.batchSize = batchSize
        self.networkSeed = networkSeed
        self.signSGDAfter = signSGDAfter
    }
}

/// The NNE network on one task's digit samples, as an optimizee whose parameters are a genotype
/// x ∈ {0, 1}ⁿ (`optimizee.genotype_classifier`).
///
/// **Network.** A ``GenotypeNetwork`` (inputs → hidden ReLU on a sparse random input graph →
/// softmax), weights `W x` with a sparse random weight-generation matrix W of density β. The input
/// graph and W are drawn from `RandomStream(seed: networkSeed)`, so every task shares them.
///
/// **Task.** The task seed draws a class-balanced split (`trainPerClass` training and `testPerClass`
/// held-out images per class, disjoint) from `RandomStream(seed: taskSeed).derived(1)`.
///
/// **Parameters.** ``AlleleFrequencyEvolution/genotypeSpace(genes:)``: n binary genes.
///
/// **Evaluation.** One mini-batch of `batchSize` distinct training images drawn from the `random`
/// stream passed in (the same for every candidate of an inner iteration); the fitness is the paper's
/// δₓ, the advantage over a random guess (``GenotypeEvaluation/advantage``), maximized.
///
/// **Final report.** `test_accuracy`, `test_loss`, `test_advantage` on the task's held-out images and
/// `train_accuracy`, `train_loss`, `train_advantage` on its training subset, of the incumbent genotype.
/// With ``GenotypeClassifierOptimizeeSpec/signSGDAfter`` ("NNE + SignSGD"), the incumbent's network
/// is then trained by ``SignSGDRule`` on the output layer (batches drawn from
/// `RandomStream(seed: taskSeed).derived(2)`) and `test_accuracy_after_signsgd`,
/// `test_loss_after_signsgd`, `train_accuracy_after_signsgd`, `train_loss_after_signsgd` and
/// `signsgd_epochs` are added (see ``trainedAfterEvolution(genotype:)``).
public struct GenotypeClassifierOptimizee: Optimizee {
    public let spec: GenotypeClassifierOptimizeeSpec
    public let network: GenotypeNetwork
    /// The task's training images (pixels normalized to [0, 1]).
    public let train: DigitDataset
    /// The task's held-out test images.
    public let test: DigitDataset
    public let parameterSpace: SearchSpace
    public var initialPoint: [Double]? { nil }
    /// Batch size actually used (the training set's size for `batchSize` 0 or too large).
    public let batchSize: Int
    private let trainClassIndices: [Int]
    /// The task seed (draws the SignSGD batches of the final report).
    public let taskSeed: UInt64
    /// The last mini-batch gathered on the input graph: every candidate of an inner iteration
    /// sees the same batch, and gathering it costs more than scoring one genotype.
    private let lastBatch = GatheredBatchCache()

    static let splitStream: UInt64 = 1
    static let signSGDStream: UInt64 = 2

    /// - Throws: ``DigitDatasetError`` or ``ClassifierOptimizeeError`` when the data cannot be read
    ///   or have too few images per class for the split.
    public init(spec: GenotypeClassifierOptimizeeSpec, taskSeed: UInt64, data: DigitDataCache = DigitDataCache()) throws {
        let all = try data.dataset(spec.dataset, digits: spec.digits)
        var splitRandom = RandomStream(seed: taskSeed).derived(Self.splitStream)
        let (train, test) = try all.split(
            trainPerClass: spec.trainPerClass, testPerClass: spec.testPerClass, random: &splitRandom)
        var networkRandom = RandomStream(seed: spec.networkSeed)
        self.network = GenotypeNetwork(
            inputs: all.pixelCount, hidden: spec.hidden, classes: all.classCount, genes: spec.genes,
            connectionProbability: spec.connectionProbability, density: spec.density, random: &networkRandom)
        self.spec = spec
        self.train = train
        self.test = test
        self.parameterSpace = AlleleFrequencyEvolution.genotypeSpace(genes: spec.genes)
        self.batchSize = spec.batchSize == 0 ? train.count : min(spec.batchSize, train.count)
        self.trainClassIndices = train.classIndices
        self.taskSeed = taskSeed
    }

    /// The mini-batch an evaluation with `random` uses: indices into ``train``.
    public func batchIndices(random: inout RandomStream) -> [Int] {
        if batchSize >= train.count { return Array(0..<train.count) }
        var order = Array(0..<train.count)
        for i in 0..<batchSize { order.swapAt(i, i + random.nextInt(below: train.count - i)) }
        return Array(order[..<batchSize])
    }

    /// Scores `genotype` on `data`.
    public func score(_ genotype: [Double], on data: DigitDataset) -> GenotypeEvaluation {
        network.evaluate(genotypes: [genotype], inputs: data.images, classIndices: data.classIndices)[0]
    }

    public func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
        guard parameters.count == network.genes else {
            throw ClassifierOptimizeeError.parameterCount(expected: network.genes, got: parameters.count)
        }
        let indices = batchIndices(random: &random)
        let result = network.evaluate(genotypes: [parameters], gathered: gatheredBatch(indices), classIndices: batchLabels(indices))[0]
        return Evaluation(fitness: result.advantage)
    }

    /// The class indices of the mini-batch `indices`.
    func batchLabels(_ indices: [Int]) -> [Int] {
        batchSize >= train.count ? trainClassIndices : indices.map { trainClassIndices[$0] }
    }

    /// The mini-batch `indices` gathered on the input graph (cached: the last batch is reused).
    func gatheredBatch(_ indices: [Int]) -> GenotypeNetwork.GatheredBatch {
        lastBatch.batch(for: indices) {
            network.gather(batchSize >= train.count ? train.images : train.selecting(indices).images)
        }
    }

    /// Accuracy, loss and δ of the incumbent genotype on the task's test and training images.
    public func finalReport(bestParameters: [Double]) -> [String: Double] {
        guard bestParameters.count == network.genes else { return [:] }
        let onTest = score(bestParameters, on: test)
        let onTrain = score(bestParameters, on: train)
        var report = [
            "test_accuracy": onTest.accuracy, "test_loss": onTest.loss, "test_advantage": onTest.advantage,
            "train_accuracy": onTrain.accuracy, "train_loss": onTrain.loss, "train_advantage": onTrain.advantage,
        ]
        if let after = spec.signSGDAfter {
            let trained = trainedAfterEvolution(genotype: bestParameters)
            let afterTest = trained.evaluate(on: test), afterTrain = trained.evaluate(on: train)
            report["test_accuracy_after_signsgd"] = afterTest.accuracy
            report["test_loss_after_signsgd"] = afterTest.loss
            report["train_accuracy_after_signsgd"] = afterTrain.accuracy
            report["train_loss_after_signsgd"] = afterTrain.loss
            report["signsgd_epochs"] = Double(after.steps * min(after.batchSize, train.count)) / Double(train.count)
        }
        return report
    }

    /// "NNE + SignSGD": the network of `genotype` after ``GenotypeClassifierOptimizeeSpec/signSGDAfter``'s
    /// SignSGD updates of its output layer (eq. 4) on mini-batches of the training subset; the
    /// untrained network when SignSGD is off.
    public func trainedAfterEvolution(genotype: [Double]) -> TwoLayerClassifier {
        let start = TwoLayerClassifier(network: network, genotype: genotype)
        guard let after = spec.signSGDAfter else { return start }
        var rule = SignSGDRule(network: start, learningRate: after.learningRate)
        let hidden = start.hiddenActivity(train.images)  // The hidden layer never changes.
        var sampler = MiniBatchSampler(
            count: train.count, batchSize: min(after.batchSize, train.count),
            random: RandomStream(seed: taskSeed).derived(Self.signSGDStream))
        for _ in 0..<after.steps {
            let indices = sampler.nextIndices()
            rule.step(hidden: PlasticClassifierLifetime.rows(indices, of: hidden), classIndices: indices.map { trainClassIndices[$0] })
        }
        return rule.network
    }
}

/// The last gathered mini-batch of a ``GenotypeClassifierOptimizee``, keyed by its training indices.
final class GatheredBatchCache: @unchecked Sendable {
    private let lock = NSLock()
    private var key: [Int] = []
    private var value: GenotypeNetwork.GatheredBatch?

    /// The batch for `indices`, made by `make` unless it is the last one asked for.
    func batch(for indices: [Int], make: () -> GenotypeNetwork.GatheredBatch) -> GenotypeNetwork.GatheredBatch {
        lock.lock()
        if let value, key == indices {
            lock.unlock()
            return value
        }
        lock.unlock()
        let made = make()
        lock.lock()
        key = indices
        value = made
        lock.unlock()
        return made
    }
}
