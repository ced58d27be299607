import Foundation
import L2LNumerics

// The quadratic model of f on the cache that NOMAD 4 uses three times per iteration: the
// quad-model search (`QUAD_MODEL_SEARCH`, `src/Algos/QuadModel/`), the (n+1)-th poll direction of
// `ORTHO N+1 QUAD` (Audet, Ianni, Le Digabel & Tribes 2014, "Reducing the number of function
// evaluations in mesh adaptive direct search algorithms", *SIAM J. Optim.* 24:621,
// doi:10.1137/120895056) and the ordering of trial points (`EVAL_QUEUE_SORT QUADRATIC_MODEL`).

extension MeshAdaptiveDirectSearch {
    /// m(s) = m₀ + gᵀs + ½ sᵀHs in frame units sᵢ = (xᵢ − cᵢ)/Δᵢ around the poll centre c.
    public struct QuadraticModel: Sendable, Equatable {
        public var constant: Double
        public var gradient: [Double]
        /// Symmetric n × n.
        public var hessian: [[Double]]

        public init(constant: Double, gradient: [Double], hessian: [[Double]]) {
            self.constant = constant
            self.gradient = gradient
            self.hessian = hessian
        }

        /// m(s).
        public func value(_ s: [Double]) -> Double {
            var v = constant
            for i in s.indices {
                var hs = 0.0
                for j in s.indices { hs += hessian[i][j] * s[j] }
                v += gradient[i] * s[i] + 0.5 * s[i] * hs
            }
            return v
        }

        /// A minimizer of m over the box [lower, upper] (containing 0): the Newton point when H is
        /// positive definite and it lies in the box, else the best of cyclic exact coordinate descents
        /// (``descend(from:lower:upper:)``) from s = 0 and from the clamped Newton point, or, when H is
        /// indefinite, from the two points where the eigenvector of the most negative eigenvalue leaves
        /// the box — the global minimizer when H is positive definite, the best of up to three local
        /// ones otherwise.
        /// - Complexity: O(n³ + 300 n²).
        public func minimize(lower: [Double], upper: [Double]) -> [Double] {
            let n = gradient.count
            var starts = [[Double](repeating: 0, count: n)]
            // Positive definite H: the Newton point −H⁻¹g when it lies in the box (coordinate
            // descent alone crawls along an ill-conditioned valley), else descent from its clamp.
            if let newton = try? Matrix(hessian).positiveDefiniteSolution(for: gradient.map { -$0 }),
                newton.allSatisfy(\.isFinite)
            {
                let clamped = newton.indices.map { Swift.min(Swift.max(newton[$0], lower[$0]), upper[$0]) }
                if clamped == newton { return newton }
                starts.append(clamped)
            } else if let eigen = try? Matrix(hessian).symmetricEigendecomposition(), let least = eigen.values.first,
                least < 0
            {
                // Indefinite H: also descend from the two points where the direction of most negative
                // curvature leaves the box, so a far minimizer in the box is found as well as the one
                // nearest the centre (NOMAD minimizes the model with a sub-MADS over the whole box).
                let v = (0..<n).map { eigen.vectors[$0, 0] }
                for sign in [1.0, -1.0] {
                    var t = Double.infinity
                    for i in 0..<n where v[i] != 0 {
                        t = Swift.min(t, sign * v[i] > 0 ? upper[i] / (sign * v[i]) : lower[i] / (sign * v[i]))
                    }
                    if t.isFinite && t > 0 { starts.append(v.map { sign * t * $0 }) }
                }
            }
            var best = starts[0], bestValue = Double.infinity
            for start in starts {
                let z = descend(from: start, lower: lower, upper: upper)
                let v = value(z)
                if v < bestValue {
                    best = z
                    bestValue = v
                }
            }
            return best
        }

