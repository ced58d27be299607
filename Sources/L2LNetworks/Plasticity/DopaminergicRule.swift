import Foundation
import L2LNumerics

/// The dopaminergic plasticity rule of dopaminergic neural nets (DNN; Gorantla, Louis,
/// Papadimitriou, Vempala & Yadati 2019, §3.2), inspired by Yagishita et al. (2014):
/// a synapse that fired is strengthened or weakened by a dopamine-like signal that
/// depends only on how well the current input was classified.
///
/// ```swift
/// var random = RandomStream(seed: 4)
/// var rule = DopaminergicRule(
///     network: .kaimingUniform(inputs: 784, hidden: 1_000, classes: 10, random: &random))
/// for _ in 0..<500 { rule.step(batch: sampler.nextBatch(of: train)) }
/// rule.network.evaluate(on: test).accuracy
/// ```
///
/// The hidden layer is fixed (Kaiming-uniform in the paper); only output weights change.
/// Inputs of a batch are presented one after another. For input y with softmax output z,
/// loss L = L(DNN(y), ℓ(y)) and per-output error e_j = z_j − ℓ(y)_j, the paper prints
///
///     w_ij += ε₁ · max{0, ¼ − e_j²} · max{0, L − ε₀} / ((¼ − e_j²)(L − ε₀)),
///
/// i.e. +ε₁ when e_j² < ¼ and L > ε₀, else 0 (0/0 taken as 0). Its introduction says
/// instead that a link that fired, "both nodes fired", changes by "a multiple of
/// (¼ − err²)": "rewarded if the result was good, and punished if it was not".
///
/// **Default reading, ``Reading/winner``.** An output neuron fires when it wins (it is the
/// prediction ĵ = argmax z); a link fired when hidden unit i was active (h_i > 0) and ĵ
/// fired. The dopamine signal is d = ¼ − e_ĵ², positive after a confident correct
/// prediction (z_ĵ > ½), negative after a wrong or unconfident one, and the printed gate on
/// ε₀ keeps its place: a positive d is only paid when L ≤ ε₀ (the prose's "the loss is at
/// most ε₀"). Each fired link moves by ε₁ · d:
///
///     w_iĵ += ε₁ · d · [h_i > 0],   d = ¼ − e_ĵ²  (0 if d > 0 and L > ε₀).
///
/// The per-output readings (every output j with e_j² < ¼, the printed gates) cannot learn:
/// after a correct prediction every output has e_j² < ¼, so all logits rise together
/// (softmax does not change), and after a mistake the gates pick every output except a
/// confidently wrong winner, which moves it *up* relative to the rest. They are kept as
/// ``Reading/printed``, ``Reading/punishing`` and ``Reading/rewarding`` for the record.
///
/// **Measured (MNIST 5k: 200 training and 100 test images per digit, 784 → 1,000 → 10,
/// ε₀ = 0.75, ε₁ = 1).** ``Reading/winner`` reaches ≈ 83 % test accuracy after 20 epochs
/// (paper, Table 2, h = 1,000 on full MNIST: 84.84 %); `.printed` unlearns (≈ 0.4 %) and
/// `.punishing`/`.rewarding` collapse onto one class (10–11 %).
///
/// With ε₁ = 1 the logits saturate within a few inputs, so z_ĵ ≈ 1 and d is ≈ +¼ after a
/// correct and ≈ −¾ after a wrong prediction; the prediction (argmax) is scale-free, so ε₁
/// mainly sets how fast the random initial output weights are forgotten. A small ε₁ keeps z
/// near uniform, where even a correct winner has z_ĵ < ½ and so d < 0: the rule then punishes
/// right answers and *unlearns*, below chance (≈ 1 % held-out accuracy on MNIST 5k, h = 300,
/// for ε₁ ≤ 0.15 in the `dopamine-mnist` smoke run; ε₁ ≥ 0.8 all reach 70–76 % there).
/// Defaults ε₀ = 0.75, ε₁ = 1 are the paper's.
public struct DopaminergicRule: Sendable, Equatable {
    /// Which version of the rule is applied (see the type's discussion).
    public enum Reading: String, Codable, Sendable, CaseIterable {
        /// Only the winning output fires; its links from active hidden units move by
        /// ε₁ · (¼ − e_ĵ²), positive values only when L ≤ ε₀ (the default; it learns).
        case winner
        /// After an input with L > ε₀, links from active hidden units to every output with
        /// e_j² < ¼ are weakened by ε₁ ("punished if it was not [good]").
        case punishing
        /// The equation as printed: the same links are strengthened by ε₁.
        case printed
        /// The prose: after an input with L ≤ ε₀, links from active hidden units to every
        /// output with e_j² ≤ ¼ are strengthened by ε₁.
        case rewarding
    }

