import L2LNumerics

// The analysis step and recording for `EnsembleKalmanFilter`.

extension EnsembleKalmanFilter {
    /// One ensemble Kalman inversion step (ILS 2013 §3 analysis step; Kovachki & Stuart 2019 §2 with step h = 1/γ).
    ///
    /// With n usable members (finite outputs), A_u (n×D rows u_j − ū), A_G (n×K rows G_j − Ḡ):
    /// 1. S = A_Gᵀ A_G/(n − 1) + γ I_K                 (C_GG + Γ, K×K; O(K²n))
    /// 2. X = S⁻¹ R, R_kj = y_k + η_jk − G_jk           (Cholesky solve, dposv; O(K³ + K²n))
    /// 3. W = A_G X/(n − 1)                             (n×n; W_ij = a_G,i · X_j/(n − 1); O(n²K))
    /// 4. u_j ← clamp(u_j + Σ_i W_ij a_u,i)             (Δ = Wᵀ A_u, n×D; O(n²D))
    /// so Δu_j = C_uG X_j without forming C_uG (D×K) or any D×D matrix.
    mutating func update(outputs: [[Double]], targets y: [Double]) {
        let jCount = configuration.ensembleSize, d = space.count, k = y.count
        // Perturbations first, J×K deviates row by row whatever is usable, so the stream advances evenly.
        var eta: [Double] = []
        if configuration.observationNoise > 0 {
            var random = state.random
            eta = (0..<(jCount * k)).map { _ in configuration.observationNoise * random.nextGaussian() }
            state.random = random
        }
        let targetsFinite = y.allSatisfy(\.isFinite)
        let usable = (0..<jCount).filter { targetsFinite && outputs[$0].allSatisfy(\.isFinite) }
        let n = usable.count
        state.excludedMembers = jCount - n
        let rootK = Double(Swift.max(k, 1)).squareRoot()
        state.memberMisfits = (0..<jCount).map { m in
            guard targetsFinite && outputs[m].allSatisfy(\.isFinite) else { return .nan }
            var s = 0.0
            for i in 0..<k { s += (y[i] - outputs[m][i]) * (y[i] - outputs[m][i]) }
            return s.squareRoot() / rootK
        }
        var gBar = [Double](repeating: 0, count: k)
        for m in usable { for i in 0..<k { gBar[i] += outputs[m][i] } }
        for i in 0..<k { gBar[i] /= Double(n) }
        if n > 0 {
            var s = 0.0
            for i in 0..<k { s += (y[i] - gBar[i]) * (y[i] - gBar[i]) }
            state.meanOutputMisfit = s.squareRoot() / rootK
        } else {
            state.meanOutputMisfit = .nan
        }
        guard n >= 2, k > 0 else { return }

        var aG = Matrix(rows: n, columns: k)
        var r = Matrix(rows: k, columns: n)
        for (row, m) in usable.enumerated() {
            for i in 0..<k {
                aG[row, i] = outputs[m][i] - gBar[i]
                r[i, row] = y[i] + (eta.isEmpty ? 0 : eta[m * k + i]) - outputs[m][i]
            }
        }
        let scale = 1 / Double(n - 1)
        // γ > 0 makes S positive definite; only round-off on absurd outputs could fail here.
        guard let x = Self.solveInnovation(aG: aG, residuals: r, gamma: configuration.gamma, scale: scale) else { return }
        let w = aG.multiplied(by: x, scale: scale)   // n×n

        let lower = space.lowerBounds, upper = space.upperBounds
        if n == jCount {
            // Every member usable (the common case): Δ = Wᵀ A_u = Wᵀ(U − 1ūᵀ), so
            // U + Δ = M U with M = I + Wᵀ − (1/n)(Wᵀ1)1ᵀ — one n×n · n×D product, no anomaly matrix.
            var m = Matrix(rows: n, columns: n)
            for j in 0..<n {
                var columnSum = 0.0
                for i in 0..<n { columnSum += w[i, j] }
                for i in 0..<n { m[j, i] = (i == j ? 1 : 0) + w[i, j] - columnSum / Double(n) }
            }
            var updated = Matrix(rows: 0, columns: 0)
            swap(&updated, &spare)   // uniquely referenced: the product writes into it without a copy
            m.multiply(by: state.ensemble, into: &updated)
            updated.withUnsafeMutableBufferPointer { u in
                for row in 0..<n {
                    for i in 0..<d {
                        let v = u[row * d + i]
                        u[row * d + i] = v.isNaN ? (lower[i] + upper[i]) / 2 : Swift.min(Swift.max(v, lower[i]), upper[i])
                    }
                }
            }
            swap(&state.ensemble, &updated)
            spare = updated
            return
        }
        // A_u (n×D) from the usable members.
        let uBar = Self.mean(of: state.ensemble, rows: usable)
        var aU = Matrix(rows: n, columns: d)
        state.ensemble.elements.withUnsafeBufferPointer { u in
            aU.withUnsafeMutableBufferPointer { a in
                for (row, m) in usable.enumerated() {
                    for i in 0..<d { a[row * d + i] = u[m * d + i] - uBar[i] }
                }
            }
        }
        let delta = w.multiplied(by: aU, transposingSelf: true)   // n×D, row j = Σ_i W_ij a_u,i
        delta.elements.withUnsafeBufferPointer { dp in
            state.ensemble.withUnsafeMutableBufferPointer { u in
                for (row, m) in usable.enumerated() {
                    for i in 0..<d {
                        let v = u[m * d + i] + dp[row * d + i]
                        u[m * d + i] = v.isNaN ? (lower[i] + upper[i]) / 2 : Swift.min(Swift.max(v, lower[i]), upper[i])
                    }
                }
            }
        }
    }

