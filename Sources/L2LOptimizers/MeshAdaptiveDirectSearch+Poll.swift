import Foundation
import L2LNumerics

// OrthoMADS poll (Abramson, Audet, Dennis & Le Digabel 2009; NOMAD 4
// `src/Algos/Mads/Ortho2NPollMethod.cpp`, `OrthoNPlus1PollMethod.cpp`, `PollMethodBase.cpp`).

extension MeshAdaptiveDirectSearch {
    /// Unit poll directions: the Householder matrix H = I − 2uuᵀ of a random unit vector u
    /// (n Gaussian draws, normalized; NOMAD `Direction::computeDirOnUnitSphere`), whose columns
    /// are orthonormal; `ortho_2n` gives ±Hⱼ, `ortho_n_plus_1` gives sⱼHⱼ and −Σ sⱼHⱼ.
    mutating func pollDirections() -> [[Double]] {
        let n = space.count
        var u = (0..<n).map { _ in state.random.nextGaussian() }
        let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { u = u.map { $0 / norm } } else { u = (0..<n).map { $0 == 0 ? 1 : 0 } }
        let columns = (0..<n).map { j in (0..<n).map { i in (i == j ? 1 : 0) - 2 * u[i] * u[j] } }
        switch configuration.directionType {
        case .ortho2N:
            return columns + columns.map { $0.map { -$0 } }
        case .orthoNPlus1:
            var signed: [[Double]] = []
            for h in columns {
                let sign: Double
                if let last = state.lastDirection {
                    sign = zip(h, last).reduce(0) { $0 + $1.0 * $1.1 } >= 0 ? 1 : -1
                } else {
                    sign = state.random.nextUniform() < 0.5 ? 1 : -1
                }
                signed.append(h.map { sign * $0 })
            }
            let negativeSum = (0..<n).map { i in -signed.reduce(0) { $0 + $1[i] } }
            return signed + [negativeSum]
        }
    }

    /// Poll points x_c + δ∘round(ρ∘d/‖d‖∞), snapped to the bounds, without duplicates or
    /// cached points, ordered by decreasing cosine with the last successful direction
    /// (NOMAD `EVAL_QUEUE_SORT DIR_LAST_SUCCESS`; generation order before any success).
    mutating func pollPoints() -> [[Double]] {
        let centre = state.centre
        var seen = cacheKeys
        var points: [[Double]] = []
        for d in pollDirections() {
            let step = state.mesh.scaleAndProject(d)
            let x = snap(zip(centre, step).map { $0 + $1 })
            if seen.insert(key(x)).inserted { points.append(x) }
        }
        guard let last = state.lastDirection else { return points }
        let lastNorm = last.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard lastNorm > 0 else { return points }
        let cosines = points.map { x -> Double in
            var dot = 0.0, norm = 0.0
            for i in x.indices {
                let v = x[i] - centre[i]
                dot += v * last[i]
                norm += v * v
            }
            return norm > 0 ? dot / (norm.squareRoot() * lastNorm) : -2
        }
        let order = points.indices.sorted { a, b in cosines[a] != cosines[b] ? cosines[a] > cosines[b] : a < b }
        return order.map { points[$0] }
    }
}
