import Foundation
import L2LNumerics

// OrthoMADS poll (Abramson, Audet, Dennis & Le Digabel 2009; NOMAD 4
// `src/Algos/Mads/Ortho2NPollMethod.cpp`, `OrthoNPlus1PollMethod.cpp`, `PollMethodBase.cpp`;
// the n+1 reduction of Audet, Ianni, Le Digabel & Tribes 2014, SIAM J. Optim. 24:621).

extension MeshAdaptiveDirectSearch {
    /// The columns of the Householder matrix H = I − 2uuᵀ of a random unit vector u (n Gaussian
    /// draws, normalized; NOMAD `Direction::computeDirOnUnitSphere`): n orthonormal directions.
    mutating func householderColumns() -> [[Double]] {
        let n = space.count
        var u = (0..<n).map { _ in state.random.nextGaussian() }
        let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { u = u.map { $0 / norm } } else { u = (0..<n).map { $0 == 0 ? 1 : 0 } }
        return (0..<n).map { j in (0..<n).map { i in (i == j ? 1 : 0) - 2 * u[i] * u[j] } }
    }

    /// The n signed columns sⱼHⱼ of the N+1 methods: each sign puts Hⱼ at an acute angle with the
    /// target direction w (in frame units) — the model's descent direction −g when there is a
    /// model, else the last successful direction — and is random without either.
    mutating func reducedDirections(_ columns: [[Double]], model: QuadraticModel?) -> [[Double]] {
        var target: [Double]? = model.map { $0.gradient.map { -$0 } }
        if target == nil, let last = state.lastDirection {
            target = last.indices.map { last[$0] / state.mesh.frameSize($0) }
        }
        if let t = target, !t.contains(where: { $0 != 0 }) { target = nil }
        return columns.map { h in
            let sign: Double
            if let t = target {
                sign = zip(h, t).reduce(0) { $0 + $1.0 * $1.1 } >= 0 ? 1 : -1
            } else {
                sign = state.random.nextUniform() < 0.5 ? 1 : -1
            }
            return h.map { sign * $0 }
        }
    }

    /// The poll point of direction d: x_c + δ∘round(ρ∘d/‖d‖∞), snapped to the bounds.
    func pollPoint(_ d: [Double]) -> [Double] {
        let step = state.mesh.scaleAndProject(d)
        return snap(zip(state.centre, step).map { $0 + $1 })
    }

    /// The first poll pass: the points of ±Hⱼ (`ortho_2n`), of sⱼHⱼ and −Σ sⱼHⱼ (`ortho_n_plus_1`),
    /// or of sⱼHⱼ alone (`ortho_n_plus_1_quad`, which keeps them in `state.pollCone` for the second
    /// pass), without duplicates or cached points. Ordered by `eval_queue_sort`: by the quadratic
    /// model's value (``sortedByModel(_:model:)``; the last-success order without a model), or by
    /// decreasing cosine with the last successful direction (`dir_last_success`; generation order
    /// before any success).
    mutating func pollPoints() -> [[Double]] {
        let useModel = configuration.evalQueueSort == .quadraticModel || configuration.directionType == .orthoNPlus1Quad
        let model = useModel ? quadraticModel() : nil
        let columns = householderColumns()
        let directions: [[Double]]
        state.pollCone = []
        switch configuration.directionType {
        case .ortho2N:
            directions = columns + columns.map { $0.map { -$0 } }
        case .orthoNPlus1:
            let signed = reducedDirections(columns, model: nil)
            directions = signed + [columns[0].indices.map { i in -signed.reduce(0) { $0 + $1[i] } }]
        case .orthoNPlus1Quad:
            directions = reducedDirections(columns, model: model)
            state.pollCone = directions
        }
        var seen = cacheKeys
        var points: [[Double]] = []
        for d in directions {
            let x = pollPoint(d)
            if seen.insert(key(x)).inserted { points.append(x) }
        }
        if configuration.evalQueueSort == .quadraticModel, model != nil {
            return sortedByModel(points, model: model)
        }
        return sortedByLastSuccess(points)
    }

    /// The second pass of `ortho_n_plus_1_quad` after the n points of `state.pollCone` failed: the
    /// direction v = −Σ λⱼdⱼ, λ ∈ [0, 1]ⁿ, minimizing the quadratic model (refitted with the first
    /// pass's points) at x_c + v in frame units, i.e. in the cone of the negated directions; the
    /// negative sum −Σ dⱼ (`ortho_n_plus_1`'s last direction) when there is no model, when the
    /// model's choice is λ = 0, or when its point is the centre or cached. Its point is
    /// x_c + δ∘round(ρ∘v/‖v‖∞), snapped; nil when that too is cached.
    func coneCompletionPoint() -> [Double]? {
        let cone = state.pollCone, n = space.count
        guard !cone.isEmpty else { return nil }
        let negativeSum = (0..<n).map { i in -cone.reduce(0) { $0 + $1[i] } }
        var candidates: [[Double]] = []
        if let model = quadraticModel() {
            // m(−Dλ) = m₀ − (Dᵀg)ᵀλ + ½ λᵀ(DᵀHD)λ with D = [d₁ … dₙ].
            let dg = cone.map { d in -zip(d, model.gradient).reduce(0) { $0 + $1.0 * $1.1 } }
            let hd = cone.map { d in (0..<n).map { i in (0..<n).reduce(0) { $0 + model.hessian[i][$1] * d[$1] } } }
            let dhd = cone.map { a in hd.map { b in zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } } }
            let reduced = QuadraticModel(constant: model.constant, gradient: dg, hessian: dhd)
            let lambda = reduced.minimize(
                lower: [Double](repeating: 0, count: n), upper: [Double](repeating: 1, count: n))
            let v = (0..<n).map { i in -zip(cone, lambda).reduce(0) { $0 + $1.0[i] * $1.1 } }
            if v.contains(where: { abs($0) > 1e-12 }) { candidates.append(v) }
        }
        candidates.append(negativeSum)
        for v in candidates {
            let x = pollPoint(v)
            if x != state.centre && !cacheKeys.contains(key(x)) { return x }
        }
        return nil
    }

    /// Points ordered by decreasing cosine of x − x_c with the last successful direction (NOMAD
    /// `EVAL_QUEUE_SORT DIR_LAST_SUCCESS`); unchanged before any success.
    func sortedByLastSuccess(_ points: [[Double]]) -> [[Double]] {
        let centre = state.centre
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
