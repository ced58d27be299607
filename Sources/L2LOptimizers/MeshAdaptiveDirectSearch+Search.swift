import Foundation
import L2LNumerics

// Search step (NOMAD 4 `src/Algos/Mads/Search.cpp`, `SpeculativeSearchMethod.cpp`,
// `QuadModelSearchMethod.cpp`): trial points with no role in convergence, on the mesh.

extension MeshAdaptiveDirectSearch {
    /// The search points of a new MADS iteration, in NOMAD's order (speculative, quad model),
    /// new to the cache and distinct from each other.
    func searchPoints() -> [(point: [Double], step: Int)] {
        var out: [(point: [Double], step: Int)] = []
        var seen = cacheKeys
        let c = state.centre
        if configuration.speculativeSearch, let previous = state.previousCentre {
            let f = configuration.speculativeSearchFactor
            let target = c.indices.map { previous[$0] + f * (c[$0] - previous[$0]) }
            let x = snap(state.mesh.project(target, centre: c))
            if seen.insert(key(x)).inserted { out.append((x, 1)) }
        }
        if configuration.quadraticModelSearch && space.count < 50, let x = modelPoint() {
            if seen.insert(key(x)).inserted { out.append((x, 2)) }
        }
        return out
    }

    /// The minimizer of a quadratic regression model of f around the centre, in the frame.
    ///
    /// Cached points with finite f within `model_radius` frame sizes of x_c (∞-norm per
    /// variable) are scaled to sᵢ = (xᵢ − cᵢ)/Δᵢ; with at least (n+1)(n+2)/2 of them the model is
    /// a full quadratic, with at least 2n+1 a separable one (diagonal Hessian), else there is
    /// none. Coefficients come from a least-squares fit by Householder QR (LAPACK `dgeqrf`); a
    /// rank-deficient R (|Rᵢᵢ| < 10⁻¹⁰ max|Rⱼⱼ|) gives no model. The model is minimized over
    /// |sᵢ| ≤ 1 ∩ bounds by cyclic exact coordinate descent (100 sweeps); the result is projected
    /// on the mesh and snapped to the bounds, and kept only if the model predicts a decrease.
    func modelPoint() -> [Double]? {
        let n = space.count, c = state.centre, frame = state.mesh.frameSizes
        var s: [[Double]] = [], y: [Double] = []
        for (x, v) in zip(state.cachePoints, state.cacheValues) where v.isFinite {
            let scaled = (0..<n).map { (x[$0] - c[$0]) / frame[$0] }
            if scaled.allSatisfy({ abs($0) <= configuration.modelRadius }) {
                s.append(scaled)
                y.append(v)
            }
        }
        let fullCount = (n + 1) * (n + 2) / 2, diagonalCount = 2 * n + 1
        let full = s.count >= fullCount
        guard full || s.count >= diagonalCount else { return nil }
        let p = full ? fullCount : diagonalCount
        func features(_ z: [Double]) -> [Double] {
            var row = [1.0] + z
            for i in 0..<n {
                row.append(0.5 * z[i] * z[i])
                if full { for j in (i + 1)..<n { row.append(z[i] * z[j]) } }
            }
            return row
        }
        let yMin = y.min() ?? 0
        let a = Matrix(s.map(features))
        guard let (q, r) = try? a.qrDecomposition() else { return nil }
        let diag = (0..<p).map { abs(r[$0, $0]) }
        guard let largest = diag.max(), largest > 0, diag.allSatisfy({ $0 >= 1e-10 * largest }) else { return nil }
        var coef = q.multiplied(by: y.map { $0 - yMin }, transposingSelf: true)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var t = coef[i]
            for j in (i + 1)..<p { t -= r[i, j] * coef[j] }
            coef[i] = t / r[i, i]
        }
        guard coef.allSatisfy(\.isFinite) else { return nil }
        // Gradient g and Hessian H at s = 0, in the order `features` wrote them.
        let g = Array(coef[1...n])
        var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var k = n + 1
        for i in 0..<n {
            h[i][i] = coef[k]
            k += 1
            if full {
                for j in (i + 1)..<n {
                    h[i][j] = coef[k]
                    h[j][i] = coef[k]
                    k += 1
                }
            }
        }
        let lo = (0..<n).map { Swift.max(-1, (lower[$0] - c[$0]) / frame[$0]) }
        let hi = (0..<n).map { Swift.min(1, (upper[$0] - c[$0]) / frame[$0]) }
        var z = [Double](repeating: 0, count: n)
        for _ in 0..<100 {
            var moved = 0.0
            for i in 0..<n {
                var rest = g[i]
                for j in 0..<n where j != i { rest += h[i][j] * z[j] }
                let curvature = h[i][i]
                let new: Double
                if curvature > 0 {
                    new = Swift.min(Swift.max(-rest / curvature, lo[i]), hi[i])
                } else {
                    let at = { (t: Double) in rest * t + 0.5 * curvature * t * t }
                    new = at(lo[i]) <= at(hi[i]) ? lo[i] : hi[i]
                }
                moved = Swift.max(moved, abs(new - z[i]))
                z[i] = new
            }
            if moved < 1e-12 { break }
        }
        var predicted = 0.0
        for i in 0..<n {
            predicted += g[i] * z[i]
            for j in 0..<n { predicted += 0.5 * z[i] * h[i][j] * z[j] }
        }
        guard predicted < 0 else { return nil }
        let target = (0..<n).map { c[$0] + z[$0] * frame[$0] }
        let x = snap(state.mesh.project(target, centre: c))
        return x == c ? nil : x
    }
}
