import L2LNetworks
import L2LOptimizers
import L2LOptimizees

/// Cross-key checks and the typed value of `optimizee.genotype_classifier`.
extension SpecValidator {
    /// The checks of `optimizee.genotype_classifier`: the same as a classifier's (see `checkDigitTask`).
    mutating func checkGenotypeClassifier() { checkDigitTask(kind: "genotype_classifier") }

    /// `inner.optimizer: nne` searches binary genotypes, which of the optimizees only
    /// `optimizee.genotype_classifier` has.
    mutating func checkInnerAlleleFrequencyEvolution() {
        let nne = AlleleFrequencyEvolution.identifier
        guard values.variants["inner"] == nne, let optimizee = values.variants["optimizee"], optimizee != "genotype_classifier",
            OptimizeeRegistry.descriptor(optimizee) == nil  // checkRegisteredOptimizee asks its capabilities
        else { return }
        report("inner.optimizer \(nne) evolves binary genotypes (x ∈ {0, 1}ⁿ), which only optimizee.genotype_classifier has; optimizee.\(optimizee) has real-valued parameters (use ga, cmaes, …)",
               at: "inner.optimizer", values.marks["inner.optimizer"])
    }

    /// `outer.optimizer: nne` can only represent genes, so every search-space entry must be
    /// `kind: integer` with `low: 0` and `high: 1` (a real, log-scale or choice entry cannot be
    /// sampled from allele frequencies).
    mutating func checkAlleleFrequencyEvolutionSpace(_ entries: [SearchSpaceEntry]) {
        let nne = AlleleFrequencyEvolution.identifier
        guard values.variants["outer"] == nne else { return }
        for (index, entry) in entries.enumerated() {
            if case .integer(0, 1) = entry.kind { continue }
            let at = "outer.search_space[\(index)]"
            let got: String
            switch entry.kind {
            case .uniform(let low, let high): got = "kind uniform [\(SpecRealRange.format(low)), \(SpecRealRange.format(high))]"
            case .logUniform(let low, let high): got = "kind log_uniform [\(SpecRealRange.format(low)), \(SpecRealRange.format(high))]"
            case .integer(let low, let high): got = "kind integer \(low)–\(high)"
            case .choice(let values): got = "kind choice of \(values.count) values"
            }
            report("outer.optimizer \(nne) searches binary genes only (kind: integer, low: 0, high: 1), but '\(entry.path)' is \(got)",
                   at: at + ".kind", values.marks[at + ".kind"] ?? values.marks[at])
        }
    }
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
            batchSize: int(p + "batch_size"), networkSeed: seed(p + "network_seed"),
            signSGDAfter: values.present.contains(p + "signsgd_after") ? signSGDAfter(p + "signsgd_after") : nil)
    }

    /// The `signsgd_after` section at `path` (validated, present).
    mutating func signSGDAfter(_ path: String) -> GenotypeClassifierOptimizeeSpec.SignSGDAfter {
        let p = path + "."
        return GenotypeClassifierOptimizeeSpec.SignSGDAfter(
            learningRate: double(p + "learning_rate"), steps: int(p + "steps"), batchSize: int(p + "batch_size"))
    }
}
