import L2LNumerics

/// A fully connected feed-forward classifier: ReLU or tanh hidden layers and a
/// softmax output, evaluated for one parameter vector or a whole ensemble of them.
///
/// ```swift
/// var random = RandomStream(seed: 1)
/// let net = FeedForwardNetwork(layerSizes: [784, 50, 10], hiddenActivation: .relu)
/// let ensemble = net.initialEnsemble(members: 100, random: &random)   // 100 × P
/// let batch = train.selecting(sampler.nextIndices())
/// let g = net.ensembleOutputs(ensemble, inputs: batch.images)         // 100 × (B·10)
/// let scores = net.evaluate(ensemble: ensemble, inputs: batch.images, classIndices: batch.classIndices)
/// ```
///
/// The network owns no weights: it is a *layout* and a function of a flat
/// parameter vector, which is what gradient-free optimizers (ensemble Kalman
/// inversion, evolution strategies, allele-frequency evolution) move around.
///
/// ## Parameter layout
///
/// With layer sizes `n₀, n₁, …, n_L` (inputs first, classes last), the vector holds,
/// for each layer `l = 1 … L` in turn, the weights `W_l` and then the biases `b_l`:
///
/// - `W_l` is `n_l × n_{l−1}`, row-major: entry `(j, i)` at
///   ``weightRange(layer:)``.lowerBound `+ j · n_{l−1} + i` connects input `i` of the
///   layer to its unit `j` (the PyTorch `Linear.weight` layout);
/// - `b_l` has `n_l` entries at ``biasRange(layer:)``.
///
/// With a ``SparseInputMask`` the first layer stores only the connections present,
/// in the mask's order (row-major over `n₁ × n₀`); absent connections are zero and
/// are not parameters. So ``parameterCount`` is `Σ_l n_l (n_{l−1} + 1)` dense, and
/// `mask.connections.count + n₁ + Σ_{l≥2} n_l (n_{l−1} + 1)` sparse.
///
/// ## Numerics
///
/// A layer computes `h_l = φ(h_{l−1} W_lᵀ + b_l)` for a whole mini-batch with
/// BLAS `dgemm` (through L2LNumerics); an ensemble is evaluated in one pass that keeps all members'
/// activations side by side (see ``ensembleOutputs(_:inputs:kind:)``). Softmax and cross-entropy go through a
/// max-shifted log-sum-exp. Non-finite parameters never trap: a sample whose
/// logits are not all finite gets NaN probabilities, counts as misclassified, and
/// makes the loss NaN with ``ClassificationEvaluation/isFinite`` false.
public struct FeedForwardNetwork: Sendable, Equatable {
    /// Units per layer, inputs first and classes last (at least two entries).
    public let layerSizes: [Int]
    /// The activation of every hidden layer (the output layer is softmax).
    public let hiddenActivation: Activation
    /// The input graph of the first layer, or nil when it is dense.
    public let inputMask: SparseInputMask?
    /// Number of parameters in the flat vector.
    public let parameterCount: Int

    let weightOffsets: [Int]
    let biasOffsets: [Int]

    /// Creates a network layout.
    ///
    /// - Parameters:
    ///   - layerSizes: `[inputs, hidden…, classes]`, each ≥ 1, at least two entries.
    ///   - hiddenActivation: ReLU (default) or tanh.
    ///   - inputMask: a sparse input graph for the first layer, whose shape must be
    ///     `layerSizes[1] × layerSizes[0]`; nil for dense.
    public init(layerSizes: [Int], hiddenActivation: Activation = .relu, inputMask: SparseInputMask? = nil) {
        precondition(
            layerSizes.count >= 2 && layerSizes.allSatisfy { $0 >= 1 },
            "FeedForwardNetwork: layer sizes \(layerSizes) need two or more positive entries")
        if let inputMask {
            precondition(
                inputMask.inputs == layerSizes[0] && inputMask.units == layerSizes[1],
                "FeedForwardNetwork: mask \(inputMask.units)×\(inputMask.inputs) does not fit layer 1 (\(layerSizes[1])×\(layerSizes[0]))")
        }
        self.layerSizes = layerSizes
        self.hiddenActivation = hiddenActivation
        self.inputMask = inputMask
        var weightOffsets: [Int] = [], biasOffsets: [Int] = []
        var offset = 0
        for l in 1..<layerSizes.count {
            weightOffsets.append(offset)
            offset += (l == 1 ? inputMask?.connections.count : nil) ?? layerSizes[l] * layerSizes[l - 1]
            biasOffsets.append(offset)
            offset += layerSizes[l]
        }
        self.weightOffsets = weightOffsets
        self.biasOffsets = biasOffsets
        parameterCount = offset
    }

