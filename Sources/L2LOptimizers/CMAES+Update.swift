import Foundation
import L2LNumerics

// Sampling, the CMA update, stopping and recording for `CMAES`.

extension CMAES {
    /// λ candidates x_k = clamp(m + σ B D z_k), z_k ~ N(0, I) drawn row by row (eqs. (38)–(40)).
    mutating func sample() -> [[Double]] {
        let n = space.count, lambda = parameters.lambda
        var random = state.random
        var z = Matrix(rows: lambda, columns: n)
        for k in 0..<lambda { for i in 0..<n { z[k, i] = state.eigenvalueRoots[i] * random.nextGaussian() } }
        state.random = random
        let y = z.multiplied(by: state.eigenvectors, transposingOther: true)   // row k: B (D ⊙ z_k)
        return (0..<lambda).map { k in
            var x = state.mean
            for i in 0..<n { x[i] += state.sigma * y[k, i] }
            return space.clamp(x)
        }
    }

    /// C^(−1/2) v = B D⁻¹ Bᵀ v.
    func inverseSqrtC(_ v: [Double]) -> [Double] {
        var w = state.eigenvectors.multiplied(by: v, transposingSelf: true)
        for i in w.indices { w[i] /= state.eigenvalueRoots[i] }
        return state.eigenvectors * w
    }

    /// One CMA-ES update from the batch just told (Hansen 2016, Appendix A, eqs. (41)–(47)).
    mutating func update() {
        let p = parameters, n = space.count
        let fitness = state.fitness.map { $0.isFinite ? $0 : .nan }
        let finiteFitness = fitness.filter { !$0.isNaN }
        guard let best = finiteFitness.max() else { return }
        state.bestHistory.append(best)
        if state.bestHistory.count > p.historyLength { state.bestHistory.removeFirst(state.bestHistory.count - p.historyLength) }
        let order = Statistics.descendingOrder(fitness)                  // largest fitness = smallest −f first
        let m = state.mean, sigma = state.sigma
        let steps = order.prefix(p.mu).map { k in (0..<n).map { (state.samples[k][$0] - m[$0]) / sigma } }   // y_{i:λ}
        var yw = [Double](repeating: 0, count: n)                       // (41)
        for (w, y) in zip(p.weights, steps) { for i in 0..<n { yw[i] += w * y[i] } }
        for i in 0..<n { state.mean[i] = m[i] + sigma * yw[i] }          // (42), c_m = 1
        state.mean = space.clamp(state.mean)                             // round-off only: Σ w_i x_i is inside

        let cs = p.cSigma, cc = p.cC
        let whitened = inverseSqrtC(yw)
        let sigmaFactor = (cs * (2 - cs) * p.muEff).squareRoot()
        for i in 0..<n { state.pathSigma[i] = (1 - cs) * state.pathSigma[i] + sigmaFactor * whitened[i] }   // (43)
        let pSigmaNorm = state.pathSigma.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let generations = Double(state.iteration + 1)
        let hSigma = pSigmaNorm / (1 - pow(1 - cs, 2 * generations)).squareRoot() < (1.4 + 2 / Double(n + 1)) * p.chiN ? 1.0 : 0.0
        state.hSigma = hSigma
        let cFactor = (cc * (2 - cc) * p.muEff).squareRoot()
        for i in 0..<n { state.pathC[i] = (1 - cc) * state.pathC[i] + hSigma * cFactor * yw[i] }           // (45)

        // (47) with positive weights (Σ w = 1) and δ(h_σ) = (1 − h_σ) c_c (2 − c_c).
        let delta = (1 - hSigma) * cc * (2 - cc)
        let decay = 1 + p.c1 * delta - p.c1 - p.cMu
        var yMatrix = Matrix(rows: p.mu, columns: n)                    // rows √w_i y_i
        for (r, y) in steps.enumerated() { for i in 0..<n { yMatrix[r, i] = p.weights[r].squareRoot() * y[i] } }
        let rankMu = yMatrix.multiplied(by: yMatrix, transposingSelf: true)
        var c = state.covariance
        for i in 0..<n {
            for j in 0..<n {
                c[i, j] = decay * c[i, j] + p.c1 * state.pathC[i] * state.pathC[j] + p.cMu * rankMu[i, j]
            }
        }
        state.covariance = c
        state.sigma = sigma * exp((cs / p.dSigma) * (pSigmaNorm / p.chiN - 1))                               // (44)

        if state.iteration + 1 - state.eigenIteration >= p.eigenInterval { decompose() }
    }

