import Foundation
import Testing
import L2LNumerics
@testable import L2LNetworks

/// The network's logits computed the obvious way: dense weight matrices from the
/// layout, loops over samples, units and inputs.
private func naiveLogits(_ net: FeedForwardNetwork, _ parameters: [Double], _ x: [Double]) -> [Double] {
    var h = x
    for l in 1...net.layerCount {
        let w = net.weights(layer: l, parameters: parameters), b = net.biases(layer: l, parameters: parameters)
        var next = [Double](repeating: 0, count: net.layerSizes[l])
        for j in 0..<next.count {
            var z = b[j]
            for i in 0..<h.count { z += w[j, i] * h[i] }
            if l < net.layerCount { z = net.hiddenActivation == .relu ? Swift.max(0, z) : tanh(z) }
            next[j] = z
        }
        h = next
    }
    return h
}

private func randomInputs(_ rows: Int, _ columns: Int, _ random: inout RandomStream) -> Matrix {
    Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { _ in random.nextUniform() })
}

@Suite struct FeedForwardNetworkTests {
    @Test func parameterLayoutIsWeightsThenBiasesPerLayer() {
        let net = FeedForwardNetwork(layerSizes: [4, 3, 2])
        #expect(net.parameterCount == 3 * 4 + 3 + 2 * 3 + 2)
        #expect(net.weightRange(layer: 1) == 0..<12 && net.biasRange(layer: 1) == 12..<15)
        #expect(net.weightRange(layer: 2) == 15..<21 && net.biasRange(layer: 2) == 21..<23)
        let p = (0..<23).map(Double.init)
        #expect(net.weights(layer: 1, parameters: p)[1, 2] == 6, "entry (j, i) at j·n_in + i")
        #expect(net.biases(layer: 2, parameters: p) == [21, 22])
        let rebuilt = net.parameterVector(
            weights: [net.weights(layer: 1, parameters: p), net.weights(layer: 2, parameters: p)],
            biases: [net.biases(layer: 1, parameters: p), net.biases(layer: 2, parameters: p)])
        #expect(rebuilt == p)
    }

    @Test(arguments: [FeedForwardNetwork.Activation.relu, .tanh])
    func forwardPassMatchesNaiveLoops(activation: FeedForwardNetwork.Activation) {
        var random = RandomStream(seed: 21)
        for sizes in [[7, 5, 3], [6, 4, 5, 2], [5, 3]] {
            let net = FeedForwardNetwork(layerSizes: sizes, hiddenActivation: activation)
            let inputs = randomInputs(9, sizes[0], &random)
            let ensemble = net.initialEnsemble(members: 4, random: &random)
            let outputs = net.ensembleOutputs(ensemble, inputs: inputs, kind: .logits)
            let probabilities = net.ensembleOutputs(ensemble, inputs: inputs)
            for j in 0..<4 {
                let parameters = ensemble.row(j).map { $0 + 0.1 }   // non-zero biases too
                let single = net.logits(parameters: parameters, inputs: inputs)
                let p = net.probabilities(parameters: ensemble.row(j), inputs: inputs)
                for s in 0..<9 {
                    let expected = naiveLogits(net, parameters, inputs.row(s))
                    let error = zip(single.row(s), expected).map { abs($0 - $1) }.max()!
                    #expect(error < 1e-12, "\(sizes) \(activation) member \(j) sample \(s): error \(error)")
                    let naiveMember = naiveLogits(net, ensemble.row(j), inputs.row(s))
                    let k = net.classCount
                    let fromEnsemble = Array(outputs.row(j)[(s * k)..<((s + 1) * k)])
                    #expect(zip(fromEnsemble, naiveMember).allSatisfy { abs($0 - $1) < 1e-12 })
                    #expect(Array(probabilities.row(j)[(s * k)..<((s + 1) * k)]) == p.row(s))
                }
            }
        }
    }