    /// Creates the network a specification describes for `inputs` pixels and
    /// `classes` outputs, drawing the sparse input graph from `random` when
    /// `specification.inputConnectionProbability < 1` (`random` is untouched otherwise).
    public init(specification: Specification, inputs: Int, classes: Int, random: inout RandomStream) {
        let sizes = [inputs] + specification.hiddenLayers + [classes]
        var mask: SparseInputMask?
        if specification.inputConnectionProbability < 1 {
            mask = SparseInputMask(
                inputs: inputs, units: sizes[1],
                connectionProbability: specification.inputConnectionProbability, random: &random)
        }
        self.init(layerSizes: sizes, hiddenActivation: specification.activation, inputMask: mask)
    }

    /// Number of weight layers `L` (hidden layers plus the output layer).
    public var layerCount: Int { layerSizes.count - 1 }
    /// Number of inputs `n₀`.
    public var inputCount: Int { layerSizes[0] }
    /// Number of classes `n_L`.
    public var classCount: Int { layerSizes[layerSizes.count - 1] }

    /// Where layer `layer`'s weights lie in the parameter vector (`layer` in `1...layerCount`).
    public func weightRange(layer: Int) -> Range<Int> {
        precondition(layer >= 1 && layer <= layerCount, "FeedForwardNetwork: layer \(layer) outside 1...\(layerCount)")
        return weightOffsets[layer - 1]..<biasOffsets[layer - 1]
    }

    /// Where layer `layer`'s biases lie in the parameter vector (`layer` in `1...layerCount`).
    public func biasRange(layer: Int) -> Range<Int> {
        precondition(layer >= 1 && layer <= layerCount, "FeedForwardNetwork: layer \(layer) outside 1...\(layerCount)")
        return biasOffsets[layer - 1]..<(biasOffsets[layer - 1] + layerSizes[layer])
    }

    /// Layer `layer`'s weights as a dense `n_l × n_{l−1}` matrix (zeros where the
    /// input mask has no connection).
    public func weights(layer: Int, parameters: [Double]) -> Matrix {
        precondition(parameters.count == parameterCount, "FeedForwardNetwork: \(parameters.count) parameters, expected \(parameterCount)")
        let range = weightRange(layer: layer)
        var w = Matrix(rows: layerSizes[layer], columns: layerSizes[layer - 1])
        w.withUnsafeMutableBufferPointer { p in
            if layer == 1, let inputMask {
                for (c, index) in inputMask.connections.enumerated() { p[index] = parameters[range.lowerBound + c] }
            } else {
                for (k, i) in range.enumerated() { p[k] = parameters[i] }
            }
        }
        return w
    }

    /// Layer `layer`'s biases.
    public func biases(layer: Int, parameters: [Double]) -> [Double] {
        precondition(parameters.count == parameterCount, "FeedForwardNetwork: \(parameters.count) parameters, expected \(parameterCount)")
        return Array(parameters[biasRange(layer: layer)])
    }

