import Foundation
import L2LNumerics

/// How well one parameter vector classifies a mini-batch.
///
/// The loss is the mean cross-entropy in nats, `−(1/B) Σ_s log softmax(z_s)[y_s]`,
/// computed as `logsumexp(z_s) − z_s[y_s]` with a max shift, so it stays finite
/// for any finite logits. A sample whose logits are not all finite makes the loss
/// NaN, sets ``isFinite`` to false and counts as misclassified; optimizers should
/// treat such a member as failed rather than trap.
public struct ClassificationEvaluation: Sendable, Equatable, Codable {
    /// Mean cross-entropy in nats; NaN when any sample's logits are not finite.
    public var loss: Double
    /// Samples whose highest probability is on their class (ties go to the lower class index).
    public var correct: Int
    /// Samples evaluated.
    public var count: Int
    /// Samples whose logits were not all finite.
    public var nonFiniteSamples: Int

    /// Fraction classified correctly, in [0, 1] (0 for an empty batch).
    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
    /// Whether every logit, and so the loss, is finite.
    public var isFinite: Bool { nonFiniteSamples == 0 && loss.isFinite }

    /// An evaluation from its counts.
    public init(loss: Double, correct: Int, count: Int, nonFiniteSamples: Int) {
        self.loss = loss
        self.correct = correct
        self.count = count
        self.nonFiniteSamples = nonFiniteSamples
    }
}

extension FeedForwardNetwork {
    /// Loss and accuracy of one parameter vector on a mini-batch.
    ///
    /// - Parameters:
    ///   - parameters: ``parameterCount`` values.
    ///   - inputs: `B × inputCount`.
    ///   - classIndices: the class index (`0..<classCount`) of each sample.
    public func evaluate(parameters: [Double], inputs: Matrix, classIndices: [Int]) -> ClassificationEvaluation {
        evaluate(ensemble: Matrix(rows: 1, columns: parameters.count, elements: parameters),
                 inputs: inputs, classIndices: classIndices)[0]
    }

    /// Loss and accuracy of every ensemble member (rows of `ensemble`) on the same
    /// mini-batch, sharing the batched forward pass of
    /// ``ensembleOutputs(_:inputs:kind:)``.
    public func evaluate(ensemble: Matrix, inputs: Matrix, classIndices: [Int]) -> [ClassificationEvaluation] {
        checkParameters(ensemble.columns)
        precondition(
            classIndices.count == inputs.rows,
            "FeedForwardNetwork: \(classIndices.count) class indices for \(inputs.rows) samples")
        let k = classCount
        precondition(
            classIndices.allSatisfy { $0 >= 0 && $0 < k },
            "FeedForwardNetwork: a class index lies outside 0..<\(k)")
        let members = ensemble.rows, batch = inputs.rows
        let logits = ensemble.elements.withUnsafeBufferPointer {
            batchedLogits(parameters: $0, members: members, inputs: inputs)
        }
        var sums = [Double](repeating: 0, count: members)
        var correct = [Int](repeating: 0, count: members)
        var nonFinite = [Int](repeating: 0, count: members)
        logits.withUnsafeBufferPointer { z in
            for s in 0..<batch {
                let y = classIndices[s]
                for j in 0..<members {
                    let row = z.baseAddress! + (s * members + j) * k
                    let lse = Self.logSumExp(row, count: k)
                    if !lse.isFinite {
                        nonFinite[j] += 1
                        sums[j] = .nan
                        continue
                    }
                    sums[j] += lse - row[y]
                    var best = 0
                    for c in 1..<k where row[c] > row[best] { best = c }
                    if best == y { correct[j] += 1 }
                }
            }
        }
        return (0..<members).map { j in
            ClassificationEvaluation(
                loss: batch == 0 ? 0 : sums[j] / Double(batch), correct: correct[j], count: batch,
                nonFiniteSamples: nonFinite[j])
        }
    }

    /// Loss and accuracy on a whole data set (its ``DigitDataset/images`` and class indices).
    /// - Precondition: the data set's pixel and class counts match the network.
    public func evaluate(parameters: [Double], on data: DigitDataset) -> ClassificationEvaluation {
        checkData(data)
        return evaluate(parameters: parameters, inputs: data.images, classIndices: data.classIndices)
    }

    /// Loss and accuracy of every ensemble member on a whole data set.
    public func evaluate(ensemble: Matrix, on data: DigitDataset) -> [ClassificationEvaluation] {
        checkData(data)
        return evaluate(ensemble: ensemble, inputs: data.images, classIndices: data.classIndices)
    }

    /// `log Σ exp(x_i)`, shifted by the maximum so it neither overflows nor
    /// underflows for finite inputs; NaN when any input is NaN or infinite.
    public static func logSumExp(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { logSumExp($0.baseAddress!, count: values.count) }
    }

    /// The softmax `exp(x_i − m) / Σ exp(x_j − m)` with `m = max x`; all NaN when
    /// any input is NaN or infinite.
    public static func softmax(_ values: [Double]) -> [Double] {
        var result = values
        result.withUnsafeMutableBufferPointer { softmaxInPlace($0.baseAddress!, count: values.count) }
        return result
    }

    static func logSumExp(_ x: UnsafePointer<Double>, count: Int) -> Double {
        var m = -Double.infinity
        for i in 0..<count {
            if !x[i].isFinite { return .nan }
            if x[i] > m { m = x[i] }
        }
        var sum = 0.0
        for i in 0..<count { sum += exp(x[i] - m) }
        return m + log(sum)
    }

    static func softmaxInPlace(_ x: UnsafeMutablePointer<Double>, count: Int) {
        var m = -Double.infinity
        for i in 0..<count {
            if !x[i].isFinite {
                for i in 0..<count { x[i] = .nan }
                return
            }
            if x[i] > m { m = x[i] }
        }
        var sum = 0.0
        for i in 0..<count {
            x[i] = exp(x[i] - m)
            sum += x[i]
        }
        let scale = 1 / sum
        for i in 0..<count { x[i] *= scale }
    }

    private func checkData(_ data: DigitDataset) {
        precondition(
            data.pixelCount == inputCount && data.classCount == classCount,
            "FeedForwardNetwork: data set has \(data.pixelCount) pixels and \(data.classCount) classes, the network \(inputCount) inputs and \(classCount) classes")
    }
}
