import L2LNetworks
import L2LOptimizees

/// Cross-key checks and the typed value of `optimizee.classifier`.
extension SpecValidator {
    /// The checks of `optimizee.classifier`.
    mutating func checkClassifier() { checkDigitTask(kind: "classifier") }

    /// Distinct digits; enough images per class of a shipped set for `train_per_class +
    /// test_per_class`; a mini-batch no larger than the training subset. Shared by the optimizee
    /// kinds that train on digit subsets (`classifier`, `genotype_classifier`).
    mutating func checkDigitTask(kind: String) {
        let p = "optimizee.\(kind)"
        guard values.variants["optimizee"] == kind else { return }
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
        guard let train = values.int(p + ".train_per_class"), let test = values.int(p + ".test_per_class") else { return }
        // Whichever of the two counts was written (the training count when both or neither were).
        let countPath = values.present.contains(p + ".train_per_class") || !values.present.contains(p + ".test_per_class")
            ? p + ".train_per_class" : p + ".test_per_class"
        var classCount = digits?.count
        if let name = values.variants[p], let set = ShippedDigitSet(rawValue: name),
            let counts = SpecSchema.shippedMinimumClassCounts[set]
        {
            let chosen = digits.map { $0.map(UInt8.init) } ?? counts.keys.sorted()
            classCount = chosen.count
            if let (digit, available) = chosen.compactMap({ d in counts[d].map { (d, $0) } }).min(by: { $0.1 < $1.1 }),
                train + test > available
            {
                report(
                    "train_per_class + test_per_class = \(train + test) exceeds the \(available) images of digit \(digit) in \(set.rawValue)",
                    at: countPath, values.marks[countPath])
            }
        }
        let batchPath = p + ".batch_size"
        if let batch = values.int(batchPath), let classCount, batch > train * classCount {
            report(
                "batch_size \(batch) exceeds the \(train * classCount) training images of a task (train_per_class × \(classCount) classes); use 0 for the whole training set",
                at: batchPath, values.marks[batchPath])
        }
    }
}

extension SpecValueReader {
    /// The classifier section at `path` (validated).
    mutating func classifier(_ path: String) -> ClassifierOptimizeeSpec {
        let p = path + "."
        let datasetName = string(p + "dataset")
        let dataset: ClassifierOptimizeeSpec.Dataset
        if let set = ShippedDigitSet(rawValue: datasetName) {
            dataset = .shipped(set, dataDirectory: string(p + "data_directory"))
        } else {
            dataset = .idx(images: string(p + "images"), labels: string(p + "labels"))
        }
        let digits: [UInt8]? = values.lists[p + "digits"] == nil ? nil : intList(p + "digits").map(UInt8.init).sorted()
        let activation = choice(p + "activation", fallback: FeedForwardNetwork.Activation.relu)
        let initialization = values.string(p + "initialization").flatMap(FeedForwardNetwork.Initialization.init(rawValue:))
        return ClassifierOptimizeeSpec(
            dataset: dataset, digits: digits,
            network: FeedForwardNetwork.Specification(
                hiddenLayers: intList(p + "hidden_layers"), activation: activation, initialization: initialization),
            trainPerClass: int(p + "train_per_class"), testPerClass: int(p + "test_per_class"),
            batchSize: int(p + "batch_size"), weightBound: double(p + "weight_bound"),
            outputs: choice(p + "outputs", fallback: .probabilities), fitness: choice(p + "fitness", fallback: .crossEntropy))
    }
}
