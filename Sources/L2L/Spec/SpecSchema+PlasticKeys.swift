import L2LNetworks
import L2LOptimizees

// The declarations of `optimizee.plastic_classifier` and of its lifetime rules
// `inner.optimizer: signsgd | dopaminergic | adam` (Gorantla et al. 2019, §3.1–3.2). `docs/spec.md` is
// generated from them; regenerate the docs after a change.

extension SpecSchema {
    /// The `optimizer` cases of the plasticity rules (appended to ``optimizerVariant``).
    static let plasticityRuleCases: [SpecVariant.Case] = [
        .init(value: PlasticityRuleSpec.signSGDIdentifier,
              doc: "`inner` only, with `optimizee.plastic_classifier`: a lifetime rule, SignSGD on the output layer (Gorantla et al. 2019, eq. 4), w_ij ← w_ij − ε′·sign(Σ_batch (z_j − ℓ_j) h_i); `iterations` is the number of mini-batches.",
              keys: [
                  SpecKey("learning_rate", .real(.leftOpen(0, 100)), .value(.double(1e-3)), "ε′, the size of every output-weight change."),
              ]),
        .init(value: PlasticityRuleSpec.dopaminergicIdentifier,
              doc: "`inner` only, with `optimizee.plastic_classifier`: a lifetime rule, the dopaminergic rule (Gorantla et al. 2019, §3.2) on the output layer of a fixed random hidden layer. Only links that fired change: hidden unit active and output the winner ĵ; they move by ε₁·(¼ − e_ĵ²), a positive change only when the loss is at most ε₀. `iterations` is the number of mini-batches (inputs presented one by one).",
              keys: [
                  SpecKey("loss_threshold", .real(.closed(0, 100)), .value(.double(0.75)),
                          "ε₀: a reward is paid only when the input's cross-entropy is at most ε₀ (the paper: 0.75)."),
                  SpecKey("rate", .real(.leftOpen(0, 1000)), .value(.double(1)), "ε₁: the size of a change per unit of dopamine (the paper: 1)."),
              ]),
        .init(value: PlasticityRuleSpec.adamIdentifier,
              doc: "`inner` only, with `optimizee.plastic_classifier`: the gradient baseline (\"SGD\" of Gorantla et al. 2019), Adam on the mean cross-entropy of each mini-batch, both layers trained; `iterations` is the number of mini-batches.",
              keys: [
                  SpecKey("learning_rate", .real(.leftOpen(0, 100)), .value(.double(1e-3)), "η, Adam's step size (β₁ 0.9, β₂ 0.999)."),
              ]),
    ]

    static let plasticClassifier: SpecMapping = {
        let d = PlasticClassifierOptimizeeSpec(dataset: .shipped(.digits8x8, dataDirectory: "data"))
        return SpecMapping(
            title: "optimizee.plastic_classifier",
            doc: """
                A one-hidden-layer digit classifier (inputs → `hidden` ReLU → softmax, no biases) learned during its \
                lifetime by `inner.optimizer: signsgd`, `dopaminergic` or `adam`, which it requires (and which require \
                it). The hidden layer is Kaiming-uniform and the output weights U[−1/√h, 1/√h], drawn from \
                `network_seed`, so every task starts from the same network; each task seed draws its own \
                class-balanced training and held-out test images. `inner.iterations` mini-batches of `batch_size` \
                images are presented. The learning curve is each batch's accuracy before its update, the state each \
                batch's loss and the output weights' RMS. An inner run's score is the final held-out `test_accuracy`; \
                run metrics: `test_accuracy`, `test_loss`, `train_accuracy`, `train_loss`, `epochs`.
                """,
            keys: [
                SpecKey("dataset", .choice(genotypeDatasetVariant.cases.map(\.value)), .required,
                        "The images: `digits8x8` or `mnist5k` (shipped in `data/digits/`)."),
                SpecKey("digits", .integerList(0...9, minimumCount: 2), .derived("all classes of the data set"),
                        "The digits to classify, distinct, e.g. `[0, 1, 2, 3, 4]` (outputs in increasing digit order)."),
                SpecKey("hidden", .integer(1...100_000), .value(.int(d.hidden)), "Hidden ReLU units h (the paper: 1,000 and 100,000)."),
                SpecKey("train_per_class", .integer(1...1_000_000), .value(.int(d.trainPerClass)), "Training images per class drawn for each task."),
                SpecKey("test_per_class", .integer(1...1_000_000), .value(.int(d.testPerClass)),
                        "Held-out test images per class drawn for each task (disjoint from the training images)."),
                SpecKey("batch_size", .integer(1...1_000_000), .value(.int(d.batchSize)),
                        "Training images per mini-batch (the paper: 50); clipped to the training set."),
                SpecKey("network_seed", .seed, .value(.int(Int(d.networkSeed))), "Seed of the initial network, shared by every task."),
            ],
            variant: genotypeDatasetVariant, searchable: true)
    }()
}
