import L2LNumerics

/// SignSGD on the output layer, the lifetime learning of "NNE + SignSGD" (Gorantla,
/// Louis, Papadimitriou, Vempala & Yadati 2019, §3.1, equation 4; Bernstein et al. 2018).
///
/// ```swift
/// var rule = SignSGDRule(network: TwoLayerClassifier(network: nne, genotype: p), learningRate: 1e-3)
/// var sampler = MiniBatchSampler(count: train.count, batchSize: 50, random: random)
/// for _ in 0..<300 { rule.step(batch: sampler.nextBatch(of: train)) }
/// rule.network.evaluate(on: test).accuracy
/// ```
///
/// For hidden unit i and output j, `w_ij ← w_ij − ε′ · sign(Σ_s (z_sj − ℓ(y_s)_j) h_si)`:
/// equation 4 with the gradient of the batch's cross-entropy (summed over the batch of
/// 50 in the paper) in place of one sample's; sign(0) = 0. The hidden layer is not changed.
public struct SignSGDRule: Sendable, Equatable {
    /// The network being trained (only ``TwoLayerClassifier/outputWeights`` change).
    public var network: TwoLayerClassifier
    /// ε′ of eq. 4 (the paper: "sufficiently small"; not stated).
    public var learningRate: Double
    /// Steps taken.
    public private(set) var steps: Int = 0

    public init(network: TwoLayerClassifier, learningRate: Double = 1e-3) {
        precondition(learningRate > 0 && learningRate.isFinite, "SignSGDRule: learning rate \(learningRate)")
        self.network = network
        self.learningRate = learningRate
    }

    /// One update of eq. 4 on a mini-batch (`B × inputs`, class indices).
    public mutating func step(inputs: Matrix, classIndices: [Int]) {
        step(hidden: network.hiddenActivity(inputs), classIndices: classIndices)
    }

    /// One update of eq. 4 from the batch's hidden activity `h` (`B × hidden`, e.g. rows of
    /// ``TwoLayerClassifier/hiddenActivity(_:)`` computed once: the hidden layer never changes).
    public mutating func step(hidden h: Matrix, classIndices: [Int]) {
        precondition(classIndices.count == h.rows && h.columns == network.hiddenCount, "SignSGDRule: hidden activity shape")
        var e = network.probabilities(hidden: h)  // becomes z − ℓ
        let c = network.classCount
        e.withUnsafeMutableBufferPointer { p in for (s, y) in classIndices.enumerated() { p[s * c + y] -= 1 } }
        let gradient = e.multiplied(by: h, transposingSelf: true)  // classes × hidden
        let lr = learningRate
        network.outputWeights.withUnsafeMutableBufferPointer { w in
            for i in w.indices {
                let g = gradient.elements[i]
                if g > 0 { w[i] -= lr } else if g < 0 { w[i] += lr }
            }
        }
        steps += 1
    }

    /// One update on a batch of a digit data set.
    public mutating func step(batch: DigitDataset) { step(inputs: batch.images, classIndices: batch.classIndices) }
}
