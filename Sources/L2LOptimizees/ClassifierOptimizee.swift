import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers

/// A feed-forward digit classifier on one task's samples, as an optimizee (`optimizee.classifier`).
///
/// **Task.** The task seed draws a class-balanced split of the data set (restricted to
/// `digits`): `trainPerClass` training and `testPerClass` held-out images per class, disjoint,
/// from `RandomStream(seed: taskSeed).derived(1)`; and the initial weights (the optimizers'
/// starting point, `initialization`, biases 0, clamped to the box) from `.derived(2)`. So each
/// task seed is a different sample of digits, and held-out test tasks use other samples.
///
/// **Parameters.** The network's flat weight-and-bias vector (``FeedForwardNetwork`` layout),
/// each in `[-weightBound, weightBound]`.
///
/// **Evaluation.** One mini-batch of `batchSize` distinct training images is drawn from the
/// `random` stream passed in (the whole training set when `batchSize` is 0 or the set's size).
/// The inner run gives every candidate of an iteration the same stream, so all ensemble members
/// see the same batch, and a new batch comes each iteration (sampling without replacement within
/// a batch, independently between iterations).
/// - fitness: `−` mean cross-entropy in nats (`cross_entropy`, default) or the fraction correct
///   (`accuracy`) on the batch; NaN when a logit is not finite;
/// - outputs G(u): the batch's softmax probabilities (or logits), `B·K` values, sample-major then
///   class (row-major `B × K`);
/// - targets y: the batch's one-hot labels in the same order.
///
/// **Final report.** ``finalReport(bestParameters:)`` gives `test_accuracy`, `test_loss` (on the
/// task's held-out images), `train_accuracy` and `train_loss` (on its whole training subset).
public struct ClassifierOptimizee: Optimizee {
    public let spec: ClassifierOptimizeeSpec
    public let network: FeedForwardNetwork
    /// The task's training images (pixels normalized to [0, 1]).
    public let train: DigitDataset
    /// The task's held-out test images (pixels normalized to [0, 1]).
    public let test: DigitDataset
    public let parameterSpace: SearchSpace
    public let initialPoint: [Double]?

    /// Batch size actually used (the training set's size for `batchSize` 0 or too large).
    public let batchSize: Int
    private let trainClassIndices: [Int]

    /// Stream labels under `RandomStream(seed: taskSeed)`.
    static let splitStream: UInt64 = 1
    static let initializationStream: UInt64 = 2

    /// Loads the data (once per experiment, see ``DigitDataCache``) and draws the task's split and
    /// initial weights.
    /// - Throws: ``DigitDatasetError`` or ``ClassifierOptimizeeError`` when the data cannot be read
    ///   or have too few images per class for the split.
    /// - Parameter data: the run's data cache (an experiment shares one across its inner runs).
    public init(spec: ClassifierOptimizeeSpec, taskSeed: UInt64, data: DigitDataCache = DigitDataCache()) throws {
        let all = try data.dataset(spec.dataset, digits: spec.digits)
        var splitRandom = RandomStream(seed: taskSeed).derived(Self.splitStream)
        let (train, test) = try all.split(
            trainPerClass: spec.trainPerClass, testPerClass: spec.testPerClass, random: &splitRandom)
        let network = FeedForwardNetwork(
            layerSizes: [all.pixelCount] + spec.network.hiddenLayers + [all.classCount],
            hiddenActivation: spec.network.activation)
        var initRandom = RandomStream(seed: taskSeed).derived(Self.initializationStream)
        let bound = spec.weightBound
        let initial = network.initialParameters(spec.network.initialization, random: &initRandom)
        self.spec = spec
        self.network = network
        self.train = train
        self.test = test
        self.parameterSpace = .box(count: network.parameterCount, lower: -bound, upper: bound, namePrefix: "w")
        self.initialPoint = initial.map { min(max($0, -bound), bound) }
        self.batchSize = spec.batchSize == 0 ? train.count : min(spec.batchSize, train.count)
        self.trainClassIndices = train.classIndices
    }

    /// Number of classes K (outputs per sample).
    public var classCount: Int { network.classCount }

    /// The mini-batch an evaluation with `random` uses: indices into ``train``.
    public func batchIndices(random: inout RandomStream) -> [Int] {
        if batchSize >= train.count { return Array(0..<train.count) }
        // Partial Fisher–Yates: the first `batchSize` entries of a random permutation.
        var order = Array(0..<train.count)
        for i in 0..<batchSize { order.swapAt(i, i + random.nextInt(below: train.count - i)) }
        return Array(order[..<batchSize])
    }

