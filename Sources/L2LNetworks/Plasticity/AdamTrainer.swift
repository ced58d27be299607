import Foundation
import L2LNumerics

/// The gradient baseline of Gorantla, Louis, Papadimitriou, Vempala & Yadati (2019,
/// Tables 1 and 2, "SGD"): both layers of the same ``TwoLayerClassifier`` trained by
/// back-propagation of the mean cross-entropy with Adam (Kingma & Ba 2015).
///
/// ```swift
/// var adam = AdamTrainer(network: net, learningRate: 1e-3)
/// for _ in 0..<1_000 { adam.step(batch: sampler.nextBatch(of: train)) }
/// adam.network.evaluate(on: test).accuracy
/// ```
///
/// Gradients are analytic: with E = (Z − T)/B (`B × classes`), H the hidden activity and
/// X the inputs, ∂/∂W₂ = Eᵀ H and ∂/∂W₁ = ((E W₂) ⊙ [H > 0])ᵀ X. Links absent from the
/// network's input mask keep weight 0. Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// w ← w − η m̂/(√v̂ + ϵ) with bias-corrected m̂, v̂.
public struct AdamTrainer: Sendable, Equatable {
    /// The network being trained.
    public var network: TwoLayerClassifier
    /// Step size η (default 10⁻³).
    public var learningRate: Double
    /// β₁ (default 0.9).
    public var beta1: Double
    /// β₂ (default 0.999).
    public var beta2: Double
    /// ϵ (default 10⁻⁸).
    public var epsilon: Double
    /// Whether the hidden layer is trained too (default true; false trains the readout only).
    public var trainsHiddenLayer: Bool
    /// Steps taken.
    public private(set) var steps: Int = 0
    var moments: [[Double]]
    var squares: [[Double]]

    public init(
        network: TwoLayerClassifier, learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, trainsHiddenLayer: Bool = true
    ) {
        precondition(learningRate > 0 && beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0, "AdamTrainer: invalid hyperparameters")
        self.network = network
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.trainsHiddenLayer = trainsHiddenLayer
        moments = [[Double](repeating: 0, count: network.hiddenWeights.elements.count),
                   [Double](repeating: 0, count: network.outputWeights.elements.count)]
        squares = moments
    }

    /// One Adam step on the mean cross-entropy of a mini-batch.
    public mutating func step(inputs: Matrix, classIndices: [Int]) {
        let h = network.hiddenActivity(inputs)
        var e = network.probabilities(hidden: h)
        let c = network.classCount, b = Double(inputs.rows)
        e.withUnsafeMutableBufferPointer { p in
            for (s, y) in classIndices.enumerated() { p[s * c + y] -= 1 }
            for i in p.indices { p[i] /= b }
        }
        let g2 = e.multiplied(by: h, transposingSelf: true)
        steps += 1
        if trainsHiddenLayer {
            var back = e.multiplied(by: network.outputWeights)  // B × hidden
            back.withUnsafeMutableBufferPointer { p in
                h.elements.withUnsafeBufferPointer { hp in for i in p.indices where !(hp[i] > 0) { p[i] = 0 } }
            }
            var g1 = back.multiplied(by: inputs, transposingSelf: true)  // hidden × inputs
            if let mask = network.inputMask {
                var keep = [Bool](repeating: false, count: g1.elements.count)
                for index in mask.connections { keep[index] = true }
                g1.withUnsafeMutableBufferPointer { p in for i in p.indices where !keep[i] { p[i] = 0 } }
            }
            var w1 = network.hiddenWeights
            network.hiddenWeights = Matrix(rows: 0, columns: 0)  // release the copy: unique storage
            adam(&w1, gradient: g1, slot: 0)
            network.hiddenWeights = w1
        }
        var w2 = network.outputWeights
        network.outputWeights = Matrix(rows: 0, columns: 0)  // release the copy: unique storage
        adam(&w2, gradient: g2, slot: 1)
        network.outputWeights = w2
    }

    /// ``step(inputs:classIndices:)`` on a batch of a digit data set.
    public mutating func step(batch: DigitDataset) { step(inputs: batch.images, classIndices: batch.classIndices) }

    private mutating func adam(_ w: inout Matrix, gradient g: Matrix, slot: Int) {
        let t = Double(steps)
        let c1 = 1 - pow(beta1, t), c2 = 1 - pow(beta2, t)
        let (b1, b2, lr, eps) = (beta1, beta2, learningRate, epsilon)
        w.withUnsafeMutableBufferPointer { wp in
            moments[slot].withUnsafeMutableBufferPointer { m in
                squares[slot].withUnsafeMutableBufferPointer { v in
                    g.elements.withUnsafeBufferPointer { gp in
                        for i in wp.indices where gp[i] != 0 || m[i] != 0 {
                            m[i] = b1 * m[i] + (1 - b1) * gp[i]
                            v[i] = b2 * v[i] + (1 - b2) * gp[i] * gp[i]
                            wp[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
                        }
                    }
                }
            }
        }
    }
}
