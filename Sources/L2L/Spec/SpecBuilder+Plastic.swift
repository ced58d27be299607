import L2LNetworks
import L2LOptimizees

/// Cross-key checks and the typed value of `optimizee.plastic_classifier` and its lifetime rules.
extension SpecValidator {
    /// `signsgd`, `dopaminergic` and `adam` only under `inner` and only with `optimizee.plastic_classifier`
    /// (and vice versa); the digit-task checks of a classifier.
    mutating func checkPlasticClassifier() {
        let rules = PlasticityRuleSpec.identifiers
        let kind = "plastic_classifier"
        if let outer = values.variants["outer"], rules.contains(outer) {
            report("\(outer) is a lifetime learning rule, valid only as inner.optimizer (with optimizee.\(kind)); the outer loop needs an ask/tell optimizer such as ga or cmaes",
                   at: "outer.optimizer", values.marks["outer.optimizer"])
        }
        let inner = values.variants["inner"], optimizee = values.variants["optimizee"]
        if let inner, rules.contains(inner), let optimizee, optimizee != kind {
            report("inner.optimizer \(inner) trains only optimizee.\(kind), but the optimizee is \(optimizee)",
                   at: "inner.optimizer", values.marks["inner.optimizer"])
        }
        if optimizee == kind, let inner, !rules.contains(inner) {
            report("optimizee.\(kind) is learned by a lifetime rule (inner.optimizer: \(rules.joined(separator: ", "))), not by \(inner)",
                   at: "optimizee.\(kind)", values.marks["optimizee.\(kind)"])
        }
        checkDigitTask(kind: kind)
    }
}

extension SpecValueReader {
    /// The plastic-classifier section at `path` (validated).
    mutating func plasticClassifier(_ path: String) -> PlasticClassifierOptimizeeSpec {
        let p = path + "."
        let set = choice(p + "dataset", fallback: ShippedDigitSet.digits8x8)
        let digits: [UInt8]? = values.lists[p + "digits"] == nil ? nil : intList(p + "digits").map(UInt8.init).sorted()
        return PlasticClassifierOptimizeeSpec(
            dataset: .shipped(set, dataDirectory: string(p + "data_directory")), digits: digits, hidden: int(p + "hidden"),
            trainPerClass: int(p + "train_per_class"), testPerClass: int(p + "test_per_class"),
            batchSize: int(p + "batch_size"), networkSeed: seed(p + "network_seed"))
    }
}
