import L2LNumerics

// Sampling, the elite fit, and recording for `CrossEntropyMethod`.

extension CrossEntropyMethod {
    /// Draws `population` points from N(μ, Σ) and projects them onto the box.
    ///
    /// Gaussian deviates are drawn row by row (`population × dimension` of them) in both
    /// covariance models, so the stream advances by the same amount.
    mutating func sample() -> [[Double]] {
        let n = configuration.population, d = space.count
        let mean = state.mean
        var random = state.random
        var z = Matrix(rows: n, columns: d)
        z.withUnsafeMutableBufferPointer { p in
            for i in 0..<(n * d) { p[i] = random.nextGaussian() }
        }
        state.random = random
        var samples: [[Double]] = []
        samples.reserveCapacity(n)
        if let covariance = state.covariance {
            // Row i of Z·Aᵀ is A zᵢ with A Aᵀ = Σ.
            let x = z.multiplied(by: Self.samplingFactor(covariance), transposingOther: true)
            for i in 0..<n {
                var row = x.row(i)
                for j in 0..<d { row[j] += mean[j] }
                samples.append(space.clamp(row))
            }
        } else {
            let sigma = state.standardDeviations
            for i in 0..<n {
                var row = mean
                for j in 0..<d { row[j] += sigma[j] * z[i, j] }
                samples.append(space.clamp(row))
            }
        }
        return samples
    }

    /// A matrix `A` with `A Aᵀ = Σ`: the Cholesky factor, or, when Σ is only positive
    /// semidefinite (fewer elites than dimensions, no noise), `V · diag(√max(λ, 0))` from
    /// its eigendecomposition; as a last resort `diag(√max(Σᵢᵢ, 0))`.
    static func samplingFactor(_ covariance: Matrix) -> Matrix {
        if let l = try? covariance.cholesky() { return l }
        if let (values, vectors) = try? covariance.symmetricEigendecomposition() {
            var a = vectors
            for j in 0..<a.columns {
                let s = Swift.max(values[j], 0).squareRoot()
                for i in 0..<a.rows { a[i, j] *= s }
            }
            return a
        }
        return Matrix.diagonal(covariance.diagonal.map { Swift.max($0, 0).squareRoot() })
    }

    /// Fits the distribution to the elite of the batch just told and adds noise.
    mutating func update() {
        let c = configuration
        let d = space.count
        let fitness = state.fitness
        let finite = fitness.indices.filter { fitness[$0].isFinite }
            .sorted { i, j in fitness[i] != fitness[j] ? fitness[i] > fitness[j] : i < j }
        let k = Swift.min(Self.eliteCount(fraction: c.eliteFraction, population: fitness.count), finite.count)
        let nu = state.noise
        state.noise = nu * c.noiseDecay
        guard k > 0 else {
            state.eliteThreshold = nil
            state.eliteCount = 0
            state.lastNoise = 0
            return
        }
        let elite = finite.prefix(k).map { state.samples[$0] }
        state.eliteThreshold = fitness[finite[k - 1]]
        state.eliteCount = k
        state.lastNoise = nu

        var eliteMean = [Double](repeating: 0, count: d)
        for x in elite { for j in 0..<d { eliteMean[j] += x[j] } }
        for j in 0..<d { eliteMean[j] /= Double(k) }
        let s = c.smoothing
        for j in 0..<d { state.mean[j] = s * state.mean[j] + (1 - s) * eliteMean[j] }

        if let old = state.covariance {
            // Σ̂ = CᵀC / k with C the centred elite (k × d).
            var centred = Matrix(rows: k, columns: d)
            for (i, x) in elite.enumerated() { for j in 0..<d { centred[i, j] = x[j] - eliteMean[j] } }
            let fitted = centred.multiplied(by: centred, transposingSelf: true, scale: 1 / Double(k))
            var sigma = Matrix(rows: d, columns: d)
            for i in 0..<d {
                for j in 0..<d {
                    let symmetric = (fitted[i, j] + fitted[j, i]) / 2
                    sigma[i, j] = s * old[i, j] + (1 - s) * symmetric
                }
                let extra = nu * widths[i]
                sigma[i, i] += extra * extra
            }
            state.covariance = sigma
            state.standardDeviations = sigma.diagonal.map { Swift.max($0, 0).squareRoot() }
        } else {
            for j in 0..<d {
                var v = 0.0
                for x in elite { v += (x[j] - eliteMean[j]) * (x[j] - eliteMean[j]) }
                let fittedSigma = (v / Double(k)).squareRoot()
                state.standardDeviations[j] = s * state.standardDeviations[j] + (1 - s) * fittedSigma + nu * widths[j]
            }
        }
    }
}

// MARK: - Recording

extension CrossEntropyMethod {
    /// The distribution after the last update.
    ///
    /// `mean` (D), `std` (D), `covariance` (D×D, only for `.full`), `elite_threshold` γ,
    /// `elite_count`, `noise` (fraction of width added by the last update), `best_fitness`
    /// and `mean_fitness` (finite values of the last batch). The batch itself is not
    /// repeated here: the loop records candidates and their fitness. Values not yet known are NaN.
    public func snapshot() -> [RecordedArray] {
        let n = configuration.population, d = space.count
        let told = !state.fitness.isEmpty
        let fitness = told ? state.fitness : [Double](repeating: .nan, count: n)
        let finite = fitness.filter(\.isFinite)
        var arrays = [
            RecordedArray(
                name: "mean", shape: [d], values: state.mean, axes: ["parameter"],
                description: "mean of the sampling distribution (encoded) after the update"),
            RecordedArray(
                name: "std", shape: [d], values: state.standardDeviations, axes: ["parameter"],
                description: "standard deviation of each coordinate after the update"),
        ]
        if let covariance = state.covariance {
            arrays.append(
                RecordedArray(
                    name: "covariance", shape: [d, d], values: covariance.elements, axes: ["parameter", "parameter"],
                    description: "covariance of the sampling distribution after the update"))
        }
        arrays += [
            .scalar("elite_threshold", state.eliteThreshold ?? .nan, description: "fitness of the worst elite (γ)"),
            .scalar(
                "elite_count", told ? Double(state.eliteCount) : .nan,
                description: "number of elites the distribution was fitted to"),
            .scalar("noise", state.lastNoise ?? .nan, description: "noise added by the update, as a fraction of each width"),
            .scalar(
                "best_fitness", told ? (finite.max() ?? .nan) : .nan,
                description: "best finite fitness of the batch"),
            .scalar(
                "mean_fitness", finite.isEmpty ? .nan : Statistics.mean(finite),
                description: "mean of the batch's finite fitness values"),
        ]
        return arrays
    }
}