    @Test func sparseInputGraphIsSeededAndMatchesTheMaskedDenseNetwork() {
        var r1 = RandomStream(seed: 3), r2 = RandomStream(seed: 3)
        let spec = FeedForwardNetwork.Specification(hiddenLayers: [20], inputConnectionProbability: 0.1)
        let sparse = FeedForwardNetwork(specification: spec, inputs: 64, classes: 10, random: &r1)
        let again = FeedForwardNetwork(specification: spec, inputs: 64, classes: 10, random: &r2)
        #expect(sparse == again)
        let mask = sparse.inputMask!
        #expect(abs(mask.density - 0.1) < 0.03, "density \(mask.density)")
        #expect(sparse.parameterCount == mask.connections.count + 20 + 10 * 21)
        #expect(mask.isConnected(unit: mask.connections[0] / 64, input: mask.connections[0] % 64))

        var random = RandomStream(seed: 4)
        let parameters = sparse.initialParameters(random: &random).map { $0 + 0.05 }
        let dense = FeedForwardNetwork(layerSizes: [64, 20, 10])
        let w1 = sparse.weights(layer: 1, parameters: parameters)
        for j in 0..<20 {
            for i in 0..<64 where !mask.isConnected(unit: j, input: i) { #expect(w1[j, i] == 0) }
        }
        let denseParameters = dense.parameterVector(
            weights: [w1, sparse.weights(layer: 2, parameters: parameters)],
            biases: [sparse.biases(layer: 1, parameters: parameters), sparse.biases(layer: 2, parameters: parameters)])
        let inputs = randomInputs(6, 64, &random)
        let a = sparse.logits(parameters: parameters, inputs: inputs)
        let b = dense.logits(parameters: denseParameters, inputs: inputs)
        #expect(a.maximumAbsoluteDifference(b) < 1e-12)
        let members = [parameters, parameters.map { -$0 }]
        let viaEnsemble = sparse.ensembleOutputs(members, inputs: inputs, kind: .logits)
        #expect(viaEnsemble[0] == a.elements)
    }

    @Test func softmaxRowsSumToOneAndAreStable() {
        var random = RandomStream(seed: 5)
        let net = FeedForwardNetwork(layerSizes: [10, 8, 6], hiddenActivation: .tanh)
        let parameters = net.initialParameters(random: &random).map { $0 * 50 }   // large logits
        let p = net.probabilities(parameters: parameters, inputs: randomInputs(12, 10, &random))
        for s in 0..<12 {
            #expect(abs(p.row(s).reduce(0, +) - 1) < 1e-12)
            #expect(p.row(s).allSatisfy { $0 >= 0 && $0 <= 1 })
        }
        #expect(FeedForwardNetwork.softmax([1000, 1000]) == [0.5, 0.5])
        #expect(FeedForwardNetwork.softmax([-1000, 0])[1] == 1)
        #expect(abs(FeedForwardNetwork.logSumExp([1000, 1000]) - (1000 + log(2.0))) < 1e-12)
        #expect(FeedForwardNetwork.logSumExp([-1e308, -1e308]).isFinite)
        #expect(FeedForwardNetwork.softmax([1, .infinity]).allSatisfy { $0.isNaN })
    }

    @Test func nonFiniteParametersGiveNaNOutputsAndAFlaggedLoss() {
        var random = RandomStream(seed: 6)
        let net = FeedForwardNetwork(layerSizes: [5, 4, 3])
        let good = net.initialParameters(random: &random)
        let inputs = randomInputs(7, 5, &random)
        let labels = (0..<7).map { $0 % 3 }
        for bad in [Double.nan, .infinity, -.infinity] {
            var parameters = good
            parameters[net.biasRange(layer: 2).lowerBound] = bad
            let p = net.probabilities(parameters: parameters, inputs: inputs)
            #expect(p.elements.allSatisfy { $0.isNaN }, "\(bad)")
            let evaluation = net.evaluate(parameters: parameters, inputs: inputs, classIndices: labels)
            #expect(!evaluation.isFinite && evaluation.loss.isNaN && evaluation.correct == 0)
            #expect(evaluation.nonFiniteSamples == 7)
        }
        // A NaN hidden weight survives ReLU (max(0, NaN) would hide it).
        var hiddenNaN = good
        hiddenNaN[net.biasRange(layer: 1).lowerBound] = .nan
        let ensemble = Matrix([good, hiddenNaN])
        let scores = net.evaluate(ensemble: ensemble, inputs: inputs, classIndices: labels)
        #expect(scores[0].isFinite && !scores[1].isFinite)
    }

    @Test func handSetNetworkSeparatesAToySetPerfectly() {
        // Class 0 when x₀ > x₁, class 1 otherwise: hidden units relu(x₀ − x₁), relu(x₁ − x₀).
        let net = FeedForwardNetwork(layerSizes: [2, 2, 2])
        let parameters = net.parameterVector(
            weights: [Matrix([[1, -1], [-1, 1]]), Matrix([[10, 0], [0, 10]])], biases: [[0, 0], [0, 0]])
        var random = RandomStream(seed: 7)
        var rows: [[Double]] = [], labels: [Int] = []
        while rows.count < 50 {
            let x = [random.nextUniform(), random.nextUniform()]
            if abs(x[0] - x[1]) < 0.05 { continue }
            rows.append(x)
            labels.append(x[0] > x[1] ? 0 : 1)
        }
        let evaluation = net.evaluate(parameters: parameters, inputs: Matrix(rows), classIndices: labels)
        #expect(evaluation.accuracy == 1 && evaluation.correct == 50 && evaluation.isFinite)
        #expect(evaluation.loss < 0.7)
    }

    @Test func lossMatchesTheSoftmaxRegressionGradientByFiniteDifferences() {
        // Without hidden layers, ∂L/∂W = (P − Y)ᵀ X / B: a check of forward pass and loss together.
        var random = RandomStream(seed: 8)
        let net = FeedForwardNetwork(layerSizes: [4, 3])
        let parameters = net.initialParameters(random: &random).map { $0 + 0.1 }
        let inputs = randomInputs(10, 4, &random)
        let labels = (0..<10).map { _ in random.nextInt(below: 3) }
        let p = net.probabilities(parameters: parameters, inputs: inputs)
        let h = 1e-6
        for index in 0..<net.parameterCount {
            var plus = parameters, minus = parameters
            plus[index] += h
            minus[index] -= h
            let numeric = (net.evaluate(parameters: plus, inputs: inputs, classIndices: labels).loss
                - net.evaluate(parameters: minus, inputs: inputs, classIndices: labels).loss) / (2 * h)
            var analytic = 0.0
            for s in 0..<10 {
                if net.weightRange(layer: 1).contains(index) {
                    let (j, i) = (index / 4, index % 4)
                    analytic += (p[s, j] - (labels[s] == j ? 1 : 0)) * inputs[s, i]
                } else {
                    let j = index - net.biasRange(layer: 1).lowerBound
                    analytic += p[s, j] - (labels[s] == j ? 1 : 0)
                }
            }
            analytic /= 10
            #expect(abs(numeric - analytic) < 1e-7, "parameter \(index): \(numeric) vs \(analytic)")
        }
    }

    @Test func initialisationIsSeededWithTheDocumentedScale() {
        let net = FeedForwardNetwork(layerSizes: [400, 100, 10])
        var a = RandomStream(seed: 9), b = RandomStream(seed: 9)
        let p = net.initialParameters(random: &a)
        #expect(p == net.initialParameters(random: &b))
        #expect(net.biases(layer: 1, parameters: p).allSatisfy { $0 == 0 })
        let w = p[net.weightRange(layer: 1)]
        let sd = (w.reduce(0) { $0 + $1 * $1 } / Double(w.count)).squareRoot()
        #expect(abs(sd / (2.0 / 400).squareRoot() - 1) < 0.03, "Kaiming sd \(sd)")
        let xavier = net.initialParameters(.xavier, random: &a)[net.weightRange(layer: 2)]
        let sdX = (xavier.reduce(0) { $0 + $1 * $1 } / Double(xavier.count)).squareRoot()
        #expect(abs(sdX / (2.0 / 110).squareRoot() - 1) < 0.1, "Xavier sd \(sdX)")
    }

    @Test func specificationDecodesWithDefaults() throws {
        let json = #"{"hidden_layers": [50], "activation": "tanh"}"#
        let spec = try JSONDecoder().decode(FeedForwardNetwork.Specification.self, from: Data(json.utf8))
        #expect(spec == FeedForwardNetwork.Specification(hiddenLayers: [50], activation: .tanh))
        let bad = #"{"hidden_layers": [50], "input_connection_probability": 0}"#
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(FeedForwardNetwork.Specification.self, from: Data(bad.utf8))
        }
    }

    @Test func evaluatesAnEnsembleOnShippedDigits() throws {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data")
        var random = RandomStream(seed: 10)
        let digits = try DigitDataset.shipped(.digits8x8, dataDirectory: data).normalized()
            .subset(perClass: 5, random: &random)
        let net = FeedForwardNetwork(layerSizes: [64, 16, 10])
        let ensemble = net.initialEnsemble(members: 3, random: &random)
        let scores = net.evaluate(ensemble: ensemble, on: digits)
        #expect(scores.count == 3 && scores.allSatisfy { $0.isFinite && $0.count == 50 })
        let g = net.ensembleOutputs(ensemble, inputs: digits.images)
        #expect(g.rows == 3 && g.columns == digits.oneHotTargets().elements.count)
    }
}