        /// Cyclic exact coordinate descent on m in the box from `start` (at most 100 sweeps).
        func descend(from start: [Double], lower: [Double], upper: [Double]) -> [Double] {
            let n = gradient.count
            var z = start
            for _ in 0..<100 {
                var moved = 0.0
                for i in 0..<n {
                    var rest = gradient[i]
                    for j in 0..<n where j != i { rest += hessian[i][j] * z[j] }
                    let curvature = hessian[i][i]
                    let new: Double
                    if curvature > 0 {
                        new = Swift.min(Swift.max(-rest / curvature, lower[i]), upper[i])
                    } else {
                        let at = { (t: Double) in rest * t + 0.5 * curvature * t * t }
                        new = at(lower[i]) <= at(upper[i]) ? lower[i] : upper[i]
                    }
                    moved = Swift.max(moved, abs(new - z[i]))
                    z[i] = new
                }
                if moved < 1e-12 { break }
            }
            return z
        }

        /// The regression quadratic of (sₖ, yₖ), or nil with fewer than n + 1 affinely
        /// independent points.
        ///
        /// The (n+1)(n+2)/2 coefficients minimize Σₖ (m(sₖ) − yₖ)² + λ‖quadratic coefficients‖²
        /// with y scaled to [0, 1] and λ = `ridge`: plain least squares once there are enough
        /// points, and close to the minimum-Frobenius-norm model (NOMAD 3's MFN interpolation)
        /// with fewer. `separable` fits a diagonal Hessian only (2n + 1 coefficients). Solved by
        /// Householder QR of the ridge-augmented system (LAPACK `dgeqrf`).
        /// - Complexity: O(p q²) for p points and q = (n+1)(n+2)/2 coefficients.
        public static func fit(
            points s: [[Double]], values y: [Double], ridge: Double = 1e-8, separable: Bool = false
        ) -> QuadraticModel? {
            guard let n = s.first?.count, s.count >= n + 1, s.count == y.count else { return nil }
            let q = separable ? 2 * n + 1 : (n + 1) * (n + 2) / 2
            guard let yMin = y.min(), let yMax = y.max() else { return nil }
            let scale = yMax > yMin ? yMax - yMin : 1
            var rows: [[Double]] = [], target: [Double] = []
            for (z, v) in zip(s, y) {
                var row = [1.0] + z
                for i in 0..<n {
                    row.append(0.5 * z[i] * z[i])
                    if !separable { for j in (i + 1)..<n { row.append(z[i] * z[j]) } }
                }
                rows.append(row)
                target.append((v - yMin) / scale)
            }
            let root = ridge.squareRoot()
            for k in (n + 1)..<q {
                var row = [Double](repeating: 0, count: q)
                row[k] = root
                rows.append(row)
                target.append(0)
            }
            guard let (qMatrix, r) = try? Matrix(rows).qrDecomposition() else { return nil }
            let diagonal = (0..<q).map { abs(r[$0, $0]) }
            guard let largest = diagonal.prefix(n + 1).max(), largest > 0,
                diagonal.prefix(n + 1).allSatisfy({ $0 >= 1e-10 * largest })
            else { return nil }
            var coefficients = qMatrix.multiplied(by: target, transposingSelf: true)
            for i in stride(from: q - 1, through: 0, by: -1) {
                var t = coefficients[i]
                for j in (i + 1)..<q { t -= r[i, j] * coefficients[j] }
                coefficients[i] = t / r[i, i]
            }
            guard coefficients.allSatisfy(\.isFinite) else { return nil }
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            var k = n + 1
            for i in 0..<n {
                hessian[i][i] = coefficients[k] * scale
                k += 1
                for j in (i + 1)..<n where !separable {
                    hessian[i][j] = coefficients[k] * scale
                    hessian[j][i] = hessian[i][j]
                    k += 1
                }
            }
            return QuadraticModel(
                constant: coefficients[0] * scale + yMin, gradient: coefficients[1...n].map { $0 * scale },
                hessian: hessian)
        }
    }

    /// sᵢ = (xᵢ − cᵢ)/Δᵢ for the current centre and frame.
    func frameCoordinates(_ x: [Double]) -> [Double] {
        let c = state.centre
        return x.indices.map { (x[$0] - c[$0]) / state.mesh.frameSize($0) }
    }

    /// At most this many cached points train a model: the ones closest to the poll centre
    /// (NOMAD 4's `SGTELIB_MAX_POINTS_FOR_MODEL` default). Without a cap a run that restarts fits
    /// its models on thousands of points (issue 19: a 20-D run with 10,500 evaluations took 250 s).
    public static let modelMaximumPoints = 500

