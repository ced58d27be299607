import Foundation
import L2LNumerics

/// The one-hidden-layer network the lifetime learning rules of Gorantla, Louis,
/// Papadimitriou, Vempala & Yadati (2019, §3.1–3.2) act on: `inputs` → `hidden` ReLU
/// units → `classes` softmax outputs, no biases, cross-entropy loss.
///
/// ```swift
/// var random = RandomStream(seed: 4)
/// var net = TwoLayerClassifier.kaimingUniform(inputs: 784, hidden: 1_000, classes: 10, random: &random)
/// var rule = DopaminergicRule(network: net)
/// rule.step(batch: train.selecting(sampler.nextIndices()))
/// rule.network.evaluate(on: test).accuracy
/// ```
///
/// The weights are held densely: ``hiddenWeights`` is `hidden × inputs` (zeros off an
/// ``inputMask``, as for the NNE network), ``outputWeights`` is `classes × hidden`. Rules
/// that only learn the output layer (SignSGD, eq. 4; the dopaminergic rule) leave the
/// hidden layer unchanged; ``AdamTrainer`` also trains it, keeping masked links at 0.
public struct TwoLayerClassifier: Sendable, Equatable {
    /// `hidden × inputs` input → hidden weights.
    public var hiddenWeights: Matrix
    /// `classes × hidden` hidden → output weights (`w_ij` of eq. 4 is `outputWeights[j, i]`).
    public var outputWeights: Matrix
    /// Which input → hidden links exist (nil: all).
    public let inputMask: SparseInputMask?

    /// A network from its weights.
    /// - Precondition: `outputWeights.columns == hiddenWeights.rows`; a mask, if any, is `hidden × inputs`.
    public init(hiddenWeights: Matrix, outputWeights: Matrix, inputMask: SparseInputMask? = nil) {
        precondition(outputWeights.columns == hiddenWeights.rows, "TwoLayerClassifier: \(outputWeights.columns) output columns for \(hiddenWeights.rows) hidden units")
        if let inputMask {
            precondition(inputMask.units == hiddenWeights.rows && inputMask.inputs == hiddenWeights.columns, "TwoLayerClassifier: mask shape")
        }
        self.hiddenWeights = hiddenWeights
        self.outputWeights = outputWeights
        self.inputMask = inputMask
    }

    /// The network of one NNE genotype (or of allele frequencies p, giving the mean weights `W p`).
    public init(network: GenotypeNetwork, genotype: [Double]) {
        let (w1, w2) = network.weightMatrices(genotype: genotype)
        self.init(hiddenWeights: w1, outputWeights: w2, inputMask: network.inputMask)
    }

    /// The DNN of §3.2: a dense hidden layer drawn Kaiming-uniform, U[−√(6/inputs), √(6/inputs)]
    /// (He et al. 2015, ReLU gain √2), and output weights U[−1/√hidden, 1/√hidden] (PyTorch's
    /// default for a linear layer; the paper does not state it).
    public static func kaimingUniform(inputs: Int, hidden: Int, classes: Int, random: inout RandomStream) -> TwoLayerClassifier {
        let b1 = (6 / Double(inputs)).squareRoot(), b2 = 1 / Double(hidden).squareRoot()
        let w1 = Matrix(rows: hidden, columns: inputs, elements: (0..<(hidden * inputs)).map { _ in random.nextUniform(in: -b1, b1) })
        let w2 = Matrix(rows: classes, columns: hidden, elements: (0..<(classes * hidden)).map { _ in random.nextUniform(in: -b2, b2) })
        return TwoLayerClassifier(hiddenWeights: w1, outputWeights: w2)
    }

    public var inputCount: Int { hiddenWeights.columns }
    public var hiddenCount: Int { hiddenWeights.rows }
    public var classCount: Int { outputWeights.rows }

    /// ReLU activity `max(0, X W₁ᵀ)`, `B × hidden`.
    public func hiddenActivity(_ inputs: Matrix) -> Matrix {
        precondition(inputs.columns == inputCount, "TwoLayerClassifier: \(inputs.columns) inputs, expected \(inputCount)")
        var h = inputs.multiplied(by: hiddenWeights, transposingOther: true)
        h.withUnsafeMutableBufferPointer { p in for i in p.indices where p[i] < 0 { p[i] = 0 } }
        return h
    }

    /// Softmax outputs `z` of hidden activity, `B × classes` (rows of NaN for non-finite logits).
    public func probabilities(hidden: Matrix) -> Matrix {
        var z = hidden.multiplied(by: outputWeights, transposingOther: true)
        let c = classCount
        z.withUnsafeMutableBufferPointer { p in
            for s in 0..<(p.count / c) {
                let row = p.baseAddress! + s * c
                var m = -Double.infinity
                for k in 0..<c { m = Swift.max(m, row[k]) }
                guard m.isFinite else { for k in 0..<c { row[k] = .nan }; continue }
                var sum = 0.0
                for k in 0..<c { row[k] = exp(row[k] - m); sum += row[k] }
                for k in 0..<c { row[k] /= sum }
            }
        }
        return z
    }

    /// Mean cross-entropy and accuracy on `inputs`, evaluated in chunks of 500 samples.
    public func evaluate(inputs: Matrix, classIndices: [Int]) -> ClassificationEvaluation {
        precondition(classIndices.count == inputs.rows, "TwoLayerClassifier: \(classIndices.count) labels for \(inputs.rows) samples")
        var loss = 0.0, correct = 0, nonFinite = 0
        for start in stride(from: 0, to: inputs.rows, by: 500) {
            let end = Swift.min(start + 500, inputs.rows)
            let rows = Matrix(rows: end - start, columns: inputs.columns,
                              elements: Array(inputs.elements[(start * inputs.columns)..<(end * inputs.columns)]))
            let z = probabilities(hidden: hiddenActivity(rows))
            for s in 0..<(end - start) {
                let y = classIndices[start + s]
                let row = z.row(s)
                guard row.allSatisfy(\.isFinite) else { nonFinite += 1; loss = .nan; continue }
                loss += -log(Swift.max(row[y], .leastNormalMagnitude))
                if row.indices.max(by: { row[$0] < row[$1] }) == y { correct += 1 }
            }
        }
        return ClassificationEvaluation(
            loss: loss / Double(Swift.max(inputs.rows, 1)), correct: correct, count: inputs.rows, nonFiniteSamples: nonFinite)
    }

    /// ``evaluate(inputs:classIndices:)`` on a data set (e.g. the held-out test set).
    public func evaluate(on data: DigitDataset) -> ClassificationEvaluation {
        evaluate(inputs: data.images, classIndices: data.classIndices)
    }
}
