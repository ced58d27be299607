import Foundation
import L2LNumerics

/// The network of neural-net evolution (NNE; Gorantla, Louis, Papadimitriou, Vempala &
/// Yadati 2019, §3.1) whose link weights are a sparse linear function of a genotype.
///
/// ```swift
/// var random = RandomStream(seed: 1)
/// let net = GenotypeNetwork(inputs: 784, hidden: 1_000, classes: 10, genes: 4_000, random: &random)
/// var nne = try AlleleFrequencyEvolution(configuration: .init(),
///     space: AlleleFrequencyEvolution.genotypeSpace(genes: net.genes), initialPoint: nil, random: random.derived(1))
/// let genotypes = try nne.ask()
/// let scores = net.evaluate(genotypes: genotypes, inputs: batch.images, classIndices: batch.classIndices)
/// try nne.tell(scores.map(\.advantage))           // δₓ, relative to a random guess
/// ```
///
/// Layout: `inputs` → `hidden` ReLU units → `classes` softmax outputs, cross-entropy loss,
/// no biases (the paper's links only). The input → hidden graph is a ``SparseInputMask``
/// (each pair connected with probability 0.1 in the paper), hidden → output is dense. The
/// m = `mask.connections.count + hidden · classes` link weights, in the
/// ``FeedForwardNetwork`` order (masked first layer, then the `classes × hidden` output
/// matrix row-major), are `s_l · (W x)` with W a ``WeightGenerationMatrix`` (density β,
/// 0.0025 in the paper) and `s_l` a per-layer scale (``WeightScaling``).
///
/// **Scale (not in the paper).** The paper does not say how large `W x` is allowed to be.
/// With n = 4,000 genes and β = 0.0025 a raw weight has standard deviation ≈ 0.65, which
/// makes 1,000-unit logits of size ~10² and every loss far above α = ln 10, so that the
/// advantage δₓ of §3.1 is 0 for almost every genotype. The default
/// ``WeightScaling/heNormalized`` rescales each layer so that a weight drawn at p = ½ has
/// the He variance 2/fan-in (hidden) or 1/fan-in (output); ``WeightScaling/none`` is the
/// literal `W x`.
public struct GenotypeNetwork: Sendable, Equatable {
    /// How `W x` is scaled per layer.
    public enum WeightScaling: String, Codable, Sendable, CaseIterable {
        /// Weights are `W x` as printed.
        case none
        /// Layer l's weights are `s_l W x` with `s_l² · nβ/6 = gain/fan-in`
        /// (gain 2 for the ReLU layer, 1 for the output layer); nβ/6 is the variance of a
        /// row of `W x` for U[−1, 1] entries and x ~ Bernoulli(½).
        case heNormalized
    }

    /// Number of inputs (pixels).
    public let inputs: Int
    /// Number of hidden ReLU units |h¹|.
    public let hidden: Int
    /// Number of softmax outputs.
    public let classes: Int
    /// The input → hidden graph.
    public let inputMask: SparseInputMask
    /// The weight-generation matrix, `linkCount × genes`.
    public let generator: WeightGenerationMatrix
    /// Scale of the hidden layer's weights.
    public let hiddenScale: Double
    /// Scale of the output layer's weights.
    public let outputScale: Double
    /// First link of each hidden unit in the mask order (`hidden + 1` offsets).
    let unitStarts: [Int]

    /// Draws a network: the input graph (from `random`), then W (from `random`).
    ///
    /// - Parameters:
    ///   - inputs: pixels (784 for MNIST).
    ///   - hidden: hidden units (the paper: 1,000).
    ///   - classes: outputs (10).
    ///   - genes: n (the paper: "a few thousand").
    ///   - connectionProbability: input → hidden edge probability (the paper: 0.1).
    ///   - density: β of W (the paper: 0.0025).
    ///   - scaling: ``WeightScaling/heNormalized`` by default.
    ///   - random: the stream the graph and W are drawn from.
    public init(
        inputs: Int, hidden: Int, classes: Int, genes: Int, connectionProbability: Double = 0.1,
        density: Double = 0.0025, scaling: WeightScaling = .heNormalized, random: inout RandomStream
    ) {
        precondition(inputs >= 1 && hidden >= 1 && classes >= 2 && genes >= 1, "GenotypeNetwork: sizes \(inputs), \(hidden), \(classes), \(genes)")
        let mask = SparseInputMask(inputs: inputs, units: hidden, connectionProbability: connectionProbability, random: &random)
        let links = mask.connections.count + hidden * classes
        let w = WeightGenerationMatrix(rows: links, genes: genes, density: density, random: &random)
        self.init(inputs: inputs, hidden: hidden, classes: classes, inputMask: mask, generator: w, scaling: scaling)
    }