    /// X = S⁻¹ R with S = A_Gᵀ A_G/(n − 1) + γ I_K (K×K), R the K×n residuals.
    ///
    /// With fewer members than outputs (n < K, the usual case: 100 members, 10 classes × 64
    /// samples) the Woodbury identity replaces the K×K solve by an n×n one:
    /// S⁻¹ R = (R − A_Gᵀ (γ(n − 1) I_n + A_G A_Gᵀ)⁻¹ A_G R) / γ, costing O(n²K + n³) instead of
    /// O(K³ + K²n). Both forms are exact; which one runs depends only on n and K, so results are
    /// deterministic.
    static func solveInnovation(aG: Matrix, residuals r: Matrix, gamma: Double, scale: Double) -> Matrix? {
        let n = aG.rows, k = aG.columns
        if n >= k {
            var s = aG.multiplied(by: aG, transposingSelf: true, scale: scale)
            for i in 0..<k { s[i, i] += gamma }
            return try? s.positiveDefiniteSolution(for: r)
        }
        var small = aG.multiplied(by: aG, transposingOther: true)       // A_G A_Gᵀ, n×n
        for i in 0..<n { small[i, i] += gamma * Double(n - 1) }
        let projected = aG.multiplied(by: r)                               // A_G R, n×n
        guard let y = try? small.positiveDefiniteSolution(for: projected) else { return nil }
        let correction = aG.multiplied(by: y, transposingSelf: true)       // A_Gᵀ Y, K×n
        var x = r
        x.withUnsafeMutableBufferPointer { xp in
            correction.elements.withUnsafeBufferPointer { cp in
                for i in 0..<xp.count { xp[i] = (xp[i] - cp[i]) / gamma }
            }
        }
        return x
    }

    /// Column means of the given rows of a matrix.
    static func mean(of matrix: Matrix, rows: [Int]) -> [Double] {
        let d = matrix.columns
        var mean = [Double](repeating: 0, count: d)
        guard !rows.isEmpty else { return mean }
        matrix.elements.withUnsafeBufferPointer { u in
            for m in rows { for i in 0..<d { mean[i] += u[m * d + i] } }
        }
        for i in 0..<d { mean[i] /= Double(rows.count) }
        return mean
    }

