import Foundation

/// How one genotype's network did on a mini-batch, with the fitness of NNE §3.1
/// (Gorantla, Louis, Papadimitriou, Vempala & Yadati 2019).
public struct GenotypeEvaluation: Sendable, Equatable, Codable {
    /// Mean cross-entropy in nats (NaN when a logit was not finite).
    public var loss: Double
    /// Samples classified correctly.
    public var correct: Int
    /// Samples evaluated.
    public var count: Int
    /// δₓ: the advantage over a random guess (``advantage(losses:classes:)``).
    public var advantage: Double

    public init(loss: Double, correct: Int, count: Int, advantage: Double) {
        self.loss = loss
        self.correct = correct
        self.count = count
        self.advantage = advantage
    }

    /// Fraction classified correctly.
    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }

    /// The paper's fitness relative to a random guess (§3.1):
    /// δₓ = (1/|S|) Σ_s max{0, α² − L_s²}, with α = −log(1/C) = ln C the loss of a
    /// uniform guess over C classes and L_s the cross-entropy of sample s. A non-finite
    /// loss counts as no advantage (0). δₓ lies in [0, α²]; it is maximized.
    public static func advantage(losses: some Collection<Double>, classes: Int) -> Double {
        precondition(classes >= 2, "GenotypeEvaluation.advantage: \(classes) classes")
        guard !losses.isEmpty else { return 0 }
        let alpha2 = log(Double(classes)) * log(Double(classes))
        var s = 0.0
        for l in losses where l.isFinite { s += Swift.max(0, alpha2 - l * l) }
        return s / Double(losses.count)
    }
}