    /// The flat parameter vector of the given dense weight matrices and biases
    /// (the inverse of ``weights(layer:parameters:)`` and ``biases(layer:parameters:)``;
    /// with an input mask, entries of `weights[0]` off the mask are ignored).
    /// - Precondition: `weights[l−1]` is `n_l × n_{l−1}` and `biases[l−1]` has `n_l` entries.
    public func parameterVector(weights: [Matrix], biases: [[Double]]) -> [Double] {
        precondition(weights.count == layerCount && biases.count == layerCount, "FeedForwardNetwork: \(layerCount) layers expected")
        var vector: [Double] = []
        vector.reserveCapacity(parameterCount)
        for l in 1...layerCount {
            let w = weights[l - 1], b = biases[l - 1]
            precondition(
                w.rows == layerSizes[l] && w.columns == layerSizes[l - 1] && b.count == layerSizes[l],
                "FeedForwardNetwork: layer \(l) needs \(layerSizes[l])×\(layerSizes[l - 1]) weights and \(layerSizes[l]) biases")
            if l == 1, let inputMask {
                vector += inputMask.connections.map { w.elements[$0] }
            } else {
                vector += w.elements
            }
            vector += b
        }
        return vector
    }
}

extension FeedForwardNetwork {
    /// The nonlinearity of the hidden layers.
    public enum Activation: String, Codable, Sendable, CaseIterable {
        /// `max(0, x)` (NaN stays NaN).
        case relu
        /// `tanh(x)`.
        case tanh
    }

    /// How ``FeedForwardNetwork/initialParameters(_:random:)`` draws weights; biases start at 0.
    public enum Initialization: String, Codable, Sendable, CaseIterable {
        /// `N(0, 2 / fanIn)`: He, Zhang, Ren & Sun 2015, "Delving deep into
        /// rectifiers", ICCV, doi:10.1109/ICCV.2015.123. For ReLU layers.
        case kaiming
        /// `N(0, 2 / (fanIn + fanOut))`: Glorot & Bengio 2010, "Understanding the
        /// difficulty of training deep feedforward neural networks", AISTATS (normal
        /// variant). For tanh layers.
        case xavier
    }

    /// The parts of a network an experiment spec chooses; inputs and classes come
    /// from the data.
    public struct Specification: Codable, Sendable, Equatable {
        /// Units of each hidden layer (may be empty: softmax regression).
        public var hiddenLayers: [Int]
        /// Hidden activation; ReLU by default.
        public var activation: Activation
        /// Weight initialization; nil means Kaiming for ReLU and Xavier for tanh.
        public var initialization: Initialization?
        /// Probability that an input feeds a first-layer unit; 1 (default) for a dense
        /// first layer, e.g. 0.1 for the NNE paper's sparse input graph.
        public var inputConnectionProbability: Double

        /// A specification; defaults as documented on each property.
        public init(
            hiddenLayers: [Int], activation: Activation = .relu, initialization: Initialization? = nil,
            inputConnectionProbability: Double = 1
        ) {
            self.hiddenLayers = hiddenLayers
            self.activation = activation
            self.initialization = initialization
            self.inputConnectionProbability = inputConnectionProbability
        }

        private enum CodingKeys: String, CodingKey {
            case hiddenLayers = "hidden_layers", activation, initialization
            case inputConnectionProbability = "input_connection_probability"
        }

        /// Decodes `hidden_layers` (required), `activation`, `initialization` and
        /// `input_connection_probability` (optional, defaults as documented).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            hiddenLayers = try c.decode([Int].self, forKey: .hiddenLayers)
            activation = try c.decodeIfPresent(Activation.self, forKey: .activation) ?? .relu
            initialization = try c.decodeIfPresent(Initialization.self, forKey: .initialization)
            inputConnectionProbability = try c.decodeIfPresent(Double.self, forKey: .inputConnectionProbability) ?? 1
            guard hiddenLayers.allSatisfy({ $0 >= 1 }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .hiddenLayers, in: c, debugDescription: "hidden layer sizes must be ≥ 1, got \(hiddenLayers)")
            }
            guard inputConnectionProbability > 0 && inputConnectionProbability <= 1 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .inputConnectionProbability, in: c,
                    debugDescription: "must be in (0, 1], got \(inputConnectionProbability)")
            }
        }
    }
}