    /// B and D from C = B D² Bᵀ (LAPACK dsyevd); C is symmetrized first. Keeps the old factors if it fails.
    mutating func decompose() {
        let n = space.count
        var c = state.covariance
        for i in 0..<n { for j in (i + 1)..<Swift.max(i + 1, n) { let s = (c[i, j] + c[j, i]) / 2; c[i, j] = s; c[j, i] = s } }
        state.covariance = c
        state.eigenIteration = state.iteration + 1
        guard let (values, vectors) = try? c.symmetricEigendecomposition() else { return }
        state.eigenvectors = vectors
        state.eigenvalueRoots = values.map { Swift.max($0, 1e-300).squareRoot() }
    }

    /// Condition number of C from the last eigendecomposition, (max D / min D)².
    var conditionNumber: Double {
        let ratio = (state.eigenvalueRoots.max() ?? 1) / (state.eigenvalueRoots.min() ?? 1)
        return ratio * ratio
    }

    /// `tolX` as `.stepSizeBelow`, `tolFun` and a condition number above 1e14 as `.other`.
    public var stopReasons: [StopReason] {
        var reasons: [StopReason] = []
        let widths = space.widths
        var largest = 0.0
        for i in 0..<space.count {
            let scale = state.sigma * Swift.max(state.covariance[i, i].squareRoot(), abs(state.pathC[i])) / widths[i]
            largest = Swift.max(largest, scale)
        }
        if largest < configuration.tolX {
            reasons.append(.stepSizeBelow(quantity: "max σ·max(√C_ii, |p_c,i|)/width", value: largest, tolerance: configuration.tolX))
        }
        if state.bestHistory.count >= parameters.historyLength {
            let values = state.bestHistory + state.fitness.filter(\.isFinite)
            let range = values.max()! - values.min()!
            if range < configuration.tolFun {
                reasons.append(.fitnessRangeBelow(range: range, tolerance: configuration.tolFun))
            }
        }
        if conditionNumber > 1e14 { reasons.append(.conditionNumberAbove(value: conditionNumber, limit: 1e14)) }
        return reasons
    }

    /// `mean` (D), `sigma`, the covariance σ²C under `configuration.covariance` (`covariance` D×D for
    /// `full`, `covariance_diagonal` D for `diagonal` and `low_rank`), `p_sigma_norm`, `p_c_norm`,
    /// `h_sigma`, `condition_number`, and `best_fitness`, `mean_fitness` of the batch (NaN before a tell).
    public func snapshot() -> [RecordedArray] {
        let n = space.count, s2 = state.sigma * state.sigma
        let finite = state.fitness.filter(\.isFinite)
        var arrays = [
            RecordedArray(name: "mean", shape: [n], values: state.mean, axes: ["parameter"], description: "distribution mean m (encoded) after the update"),
            .scalar("sigma", state.sigma, description: "step size σ (C₀ = diag(width²), so σ√C_ii/width is a fraction of the width)"),
        ]
        switch configuration.covariance {
        case .full:
            arrays.append(
                RecordedArray(
                    name: "covariance", shape: [n, n], values: state.covariance.elements.map { s2 * $0 },
                    axes: ["parameter", "parameter"], description: "sampling covariance σ²C after the update"))
        case .diagonal, .lowRank:
            arrays.append(
                RecordedArray(
                    name: "covariance_diagonal", shape: [n], values: state.covariance.diagonal.map { s2 * $0 },
                    axes: ["parameter"], description: "diagonal of the sampling covariance σ²C after the update"))
        case .none:
            break
        }
        arrays += [
            .scalar("p_sigma_norm", state.pathSigma.reduce(0) { $0 + $1 * $1 }.squareRoot(), description: "‖p_σ‖"),
            .scalar("p_c_norm", state.pathC.reduce(0) { $0 + $1 * $1 }.squareRoot(), description: "‖p_c‖"),
            .scalar("h_sigma", state.hSigma, description: "h_σ of the last update (1 or 0)"),
            .scalar("condition_number", conditionNumber, description: "condition number of C at the last eigendecomposition"),
            .scalar("best_fitness", finite.max() ?? .nan, description: "best finite fitness of the batch"),
            .scalar("mean_fitness", finite.isEmpty ? .nan : Statistics.mean(finite), description: "mean of the batch's finite fitness values"),
        ]
        return arrays
    }
}