    /// The network being trained (only ``TwoLayerClassifier/outputWeights`` change).
    public var network: TwoLayerClassifier
    /// ε₀: the loss threshold (the paper: 0.75).
    public var lossThreshold: Double
    /// ε₁: the size of a change (the paper: 1).
    public var rate: Double
    /// The reading of the rule.
    public var reading: Reading
    /// Inputs presented.
    public private(set) var presentations: Int = 0
    /// Output-weight changes made so far (one per changed link and input).
    public private(set) var changes: Int = 0

    public init(network: TwoLayerClassifier, lossThreshold: Double = 0.75, rate: Double = 1, reading: Reading = .winner) {
        precondition(lossThreshold >= 0 && lossThreshold.isFinite, "DopaminergicRule: ε₀ = \(lossThreshold)")
        precondition(rate > 0 && rate.isFinite, "DopaminergicRule: ε₁ = \(rate)")
        self.network = network
        self.lossThreshold = lossThreshold
        self.rate = rate
        self.reading = reading
    }

    /// The change (in units of ε₁) of the links from active hidden units to output j, for an
    /// input with loss `loss` and output error `error` = z_j − ℓ_j; for ``Reading/winner``
    /// `j` must be the winning output (the others do not change).
    public func gate(loss: Double, error: Double) -> Double {
        let a = 0.25 - error * error, b = loss - lossThreshold
        switch reading {
        case .winner: return a > 0 && b > 0 ? 0 : a
        case .punishing: return a > 0 && b > 0 ? -1 : 0
        case .printed: return a > 0 && b > 0 ? 1 : 0
        case .rewarding: return a >= 0 && b <= 0 ? 1 : 0
        }
    }

    /// Presents the inputs of a mini-batch one after another, updating after each.
    public mutating func step(inputs: Matrix, classIndices: [Int]) {
        precondition(classIndices.count == inputs.rows, "DopaminergicRule: \(classIndices.count) labels for \(inputs.rows) inputs")
        step(hidden: network.hiddenActivity(inputs), classIndices: classIndices)  // fixed layer: one product for the batch
    }

    /// ``step(inputs:classIndices:)`` from the inputs' hidden activity `h` (`B × hidden`; the
    /// hidden layer never changes, so it may be computed once for the whole training set).
    public mutating func step(hidden h: Matrix, classIndices: [Int]) {
        precondition(classIndices.count == h.rows && h.columns == network.hiddenCount, "DopaminergicRule: hidden activity shape")
        let hc = network.hiddenCount, c = network.classCount
        var logits = [Double](repeating: 0, count: c)
        var weights = network.outputWeights
        let rule = self
        var changed = 0
        for (s, y) in classIndices.enumerated() {
            let hs = h.row(s)
            weights.withUnsafeMutableBufferPointer { w in
                for j in 0..<c {
                    var v = 0.0
                    for i in 0..<hc { v += w[j * hc + i] * hs[i] }
                    logits[j] = v
                }
                let m = logits.max()!
                guard m.isFinite else { return }
                let sum = logits.reduce(0) { $0 + exp($1 - m) }
                let loss = m + log(sum) - logits[y]
                var winner = 0
                for j in 1..<c where logits[j] > logits[winner] { winner = j }
                for j in 0..<c {
                    if rule.reading == .winner && j != winner { continue }
                    let z = exp(logits[j] - m) / sum
                    let g = rule.gate(loss: loss, error: z - (j == y ? 1 : 0))
                    if g == 0 { continue }
                    let delta = g * rate
                    for i in 0..<hc where hs[i] > 0 {
                        w[j * hc + i] += delta
                        changed += 1
                    }
                }
            }
            presentations += 1
        }
        network.outputWeights = weights
        changes += changed
    }

    /// ``step(inputs:classIndices:)`` on a batch of a digit data set.
    public mutating func step(batch: DigitDataset) { step(inputs: batch.images, classIndices: batch.classIndices) }
}
