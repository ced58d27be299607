import L2LNetworks

/// Cross-key checks and the typed value of `optimizee.genotype_classifier`.
extension SpecValidator {
    /// The checks of `optimizee.genotype_classifier`: the same as a classifier's (see `checkDigitTask`).
    mutating func checkGenotypeClassifier() { checkDigitTask(kind: "genotype_classifier") }
}

extension SpecValueReader {
    /// The genotype-classifier section at `path` (validated).
    mutating func genotypeClassifier(_ path: String) -> GenotypeClassifierOptimizeeSpec {
        let p = path + "."
        let set = choice(p + "dataset", fallback: ShippedDigitSet.digits8x8)
        let digits: [UInt8]? = values.lists[p + "digits"] == nil ? nil : intList(p + "digits").map(UInt8.init).sorted()
        return GenotypeClassifierOptimizeeSpec(
            dataset: .shipped(set, dataDirectory: string(p + "data_directory")), digits: digits,
            hidden: int(p + "hidden"), genes: int(p + "genes"),
            connectionProbability: double(p + "connection_probability"), density: double(p + "density"),
            trainPerClass: int(p + "train_per_class"), testPerClass: int(p + "test_per_class"),
            batchSize: int(p + "batch_size"), networkSeed: seed(p + "network_seed"))
    }
}