    /// The model's training set, as NOMAD 4's quad-model search selects it (`QuadModelUpdate::runImp`):
    /// cached points with finite f within `model_radius` frame sizes of the centre (∞-norm per
    /// variable); while there are fewer than (n+1)(n+2)/2 of them (a fully determined quadratic) and
    /// the cache holds that many, the radius doubles, at most 20 times (with fewer in the cache the
    /// target is n + 1); then the ``modelMaximumPoints`` closest to the centre (Euclidean, in frame
    /// units). Points in frame coordinates sᵢ = (xᵢ − cᵢ)/Δᵢ.
    func modelTrainingSet() -> (points: [[Double]], values: [Double]) {
        let n = space.count
        var all: [(s: [Double], radius: Double, v: Double)] = []
        all.reserveCapacity(state.cachePoints.count)
        for (x, v) in zip(state.cachePoints, state.cacheValues) where v.isFinite {
            let z = frameCoordinates(x)
            all.append((z, z.reduce(0) { Swift.max($0, abs($1)) }, v))
        }
        let full = (n + 1) * (n + 2) / 2
        let target = all.count >= full ? full : n + 1
        var radius = configuration.modelRadius
        var inside = all.filter { $0.radius <= radius }
        if all.count >= target {
            var doublings = 0
            while inside.count < target && doublings < 20 {
                radius *= 2
                doublings += 1
                inside = all.filter { $0.radius <= radius }
            }
        }
        if inside.count > Self.modelMaximumPoints {
            let distance = inside.map { $0.s.reduce(0) { $0 + $1 * $1 } }
            let order = inside.indices.sorted { a, b in distance[a] != distance[b] ? distance[a] < distance[b] : a < b }
            inside = order.prefix(Self.modelMaximumPoints).map { inside[$0] }
        }
        return (inside.map(\.s), inside.map(\.v))
    }

    /// The quadratic model around the poll centre on ``modelTrainingSet()``, nil when there are too
    /// few points (fewer than `model_minimum_points` × (n + 1), or n + 1 affinely independent ones),
    /// or when n ≥ 50 (NOMAD's `bigDim`). Above n = 20 the Hessian is diagonal until there are
    /// (n+1)(n+2)/2 points. Also returns the bounding box of those points in frame units
    /// (NOMAD's quad-model search optimizes in the box of its training set).
    func quadraticModelWithBox() -> (model: QuadraticModel, lower: [Double], upper: [Double])? {
        let n = space.count
        guard n < 50 else { return nil }
        let (s, y) = modelTrainingSet()
        var lo = [Double](repeating: 0, count: n), hi = [Double](repeating: 0, count: n)
        for z in s {
            for i in 0..<n {
                lo[i] = Swift.min(lo[i], z[i])
                hi[i] = Swift.max(hi[i], z[i])
            }
        }
        // A full model costs O(p q²) with q = (n+1)(n+2)/2 (1,275 coefficients at n = 49, an ENOMAD
        // call): above n = 20 it is fitted only once there are q points, else a separable one.
        let separable = n > 20 && s.count < (n + 1) * (n + 2) / 2
        guard Double(s.count) >= configuration.modelMinimumPoints * Double(n + 1),
            let model = QuadraticModel.fit(points: s, values: y, separable: separable)
        else { return nil }
        return (model, lo, hi)
    }

    /// ``quadraticModelWithBox()`` without the box.
    func quadraticModel() -> QuadraticModel? { quadraticModelWithBox()?.model }

    /// Trial points sorted by increasing model value (`EVAL_QUEUE_SORT QUADRATIC_MODEL`), ties in
    /// their given order; unchanged without a model.
    func sortedByModel(_ points: [[Double]], model: QuadraticModel?) -> [[Double]] {
        guard let model, points.count > 1 else { return points }
        let values = points.map { model.value(frameCoordinates($0)) }
        guard values.allSatisfy(\.isFinite) else { return points }
        let order = points.indices.sorted { a, b in values[a] != values[b] ? values[a] < values[b] : a < b }
        return order.map { points[$0] }
    }
}