    /// The ensemble anomalies A (D×J, row-major): A_ij = u_j[i] − ū[i], so C = A Aᵀ/(J − 1).
    public var anomalies: Matrix {
        let j = configuration.ensembleSize, d = space.count
        let uBar = Self.mean(of: state.ensemble, rows: Array(0..<j))
        var a = Matrix(rows: d, columns: j)
        state.ensemble.elements.withUnsafeBufferPointer { u in
            a.withUnsafeMutableBufferPointer { ap in
                for m in 0..<j { for i in 0..<d { ap[i * j + m] = u[m * d + i] - uBar[i] } }
            }
        }
        return a
    }
}

// MARK: - Recording

extension EnsembleKalmanFilter {
    /// The ensemble after the last update and the misfits of the batch just told.
    ///
    /// - `mean` (D): ensemble mean ū; `std` (D): per-parameter standard deviation (denominator J − 1);
    ///   `spread`: the mean of `std`.
    /// - `misfit` (J): RMS data misfit ‖y − G(u_j)‖/√K of each evaluated member (NaN if excluded);
    ///   `misfit_mean`: their mean over finite values; `misfit_of_mean_output`: ‖y − Ḡ‖/√K.
    /// - `excluded_members`: members with non-finite outputs left out of the update.
    /// - by `configuration.covariance`: `covariance` (D×D), `covariance_diagonal` (D),
    ///   `anomalies` (D×J, C = A Aᵀ/(J − 1)), or nothing.
    ///
    /// Misfits are NaN before the first tell. The candidates and fitness are recorded by the caller.
    public func snapshot() -> [RecordedArray] {
        let j = configuration.ensembleSize, d = space.count
        let a = anomalies
        var variance = [Double](repeating: 0, count: d)
        a.elements.withUnsafeBufferPointer { ap in
            for i in 0..<d {
                var s = 0.0
                for m in 0..<j { s += ap[i * j + m] * ap[i * j + m] }
                variance[i] = s / Double(j - 1)
            }
        }
        let std = variance.map { $0.squareRoot() }
        let told = !state.memberMisfits.isEmpty
        let misfits = told ? state.memberMisfits : [Double](repeating: .nan, count: j)
        let finite = misfits.filter(\.isFinite)
        var arrays = [
            RecordedArray(
                name: "mean", shape: [d], values: Self.mean(of: state.ensemble, rows: Array(0..<j)), axes: ["parameter"],
                description: "ensemble mean (encoded) after the update"),
            RecordedArray(
                name: "std", shape: [d], values: std, axes: ["parameter"],
                description: "per-parameter ensemble standard deviation (denominator J − 1) after the update"),
            .scalar("spread", Statistics.mean(std), description: "mean over parameters of the ensemble standard deviation"),
            RecordedArray(
                name: "misfit", shape: [j], values: misfits, axes: ["member"],
                description: "RMS data misfit ‖y − G(u_j)‖/√K of each evaluated member (NaN: excluded)"),
            .scalar("misfit_mean", finite.isEmpty ? .nan : Statistics.mean(finite), description: "mean RMS misfit over members"),
            .scalar("misfit_of_mean_output", state.meanOutputMisfit, description: "RMS misfit ‖y − Ḡ‖/√K of the mean output"),
            .scalar(
                "excluded_members", told ? Double(state.excludedMembers) : .nan,
                description: "members with non-finite outputs left out of the update"),
        ]
        switch configuration.covariance {
        case .full:
            let c = a.multiplied(by: a, transposingOther: true, scale: 1 / Double(j - 1))
            arrays.append(
                RecordedArray(
                    name: "covariance", shape: [d, d], values: c.elements, axes: ["parameter", "parameter"],
                    description: "ensemble covariance A Aᵀ/(J − 1) after the update"))
        case .diagonal:
            arrays.append(
                RecordedArray(
                    name: "covariance_diagonal", shape: [d], values: variance, axes: ["parameter"],
                    description: "ensemble variances after the update"))
        case .lowRank:
            arrays.append(
                RecordedArray(
                    name: "anomalies", shape: [d, j], values: a.elements, axes: ["parameter", "member"],
                    description: "ensemble anomalies u_j − ū after the update; covariance = A Aᵀ/(J − 1)"))
        case .none:
            break
        }
        return arrays
    }
}
