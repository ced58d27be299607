import L2LNetworks
import L2LOptimizees

// The declaration of `optimizee.genotype_classifier` (the NNE network: weights generated from a
// binary genotype). `docs/spec.md` is generated from it; regenerate the docs after a change.

extension SpecSchema {
    /// The `dataset` variants of `optimizee.genotype_classifier`: the shipped sets only.
    static let genotypeDatasetVariant = SpecVariant(
        discriminator: "dataset",
        cases: datasetVariant.cases.filter { ShippedDigitSet(rawValue: $0.value) != nil })

    static let genotypeClassifier = SpecMapping(
        title: "optimizee.genotype_classifier",
        doc: """
            The network of neural-net evolution (NNE; Gorantla et al. 2019): a hidden ReLU layer on a sparse random \
            input graph and a softmax output, whose link weights are `W x` for a binary genotype x of `genes` genes and \
            a sparse random weight-generation matrix W of density β. The input graph and W are drawn from \
            `network_seed`, so every task shares them; each task seed draws its own class-balanced training and test \
            images. The parameters are the genes (use `inner.optimizer: nne`). Fitness is the paper's δ, the \
            advantage over a random guess, on a mini-batch drawn afresh each inner iteration (the same for every \
            genotype of the iteration). After each inner run the incumbent genotype's `test_accuracy`, `test_loss`, \
            `test_advantage`, `train_accuracy`, `train_loss` and `train_advantage` are its run metrics; with \
            `signsgd_after`, also those after lifetime SignSGD on the output layer (\"NNE + SignSGD\").
            """,
        keys: [
            SpecKey("dataset", .choice(genotypeDatasetVariant.cases.map(\.value)), .required,
                    "The images: `digits8x8` or `mnist5k` (shipped in `data/digits/`)."),
            SpecKey("digits", .integerList(0...9, minimumCount: 2), .derived("all classes of the data set"),
                    "The digits to classify, distinct, e.g. `[0, 1, 2, 3, 4]` (outputs in increasing digit order)."),
            SpecKey("hidden", .integer(1...100_000), .value(.int(64)), "Hidden ReLU units (the paper: 1,000)."),
            SpecKey("genes", .integer(1...1_000_000), .value(.int(200)), "Genes n of the genotype (the paper: a few thousand)."),
            SpecKey("connection_probability", .real(.leftOpen(0, 1)), .value(.double(0.1)),
                    "Probability of each input → hidden link (the paper: 0.1)."),
            SpecKey("density", .real(.leftOpen(0, 1)), .value(.double(0.0025)),
                    "β, the fraction of nonzero entries of W (the paper: 0.0025)."),
            SpecKey("train_per_class", .integer(1...1_000_000), .value(.int(100)), "Training images per class drawn for each task."),
            SpecKey("test_per_class", .integer(1...1_000_000), .value(.int(50)),
                    "Held-out test images per class drawn for each task (disjoint from the training images)."),
            SpecKey("batch_size", .integer(0...1_000_000), .value(.int(100)),
                    "Training images per mini-batch (one batch per inner iteration); 0: the whole training subset every iteration."),
            SpecKey("network_seed", .seed, .value(.int(0)), "Seed of the input graph and W, shared by every task."),
            SpecKey("signsgd_after", .mapping(genotypeSignSGDAfter), .optional,
                    "Lifetime SignSGD on the output layer after evolution, from the incumbent genotype's weights (see `optimizee.genotype_classifier.signsgd_after`); absent: off."),
        ],
        variant: genotypeDatasetVariant, searchable: true)

    static let genotypeSignSGDAfter = SpecMapping(
        title: "optimizee.genotype_classifier.signsgd_after",
        doc: """
            "NNE + SignSGD" (Gorantla et al. 2019, §3.1, equation 4): after each inner run the network of the incumbent \
            genotype (the best genotype evaluated, itself a sample of the evolved allele frequencies, as the paper \
            initializes from the learned allele distribution) is trained further: `steps` mini-batches of \
            `batch_size` training images (each epoch a fresh permutation), each changing every output weight by \
            ±`learning_rate` against the sign of the batch's cross-entropy gradient; the hidden layer is kept. The \
            run metrics add `test_accuracy_after_signsgd`, `test_loss_after_signsgd`, `train_accuracy_after_signsgd`, \
            `train_loss_after_signsgd` and `signsgd_epochs`. The fitness the outer loop sees is unchanged (the \
            evolution's δ); the batches are drawn from the task seed.
            """,
        keys: [
            SpecKey("learning_rate", .real(.leftOpen(0, 100)), .value(.double(1e-3)),
                    "ε′ of equation 4, the size of every output-weight change (the paper: \"sufficiently small\")."),
            SpecKey("steps", .integer(1...10_000_000), .value(.int(300)), "Mini-batch updates (the paper: a few hundred)."),
            SpecKey("batch_size", .integer(1...1_000_000), .value(.int(50)),
                    "Training images per update (the paper: 50; clipped to the training subset)."),
        ],
        searchable: true)
}
