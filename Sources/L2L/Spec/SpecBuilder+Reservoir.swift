import L2LNetworks
import L2LOptimizees

/// Cross-key checks and the typed value of `optimizee.reservoir`.
extension SpecValidator {
    /// Largest number of synapses a reservoir spec may ask for (bulk + output layer).
    static let reservoirSynapseLimit = 200_000_000.0

    /// reset < threshold; distinct digits; enough images per class; a batch no larger than the
    /// training set; a network that fits in memory.
    mutating func checkReservoir() {
        let p = "optimizee.reservoir"
        guard values.variants["optimizee"] == "reservoir" else { return }
        func written(_ a: String, _ b: String) -> String {
            values.present.contains(p + "." + a) || !values.present.contains(p + "." + b) ? p + "." + a : p + "." + b
        }
        if let threshold = values.double(p + ".threshold_mv"), let reset = values.double(p + ".reset_mv"), reset >= threshold {
            let at = written("reset_mv", "threshold_mv")
            report("reset_mv (\(SpecRealRange.format(reset))) must lie below threshold_mv (\(SpecRealRange.format(threshold)))",
                   at: at, values.marks[at])
        }
        var classCount: Int?
        let task = values.variants[p]
        if task == "delayed_xor" { classCount = 2 }
        if task == "digits" {
            var chosen: [Int] = [0, 1, 2]
            if let list = values.lists[p + ".digits"] {
                var seen: Set<Int> = []
                chosen = []
                for (index, scalar) in list.enumerated() {
                    guard case .int(let digit) = scalar else { continue }
                    let at = "\(p).digits[\(index)]"
                    if !seen.insert(digit).inserted {
                        report("digit \(digit) is listed twice", at: at, values.marks[at])
                    } else {
                        chosen.append(digit)
                    }
                }
            }
            classCount = chosen.count
            if let train = values.int(p + ".train_per_class"), let test = values.int(p + ".test_per_class"),
                let name = values.string(p + ".dataset"), let set = ShippedDigitSet(rawValue: name),
                let counts = SpecSchema.shippedMinimumClassCounts[set],
                let (digit, available) = chosen.compactMap({ d in counts[UInt8(d)].map { (d, $0) } }).min(by: { $0.1 < $1.1 }),
                train + test > available
            {
                let at = written("train_per_class", "test_per_class")
                report("train_per_class + test_per_class = \(train + test) exceeds the \(available) images of digit \(digit) in \(set.rawValue)",
                       at: at, values.marks[at])
            }
        }
        if let batch = values.int(p + ".batch_size"), let train = values.int(p + ".train_per_class"), let classCount,
            batch > train * classCount
        {
            report("batch_size \(batch) exceeds the \(train * classCount) training samples of a task (train_per_class × \(classCount) classes); use 0 for the whole training set",
                   at: p + ".batch_size", values.marks[p + ".batch_size"])
        }
        if let e = values.int(p + ".excitatory"), let i = values.int(p + ".inhibitory"),
            let probability = values.double(p + ".connection_probability"), let inDegree = values.int(p + ".input_in_degree")
        {
            let n = Double(e + i)
            var synapses = n * n * probability + n * inDegree.toDouble
            if values.string(p + ".trainable") == ReservoirOptimizeeSpec.Trainable.reservoirToOutput.rawValue,
                let oe = values.int(p + ".output_excitatory"), let oi = values.int(p + ".output_inhibitory"),
                let fraction = values.double(p + ".output_connection_fraction")
            {
                synapses += Double((classCount ?? 10) * (oe + oi)) * n * fraction
            }
            if synapses > Self.reservoirSynapseLimit {
                let at = written("excitatory", "connection_probability")
                report("the reservoir would have about \(Int(synapses)) synapses, more than \(Int(Self.reservoirSynapseLimit)); use fewer neurons or a smaller connection_probability",
                       at: at, values.marks[at])
            }
        }
    }
}

private extension Int {
    var toDouble: Double { Double(self) }
}

extension SpecValueReader {
    /// The reservoir section at `path` (validated).
    mutating func reservoir(_ path: String) -> ReservoirOptimizeeSpec {
        let p = path + "."
        let task: ReservoirOptimizeeSpec.Task
        if values.variants[path] == "delayed_xor" {
            task = .delayedXOR(channelSize: int(p + "channel_size"), pulseMs: double(p + "pulse_ms"), gapMs: double(p + "gap_ms"),
                               readoutDelayMs: double(p + "readout_delay_ms"), readoutWindowMs: double(p + "readout_window_ms"))
        } else {
            let digits: [UInt8] = values.lists[p + "digits"] == nil ? [0, 1, 2] : intList(p + "digits").map(UInt8.init).sorted()
            task = .digits(dataset: choice(p + "dataset", fallback: ShippedDigitSet.digits8x8),
                           dataDirectory: string(p + "data_directory"), digits: digits, presentationMs: double(p + "presentation_ms"))
        }
        var s = ReservoirOptimizeeSpec(task: task)
        s.trainable = choice(p + "trainable", fallback: .readout)
        s.trainPerClass = int(p + "train_per_class")
        s.testPerClass = int(p + "test_per_class")
        s.batchSize = int(p + "batch_size")
        s.excitatory = int(p + "excitatory")
        s.inhibitory = int(p + "inhibitory")
        s.connectivity = choice(p + "connectivity", fallback: .fixedInDegree)
        s.connectionProbability = double(p + "connection_probability")
        s.inputInDegree = int(p + "input_in_degree")
        s.inputWeight = double(p + "input_weight")
        s.excitatoryWeight = double(p + "excitatory_weight")
        s.inhibitoryWeight = double(p + "inhibitory_weight")
        s.delayMs = double(p + "delay_ms")
        s.inputRateHz = double(p + "input_rate_hz")
        s.backgroundRateHz = double(p + "background_rate_hz")
        s.backgroundWeight = double(p + "background_weight")
        s.driveMv = double(p + "drive_mv")
        s.synapse = choice(p + "synapse", fallback: .delta)
        s.tauMMs = double(p + "tau_m_ms")
        s.tauSynMs = double(p + "tau_syn_ms")
        s.thresholdMv = double(p + "threshold_mv")
        s.resetMv = double(p + "reset_mv")
        s.refractoryMs = double(p + "refractory_ms")
        s.capacitancePf = double(p + "capacitance_pf")
        s.dtMs = double(p + "dt_ms")
        s.restMs = double(p + "rest_ms")
        s.networkSeed = seed(p + "network_seed")
        s.features = choice(p + "features", fallback: .counts)
        s.filterTauMs = double(p + "filter_tau_ms")
        s.rateScaleHz = double(p + "rate_scale_hz")
        s.readoutBound = double(p + "readout_bound")
        s.outputExcitatory = int(p + "output_excitatory")
        s.outputInhibitory = int(p + "output_inhibitory")
        s.outputConnectionFraction = double(p + "output_connection_fraction")
        s.outputWeightMean = double(p + "output_weight_mean")
        s.outputWeightStd = double(p + "output_weight_std")
        s.outputWeightBound = double(p + "output_weight_bound")
        s.scaleBound = double(p + "scale_bound")
        s.ridge = double(p + "ridge")
        s.outputs = choice(p + "outputs", fallback: .probabilities)
        s.fitness = choice(p + "fitness", fallback: .crossEntropy)
        return s
    }
}
