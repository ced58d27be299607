import L2LNetworks

/// Cross-key checks and the typed value of `optimizee.genotype_classifier`.
extension SpecValidator {
    /// Distinct digits; enough images per class for `train_per_class + test_per_class`; a
    /// mini-batch no larger than the training subset.
    mutating func checkGenotypeClassifier() {
        let p = "optimizee.genotype_classifier"
        guard values.variants["optimizee"] == "genotype_classifier" else { return }
        var digits: [Int]?
        if let list = values.lists[p + ".digits"] {
            var seen: Set<Int> = []
            var chosen: [Int] = []
            for (index, scalar) in list.enumerated() {
                guard case .int(let digit) = scalar else { continue }
                let at = "\(p).digits[\(index)]"
                if !seen.insert(digit).inserted {
                    report("digit \(digit) is listed twice", at: at, values.marks[at])
                } else {
                    chosen.append(digit)
                }
            }
            digits = chosen
        }
        guard let train = values.int(p + ".train_per_class"), let test = values.int(p + ".test_per_class"),
            let name = values.variants[p], let set = ShippedDigitSet(rawValue: name),
            let counts = SpecSchema.shippedMinimumClassCounts[set]
        else { return }
        let countPath = values.present.contains(p + ".train_per_class") || !values.present.contains(p + ".test_per_class")
            ? p + ".train_per_class" : p + ".test_per_class"
        let chosen = digits.map { $0.map(UInt8.init) } ?? counts.keys.sorted()
        if let (digit, available) = chosen.compactMap({ d in counts[d].map { (d, $0) } }).min(by: { $0.1 < $1.1 }),
            train + test > available
        {
            report(
                "train_per_class + test_per_class = \(train + test) exceeds the \(available) images of digit \(digit) in \(set.rawValue)",
                at: countPath, values.marks[countPath])
        }
        let batchPath = p + ".batch_size"
        if let batch = values.int(batchPath), batch > train * chosen.count {
            report(
                "batch_size \(batch) exceeds the \(train * chosen.count) training images of a task (train_per_class × \(chosen.count) classes); use 0 for the whole training set",
                at: batchPath, values.marks[batchPath])
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
            batchSize: int(p + "batch_size"), networkSeed: seed(p + "network_seed"))
    }
}
