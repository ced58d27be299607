import L2LNetworks

// The configurations of the built-in optimizee families that are not in their adapters' files;
// the spec (`ExperimentSpec.optimizee`) holds one of them.

/// A Go/No-Go session with a contingency reversal (`optimizee.gonogo`), learned trial by trial by the
/// neuromodulated lifetime rule (`inner.optimizer: neuromodulated`, `inner.iterations` trials). Each
/// task seed draws its own cue sequence and action noise.
public struct GoNoGoOptimizeeSpec: Sendable, Equatable {
    /// Index (0-based) of the first reversed trial, `0 < reversalAt < inner.iterations`.
    public var reversalAt: Int
    /// Trials in the criterion window.
    public var criterionWindow: Int
    /// Fraction of correct trials in the window that counts as criterion.
    public var criterionFraction: Double

    public init(reversalAt: Int = 200, criterionWindow: Int = 20, criterionFraction: Double = 0.8) {
        self.reversalAt = reversalAt
        self.criterionWindow = criterionWindow
        self.criterionFraction = criterionFraction
    }
}

/// A feed-forward digit classifier family (`optimizee.classifier`): every task seed draws its own
/// class-balanced training and test samples from the data set; the parameters are the network's
/// weights and biases. See ``ClassifierOptimizee``.
public struct ClassifierOptimizeeSpec: Sendable, Equatable {
    /// Where the images come from (YAML `dataset`).
    public enum Dataset: Sendable, Equatable {
        /// A set shipped in `<data_directory>/digits/` (YAML `mnist5k` or `digits8x8`).
        case shipped(ShippedDigitSet, dataDirectory: String)
        /// User-supplied uncompressed IDX files (YAML `idx`, with `images` and `labels`); paths
        /// absolute or looked up by ``DataSearchPath``; pixels 0–255.
        case idx(images: String, labels: String)

        /// The YAML name: `mnist5k`, `digits8x8` or `idx`.
        public var name: String {
            switch self {
            case .shipped(let set, _): set.rawValue
            case .idx: "idx"
            }
        }
    }

    /// What the fitness told to fitness-based optimizers is (YAML `fitness`).
    public enum Fitness: String, Sendable, Equatable, CaseIterable {
        /// `−` the mean cross-entropy (nats) on the iteration's mini-batch; 0 is perfect.
        case crossEntropy = "cross_entropy"
        /// The fraction of the mini-batch classified correctly.
        case accuracy
    }

    /// The images.
    public var dataset: Dataset
    /// The digits classified, distinct and increasing; nil for every class of the data set.
    public var digits: [UInt8]?
    /// Hidden layers, activation and initialization (`input_connection_probability` stays 1).
    public var network: FeedForwardNetwork.Specification
    /// Training images per class drawn for each task, `>= 1`.
    public var trainPerClass: Int
    /// Held-out test images per class drawn for each task, `>= 1`.
    public var testPerClass: Int
    /// Samples per mini-batch, drawn afresh each inner iteration; 0: the whole training subset.
    public var batchSize: Int
    /// Every parameter lies in `[-weightBound, weightBound]`.
    public var weightBound: Double
    /// What the model outputs G(u) told to the ensemble Kalman filter are.
    public var outputs: FeedForwardNetwork.OutputKind
    /// The fitness told to fitness-based optimizers.
    public var fitness: Fitness

    public init(
        dataset: Dataset, digits: [UInt8]? = nil, network: FeedForwardNetwork.Specification,
        trainPerClass: Int = 100, testPerClass: Int = 50, batchSize: Int = 32, weightBound: Double = 5,
        outputs: FeedForwardNetwork.OutputKind = .probabilities, fitness: Fitness = .crossEntropy
    ) {
        self.dataset = dataset
        self.digits = digits
        self.network = network
        self.trainPerClass = trainPerClass
        self.testPerClass = testPerClass
        self.batchSize = batchSize
        self.weightBound = weightBound
        self.outputs = outputs
        self.fitness = fitness
    }
}

/// A benchmark-function optimizee family.
public struct FunctionOptimizeeSpec: Sendable, Equatable {
    /// The benchmark function (YAML key `name`).
    public var function: BenchmarkFunction
    /// Dimension, `1...10_000`.
    public var dimension: Int
    /// Lower bound of each coordinate (default: the function's conventional bound).
    public var lower: Double
    /// Upper bound of each coordinate (default: the function's conventional bound), `> lower`.
    public var upper: Double
    /// Task family: the optimum is shifted uniformly in `[-shift, shift]^d`; `>= 0`.
    public var shift: Double
    /// Task family: coordinates rotated by a random orthogonal matrix per task.
    public var rotate: Bool

    public init(function: BenchmarkFunction, dimension: Int, lower: Double, upper: Double, shift: Double = 0, rotate: Bool = false) {
        self.function = function
        self.dimension = dimension
        self.lower = lower
        self.upper = upper
        self.shift = shift
        self.rotate = rotate
    }
}
