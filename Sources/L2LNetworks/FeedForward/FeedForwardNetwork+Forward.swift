import Foundation
import L2LNumerics

extension FeedForwardNetwork {
    /// What ``ensembleOutputs(_:inputs:kind:)`` returns per sample.
    public enum OutputKind: String, Codable, Sendable, CaseIterable {
        /// Softmax class probabilities (rows sum to 1; NaN rows for non-finite logits).
        case probabilities
        /// The pre-softmax scores.
        case logits
    }

    /// Logits of one parameter vector for a mini-batch.
    ///
    /// - Parameters:
    ///   - parameters: ``parameterCount`` values in the documented layout.
    ///   - inputs: `B × inputCount`, one sample per row.
    /// - Returns: `B × classCount`.
    /// - Complexity: O(B · Σ n_l n_{l−1}), through ``StridedProducts/multiply(_:_:lda:_:_:ldb:into:ldc:m:n:k:alpha:beta:)`` (BLAS `dgemm`).
    public func logits(parameters: [Double], inputs: Matrix) -> Matrix {
        checkParameters(parameters.count)
        let values = parameters.withUnsafeBufferPointer { batchedLogits(parameters: $0, members: 1, inputs: inputs) }
        return Matrix(rows: inputs.rows, columns: classCount, elements: values)
    }

    /// Softmax class probabilities of one parameter vector for a mini-batch
    /// (`B × classCount`; each row sums to 1, or is NaN when its logits are not finite).
    public func probabilities(parameters: [Double], inputs: Matrix) -> Matrix {
        var p = logits(parameters: parameters, inputs: inputs)
        let k = classCount
        p.withUnsafeMutableBufferPointer { buffer in
            for b in 0..<inputs.rows { Self.softmaxInPlace(buffer.baseAddress! + b * k, count: k) }
        }
        return p
    }

    /// The outputs of every ensemble member on the same mini-batch: the `G(u_j)`
    /// an ensemble Kalman filter compares with one-hot targets.
    ///
    /// Each layer is one BLAS `dgemm` per member, reading the member's weights in
    /// place from `ensemble` (no copy; a masked first layer is scattered into one
    /// reused dense buffer) and writing into one `B × (J · n_l)` activation array, so
    /// the mini-batch stays in cache across members. Working memory is
    /// `O(B · J · max n_l + n₁ n₀)`, independent of the ensemble's parameter count.
    ///
    /// - Parameters:
    ///   - ensemble: `J × parameterCount`, one member per row.
    ///   - inputs: `B × inputCount`.
    ///   - kind: probabilities (default) or logits.
    /// - Returns: `J × (B · classCount)`; row `j` is member `j`'s `B × classCount`
    ///   outputs in row-major order (sample-major, then class), matching
    ///   `DigitDataset.oneHotTargets().elements`.
    public func ensembleOutputs(_ ensemble: Matrix, inputs: Matrix, kind: OutputKind = .probabilities) -> Matrix {
        checkParameters(ensemble.columns)
        let members = ensemble.rows, b = inputs.rows, k = classCount
        var stacked = ensemble.elements.withUnsafeBufferPointer {
            batchedLogits(parameters: $0, members: members, inputs: inputs)
        }
        if kind == .probabilities {
            stacked.withUnsafeMutableBufferPointer { buffer in
                for row in 0..<(b * members) { Self.softmaxInPlace(buffer.baseAddress! + row * k, count: k) }
            }
        }
        // Reorder B × (J · K) into J × (B · K).
        var outputs = Matrix(rows: members, columns: b * k)
        outputs.withUnsafeMutableBufferPointer { target in
            stacked.withUnsafeBufferPointer { source in
                for s in 0..<b {
                    for j in 0..<members {
                        (target.baseAddress! + j * b * k + s * k)
                            .update(from: source.baseAddress! + (s * members + j) * k, count: k)
                    }
                }
            }
        }
        return outputs
    }

    /// ``ensembleOutputs(_:inputs:kind:)`` for members given as arrays (as optimizers
    /// `ask` for them); returns one `B · classCount` output vector per member.
    public func ensembleOutputs(_ members: [[Double]], inputs: Matrix, kind: OutputKind = .probabilities) -> [[Double]] {
        ensembleOutputs(Self.stack(members, columns: parameterCount), inputs: inputs, kind: kind).rowArrays
    }

