import L2LNumerics

extension FeedForwardNetwork {
    /// The default initialization for the hidden activation: Kaiming for ReLU,
    /// Xavier for tanh.
    public var defaultInitialization: Initialization {
        hiddenActivation == .relu ? .kaiming : .xavier
    }

    /// The standard deviation of layer `layer`'s initial weights under `scheme`.
    ///
    /// The fan-in of a masked first layer is its mean number of connections per
    /// unit (at least 1), so a sparse input graph gets proportionally larger weights.
    public func initialStandardDeviation(layer: Int, scheme: Initialization) -> Double {
        precondition(layer >= 1 && layer <= layerCount, "FeedForwardNetwork: layer \(layer) outside 1...\(layerCount)")
        var fanIn = Double(layerSizes[layer - 1])
        if layer == 1, let inputMask {
            fanIn = Swift.max(1, Double(inputMask.connections.count) / Double(inputMask.units))
        }
        let fanOut = Double(layerSizes[layer])
        switch scheme {
        case .kaiming: return (2 / fanIn).squareRoot()
        case .xavier: return (2 / (fanIn + fanOut)).squareRoot()
        }
    }

    /// A random parameter vector: weights Gaussian with
    /// ``initialStandardDeviation(layer:scheme:)``, biases zero.
    ///
    /// - Parameters:
    ///   - scheme: the initialization; ``defaultInitialization`` when nil.
    ///   - random: consumes one Gaussian per weight, in parameter-vector order.
    /// - Returns: ``parameterCount`` values.
    public func initialParameters(_ scheme: Initialization? = nil, random: inout RandomStream) -> [Double] {
        let scheme = scheme ?? defaultInitialization
        var parameters = [Double](repeating: 0, count: parameterCount)
        for l in 1...layerCount {
            let sd = initialStandardDeviation(layer: l, scheme: scheme)
            for i in weightRange(layer: l) { parameters[i] = sd * random.nextGaussian() }
        }
        return parameters
    }

    /// `members` independent initial parameter vectors as the rows of a
    /// `members × parameterCount` matrix (member `j` drawn after members `0..<j`).
    public func initialEnsemble(
        members: Int, _ scheme: Initialization? = nil, random: inout RandomStream
    ) -> Matrix {
        precondition(members >= 0, "FeedForwardNetwork: \(members) ensemble members")
        var rows: [Double] = []
        rows.reserveCapacity(members * parameterCount)
        for _ in 0..<members { rows += initialParameters(scheme, random: &random) }
        return Matrix(rows: members, columns: parameterCount, elements: rows)
    }
}