    public func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
        guard parameters.count == network.parameterCount else {
            throw ClassifierOptimizeeError.parameterCount(expected: network.parameterCount, got: parameters.count)
        }
        let indices = batchIndices(random: &random)
        let batch = batchSize >= train.count ? train : train.selecting(indices)
        let k = classCount, b = indices.count
        var values = network.logits(parameters: parameters, inputs: batch.images).elements
        var targets = [Double](repeating: 0, count: b * k)
        var lossSum = 0.0
        var correct = 0
        values.withUnsafeMutableBufferPointer { z in
            for s in 0..<b {
                let y = trainClassIndices[indices[s]]
                targets[s * k + y] = 1
                let row = z.baseAddress! + s * k
                var maximum = -Double.infinity, best = 0, finite = true
                for c in 0..<k {
                    if !row[c].isFinite { finite = false }
                    if row[c] > row[best] { best = c }
                    maximum = max(maximum, row[c])
                }
                guard finite else {
                    lossSum = .nan
                    if spec.outputs == .probabilities { for c in 0..<k { row[c] = .nan } }
                    continue
                }
                if best == y { correct += 1 }
                var sum = 0.0
                for c in 0..<k { sum += exp(row[c] - maximum) }
                lossSum += maximum + log(sum) - row[y]
                if spec.outputs == .probabilities {
                    for c in 0..<k { row[c] = exp(row[c] - maximum) / sum }
                }
            }
        }
        let fitness: Double
        switch spec.fitness {
        case .crossEntropy: fitness = b == 0 ? 0 : -lossSum / Double(b)
        case .accuracy: fitness = lossSum.isNaN ? .nan : (b == 0 ? 0 : Double(correct) / Double(b))
        }
        return Evaluation(fitness: fitness, outputs: values, targets: targets)
    }

    /// `test_accuracy`, `test_loss` on the task's held-out images and `train_accuracy`,
    /// `train_loss` on its training subset (loss: mean cross-entropy in nats; NaN when a logit is
    /// not finite). Empty for a vector of the wrong length.
    public func finalReport(bestParameters: [Double]) -> [String: Double] {
        guard bestParameters.count == network.parameterCount else { return [:] }
        let onTest = network.evaluate(parameters: bestParameters, on: test)
        let onTrain = network.evaluate(parameters: bestParameters, on: train)
        return [
            "test_accuracy": onTest.accuracy, "test_loss": onTest.loss,
            "train_accuracy": onTrain.accuracy, "train_loss": onTrain.loss,
        ]
    }
}

/// Why a classifier optimizee cannot be built or evaluated.
public enum ClassifierOptimizeeError: Error, Equatable, CustomStringConvertible {
    /// A shipped data set's files are not under the data directory.
    case dataNotFound(set: String, directory: String, searched: [String], reason: String)
    /// A parameter vector of the wrong length.
    case parameterCount(expected: Int, got: Int)

    public var description: String {
        switch self {
        case let .dataNotFound(set, directory, searched, reason):
            let looked = directory.hasPrefix("/") ? "" : " (a relative data_directory is looked up under: \(searched.joined(separator: ", ")); "
                + "see \(DataSearchPath.environmentVariable) in docs/spec.md)"
            return "cannot load the shipped data set \(set) from \(directory)/digits/ (\(reason)); "
                + "the optimizee's data_directory must name the repository's data/ directory\(looked)"
        case let .parameterCount(expected, got):
            return "classifier: \(got) parameters, the network has \(expected)"
        }
    }
}

/// A process-wide cache of digit data sets, so each IDX file pair is read and normalized once per
/// process however many inner runs (and tasks) use it.
///
/// Keyed by the files' absolute standardized paths and the chosen digits; values are normalized
/// (pixels in [0, 1]) and restricted to those digits. The cache is a lock-protected class rather
/// than an actor because `Optimizee` construction and `evaluate` are synchronous. The lock is held
/// while a data set loads, so concurrent inner runs wait for one load instead of repeating it; the
/// data are immutable values after that, shared freely (hence `@unchecked Sendable`: every access
/// to the mutable dictionary goes through `lock`). A failed load is not cached.
///
/// There is no process-wide instance: an `Experiment` owns one (`OptimizeeResources`) and hands it
/// to every optimizee it builds, so the project keeps no global mutable state outside the HDF5 lock.
public final class DigitDataCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: DigitDataset] = [:]
    private var fileLoads = 0

    /// Where relative data paths are looked up.
    public let searchPath: DataSearchPath

    public init(searchPath: DataSearchPath = .workingDirectory) {
        self.searchPath = searchPath
    }

    /// Number of IDX file pairs read so far (for tests: loading is once per file pair).
    public var loadCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return fileLoads
    }

    /// The normalized data set of `dataset`, restricted to `digits` (all classes when nil).
    public func dataset(_ dataset: ClassifierOptimizeeSpec.Dataset, digits: [UInt8]?) throws -> DigitDataset {
        let images: URL, labels: URL
        switch dataset {
        case let .shipped(set, directory):
            let found = searchPath.resolvedOrUnchanged(directory, containing: "digits/" + set.imagesFileName)
            let digitsDirectory = URL(fileURLWithPath: found).appendingPathComponent("digits", isDirectory: true)
            images = digitsDirectory.appendingPathComponent(set.imagesFileName)
            labels = digitsDirectory.appendingPathComponent(set.labelsFileName)
        case let .idx(imagesPath, labelsPath):
            images = URL(fileURLWithPath: searchPath.resolvedOrUnchanged(imagesPath))
            labels = URL(fileURLWithPath: searchPath.resolvedOrUnchanged(labelsPath))
        }
        let pixelMaximum: Double
        if case .shipped(let set, _) = dataset { pixelMaximum = set.pixelMaximum } else { pixelMaximum = 255 }
        let fileKey = images.standardizedFileURL.path + "\n" + labels.standardizedFileURL.path
        let key = fileKey + "\n" + (digits.map { $0.map(String.init).joined(separator: ",") } ?? "all")

        lock.lock()
        defer { lock.unlock() }
        if let cached = entries[key] { return cached }
        let full: DigitDataset
        if let cached = entries[fileKey] {
            full = cached
        } else {
            do {
                full = try DigitDataset.loadIDX(images: images, labels: labels, pixelMaximum: pixelMaximum).normalized()
            } catch let error as DigitDatasetError {
                if case .unreadable(_, let reason) = error, case let .shipped(set, directory) = dataset {
                    throw ClassifierOptimizeeError.dataNotFound(
                        set: set.rawValue, directory: directory, searched: searchPath.directories, reason: reason)
                }
                throw error
            }
            fileLoads += 1
            entries[fileKey] = full
        }
        let restricted = try digits.map { try full.restricted(toDigits: $0) } ?? full
        entries[key] = restricted
        return restricted
    }
}