    /// Logits of `members` parameter vectors stored one after another in
    /// `parameters`, as a `B × (members · classCount)` row-major array: entry
    /// `(sample s, member j, class k)` at `(s · members + j) · classCount + k`.
    ///
    /// Every layer's activations are kept as `B × (members · n_l)`, member `j` in
    /// columns `j n_l ..< (j+1) n_l`, so each product reads and writes its member's
    /// block with a leading dimension and nothing is copied between layers. (Stacking
    /// all members' weights into one large product was measured slower: the copy
    /// costs as much as the memory-bound product with a small batch.)
    func batchedLogits(parameters: UnsafeBufferPointer<Double>, members: Int, inputs: Matrix) -> [Double] {
        precondition(
            inputs.columns == inputCount,
            "FeedForwardNetwork: inputs have \(inputs.columns) columns, the network \(inputCount) inputs")
        precondition(parameters.count == members * parameterCount, "FeedForwardNetwork: parameter buffer size")
        let batch = inputs.rows, p = parameterCount
        if batch == 0 || members == 0 { return [] }
        let params = parameters.baseAddress!

        // Layer 1: one product per member straight from the parameter vector; a
        // masked layer scatters into one dense buffer whose absent entries stay zero
        // (the mask is shared, so each member overwrites the same positions).
        let n0 = layerSizes[0], n1 = layerSizes[1]
        var dense = [Double](repeating: 0, count: inputMask == nil ? 0 : n1 * n0)
        var current = [Double](repeating: 0, count: batch * members * n1)
        inputs.elements.withUnsafeBufferPointer { x in
            dense.withUnsafeMutableBufferPointer { w in
                current.withUnsafeMutableBufferPointer { h in
                    for j in 0..<members {
                        var weights = params + j * p + weightOffsets[0]
                        if let inputMask {
                            for (c, index) in inputMask.connections.enumerated() { w[index] = weights[c] }
                            weights = UnsafePointer(w.baseAddress!)
                        }
                        StridedProducts.multiply(
                            x.baseAddress!, lda: n0, weights, .transposed, ldb: n0,
                            into: h.baseAddress! + j * n1, ldc: members * n1, m: batch, n: n1, k: n0)
                    }
                }
            }
        }
        addBiases(&current, layer: 1, members: members, batch: batch, params: params)

        // Later layers: one product per member, on its column block.
        if layerCount >= 2 {
            for l in 2...layerCount {
                let nIn = layerSizes[l - 1], nOut = layerSizes[l]
                var next = [Double](repeating: 0, count: batch * members * nOut)
                current.withUnsafeBufferPointer { h in
                    next.withUnsafeMutableBufferPointer { o in
                        for j in 0..<members {
                            StridedProducts.multiply(
                                h.baseAddress! + j * nIn, lda: members * nIn,
                                params + j * p + weightOffsets[l - 1], .transposed, ldb: nIn,
                                into: o.baseAddress! + j * nOut, ldc: members * nOut, m: batch, n: nOut, k: nIn)
                        }
                    }
                }
                addBiases(&next, layer: l, members: members, batch: batch, params: params)
                current = next
            }
        }
        return current
    }

    /// Adds layer `layer`'s biases to `values` (`B × (members · n_l)`) and applies
    /// the hidden activation unless it is the output layer.
    private func addBiases(
        _ values: inout [Double], layer: Int, members: Int, batch: Int, params: UnsafePointer<Double>
    ) {
        let n = layerSizes[layer], p = parameterCount, offset = biasOffsets[layer - 1]
        let activate = layer < layerCount
        let relu = hiddenActivation == .relu
        values.withUnsafeMutableBufferPointer { v in
            let base = v.baseAddress!
            for s in 0..<batch {
                for j in 0..<members {
                    let row = base + (s * members + j) * n
                    let bias = params + j * p + offset
                    for u in 0..<n {
                        let z = row[u] + bias[u]
                        // `z < 0 ? 0 : z` keeps NaN (Swift.max(0, .nan) would return 0).
                        row[u] = !activate ? z : (relu ? (z < 0 ? 0 : z) : tanh(z))
                    }
                }
            }
        }
    }

    func checkParameters(_ count: Int) {
        precondition(
            count == parameterCount,
            "FeedForwardNetwork: \(count) parameters, the network has \(parameterCount)")
    }

    static func stack(_ rows: [[Double]], columns: Int) -> Matrix {
        var elements: [Double] = []
        elements.reserveCapacity(rows.count * columns)
        for (j, row) in rows.enumerated() {
            precondition(row.count == columns, "FeedForwardNetwork: member \(j) has \(row.count) parameters, expected \(columns)")
            elements += row
        }
        return Matrix(rows: rows.count, columns: columns, elements: elements)
    }
}