    /// A network from a given graph and W.
    /// - Precondition: the mask is `hidden × inputs` and W has `mask.connections.count + hidden · classes` rows.
    public init(
        inputs: Int, hidden: Int, classes: Int, inputMask: SparseInputMask, generator: WeightGenerationMatrix,
        scaling: WeightScaling
    ) {
        precondition(inputMask.inputs == inputs && inputMask.units == hidden, "GenotypeNetwork: mask shape")
        precondition(
            generator.rows == inputMask.connections.count + hidden * classes,
            "GenotypeNetwork: W has \(generator.rows) rows for \(inputMask.connections.count + hidden * classes) links")
        self.inputs = inputs
        self.hidden = hidden
        self.classes = classes
        self.inputMask = inputMask
        self.generator = generator
        switch scaling {
        case .none:
            hiddenScale = 1
            outputScale = 1
        case .heNormalized:
            let variance = Swift.max(Double(generator.genes) * generator.density / 6, .leastNormalMagnitude)
            let fanIn = Swift.max(Double(inputMask.connections.count) / Double(hidden), 1)
            hiddenScale = (2 / fanIn / variance).squareRoot()
            outputScale = (1 / Double(hidden) / variance).squareRoot()
        }
        var starts = [Int](repeating: 0, count: hidden + 1)
        for c in inputMask.connections { starts[c / inputs + 1] += 1 }
        for j in 0..<hidden { starts[j + 1] += starts[j] }
        unitStarts = starts
    }

    /// Number of genes n.
    public var genes: Int { generator.genes }
    /// Number of input → hidden links.
    public var hiddenLinkCount: Int { inputMask.connections.count }
    /// Number of links m.
    public var linkCount: Int { generator.rows }

    /// The same layout as a ``FeedForwardNetwork`` (`[inputs, hidden, classes]`, ReLU, the
    /// input mask), for evaluating one genotype with its biases at 0.
    public var feedForward: FeedForwardNetwork {
        FeedForwardNetwork(layerSizes: [inputs, hidden, classes], hiddenActivation: .relu, inputMask: inputMask)
    }

    /// The m scaled link weights of a genotype (or of allele frequencies p: `W p` is the mean weight vector).
    public func linkWeights(genotype x: [Double]) -> [Double] {
        var w = generator.apply(x)
        for r in 0..<hiddenLinkCount { w[r] *= hiddenScale }
        for r in hiddenLinkCount..<linkCount { w[r] *= outputScale }
        return w
    }

    /// The ``feedForward`` parameter vector of a genotype, biases 0.
    public func parameters(genotype x: [Double]) -> [Double] {
        let w = linkWeights(genotype: x)
        var p = Array(w[0..<hiddenLinkCount])
        p += [Double](repeating: 0, count: hidden)
        p += w[hiddenLinkCount...]
        p += [Double](repeating: 0, count: classes)
        return p
    }

    /// The dense `hidden × inputs` first-layer and `classes × hidden` output weights of a
    /// genotype (zeros off the input graph), as the lifetime rules start from them.
    public func weightMatrices(genotype x: [Double]) -> (hidden: Matrix, output: Matrix) {
        let w = linkWeights(genotype: x)
        var w1 = Matrix(rows: hidden, columns: inputs)
        w1.withUnsafeMutableBufferPointer { p in
            for (k, index) in inputMask.connections.enumerated() { p[index] = w[k] }
        }
        let w2 = Matrix(rows: classes, columns: hidden, elements: Array(w[hiddenLinkCount...]))
        return (w1, w2)
    }
}
