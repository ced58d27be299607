import Foundation
import L2LNumerics

// Nelder–Mead search (NOMAD 4 `NM_SEARCH`, `src/Algos/NelderMead/`; Audet & Tribes 2018,
// "Mesh-based Nelder–Mead algorithm for inequality constrained optimization", *Comput. Optim.
// Appl.* 71:331, doi:10.1007/s10589-018-0004-1): a few Nelder–Mead iterations on a simplex of
// cached points around the poll centre, with trial points on the mesh, no shrink.

extension MeshAdaptiveDirectSearch {
    /// The Nelder–Mead step whose trial point is pending.
    public enum NelderMeadStep: String, Codable, Sendable {
        case reflect, expand
        case outsideContraction = "outside_contraction"
        case insideContraction = "inside_contraction"
    }

    /// A Nelder–Mead search in progress.
    public struct NelderMeadState: Codable, Sendable, Equatable {
        /// n + 1 vertices, sorted by increasing f at the start of each NM iteration.
        public var simplex: [[Double]]
        public var values: [Double]
        public var step: NelderMeadStep
        /// The pending trial point (on the mesh, in the bounds).
        public var trial: [Double]
        /// The reflected point and its f, once evaluated in this NM iteration.
        public var reflected: [Double]
        public var reflectedValue: Double
        /// Trial points generated so far (`NM_SEARCH_MAX_TRIAL_PTS_NFACTOR` × n at most).
        public var trials: Int
        /// NM iterations in a row that found no new best vertex.
        public var stall: Int
        /// A shrink would be needed, or `nm_search_patience` iterations stalled: the search is over.
        public var done: Bool
        /// Best trial point evaluated by this search and its f.
        public var best: [Double]
        public var bestValue: Double
    }

    /// The initial simplex (`NMInitializeSimplex`): cached points with finite f within
    /// `nm_simplex_include_factor` frame sizes of the centre (∞-norm per variable), taken by
    /// increasing f while each new edge, in frame units, keeps more than 1 % of its length
    /// outside the span of the previous edges (`NM_SEARCH_RANK_EPS` 0.01); nil without n + 1 of them.
    /// (NOMAD's test here is absolute, as in ``isNelderMeadSimplex(_:values:)``; tried in issue 19
    /// round 4, it solved no more runs on the tuning and seen-once sets.)
    func initialSimplex() -> (points: [[Double]], values: [Double])? {
        let n = space.count
        var candidates: [(s: [Double], x: [Double], f: Double)] = []
        for (x, v) in zip(state.cachePoints, state.cacheValues) where v.isFinite {
            let z = frameCoordinates(x)
            if z.allSatisfy({ abs($0) <= configuration.nmSimplexIncludeFactor }) { candidates.append((z, x, v)) }
        }
        guard candidates.count > n else { return nil }
        candidates.sort { $0.f < $1.f }
        let origin = candidates[0].s
        var basis: [[Double]] = [], points = [candidates[0].x], values = [candidates[0].f]
        for c in candidates.dropFirst() where points.count <= n {
            var r = zip(c.s, origin).map { $0 - $1 }
            let length = r.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard length > 0 else { continue }
            for q in basis {
                let dot = zip(r, q).reduce(0) { $0 + $1.0 * $1.1 }
                r = zip(r, q).map { $0 - dot * $1 }
            }
            let rest = r.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard rest > 0.01 * length else { continue }
            basis.append(r.map { $0 / rest })
            points.append(c.x)
            values.append(c.f)
        }
        return points.count == n + 1 ? (points, values) : nil
    }

    /// NOMAD's rank test on a simplex after an insertion (`NMReflective::insertInY`,
    /// `NMIterationUtils::getRankDZ`): the n edges yᵢ − y₀ from the best vertex y₀, in frame units
    /// (xᵢ/Δᵢ), must have n singular values above ``nelderMeadRankTolerance`` (`NM_SEARCH_RANK_EPS`).
    /// When an insertion fails it, NOMAD's NM search stops as it does before a shrink; without the
    /// test a collapsing simplex went on for up to 80·n trial points (issue 19).
    func isNelderMeadSimplex(_ simplex: [[Double]], values: [Double]) -> Bool {
        let n = space.count
        guard simplex.count == n + 1, let best = values.indices.min(by: { values[$0] < values[$1] }) else { return false }
        let frame = state.mesh.frameSizes
        let edges = simplex.indices.filter { $0 != best }.map { k in
            (0..<n).map { (simplex[k][$0] - simplex[best][$0]) / frame[$0] }
        }
        // Singular values of the edge matrix E: square roots of the eigenvalues of E·Eᵀ.
        let gram = edges.map { a in edges.map { b in zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } } }
        guard gram.allSatisfy({ $0.allSatisfy(\.isFinite) }),
            let eigen = try? Matrix(gram).symmetricEigendecomposition()
        else { return false }
        let tolerance = Self.nelderMeadRankTolerance
        return eigen.values.allSatisfy { $0 > tolerance * tolerance }
    }

    /// `NM_SEARCH_RANK_EPS` (NOMAD 4 default 0.01): the smallest singular value, in frame units,
    /// that counts toward the rank of the NM simplex's edges.
    public static let nelderMeadRankTolerance = 0.01

    /// x on the mesh through the centre, snapped to the bounds.
    func meshPoint(_ x: [Double]) -> [Double] { snap(state.mesh.project(x, centre: state.centre)) }

    /// Starts an NM iteration on `nm`'s simplex: sorts it and sets the reflection as the trial.
    func beginNelderMeadIteration(_ nm: inout NelderMeadState) {
        let order = nm.values.indices.sorted { nm.values[$0] != nm.values[$1] ? nm.values[$0] < nm.values[$1] : $0 < $1 }
        nm.simplex = order.map { nm.simplex[$0] }
        nm.values = order.map { nm.values[$0] }
        nm.step = .reflect
        nm.reflected = []
        nm.trial = nelderMeadPoint(nm, coefficient: 1)
    }

    /// x_c + t·(x_c − x_worst), x_c the centroid of all vertices but the worst, on the mesh.
    func nelderMeadPoint(_ nm: NelderMeadState, coefficient t: Double) -> [Double] {
        let n = space.count, worst = nm.simplex[n]
        let centroid = (0..<n).map { i in nm.simplex.prefix(n).reduce(0) { $0 + $1[i] } / Double(n) }
        return meshPoint((0..<n).map { centroid[$0] + t * (centroid[$0] - worst[$0]) })
    }

    /// The next NM trial point to evaluate, resolving cached ones from the cache; nil when the
    /// search is over (a shrink would be needed, the trial budget is used, or a trial repeats a
    /// vertex). Starts the search on the first call.
    mutating func nextNelderMeadPoint() -> [Double]? {
        if state.nelderMead == nil {
            guard let (points, values) = initialSimplex() else { return nil }
            var nm = NelderMeadState(
                simplex: points, values: values, step: .reflect, trial: [], reflected: [], reflectedValue: .infinity,
                trials: 0, stall: 0, done: false, best: [], bestValue: .infinity)
            beginNelderMeadIteration(&nm)
            state.nelderMead = nm
        }
        let limit = configuration.nmSearchFactor * space.count
        while var nm = state.nelderMead, !nm.done, nm.trials < limit {
            let trialKey = key(nm.trial)
            if nm.simplex.contains(where: { key($0) == trialKey }) { return nil }
            nm.trials += 1
            state.nelderMead = nm
            guard cacheKeys.contains(trialKey) else { return nm.trial }
            let value = state.cachePoints.indices.last { key(state.cachePoints[$0]) == trialKey }
                .map { state.cacheValues[$0] } ?? .infinity
            advanceNelderMead(value)
        }
        return nil
    }

    /// Applies f(trial) (Nelder & Mead 1965 with NOMAD's coefficients: reflection 1, expansion 2
    /// (`NM_DELTA_E`), outside contraction 0.5 (`NM_DELTA_OC`), inside contraction −0.5 (`NM_DELTA_IC`)).
    mutating func advanceNelderMead(_ value: Double) {
        guard var nm = state.nelderMead else { return }
        let n = space.count
        if value < nm.bestValue && nm.trial != state.centre {
            nm.best = nm.trial
            nm.bestValue = value
        }
        func replaceWorst(_ x: [Double], _ v: Double) {
            nm.stall = v < nm.values[0] ? 0 : nm.stall + 1
            nm.simplex[n] = x
            nm.values[n] = v
            if configuration.nmSearchPatience > 0 && nm.stall >= configuration.nmSearchPatience {
                nm.done = true
            } else if !isNelderMeadSimplex(nm.simplex, values: nm.values) {
                nm.done = true
            } else {
                beginNelderMeadIteration(&nm)
            }
        }
        switch nm.step {
        case .reflect:
            nm.reflected = nm.trial
            nm.reflectedValue = value
            if value < nm.values[0] {
                nm.step = .expand
                nm.trial = nelderMeadPoint(nm, coefficient: 2)
            } else if value < nm.values[n - 1] {
                replaceWorst(nm.trial, value)
            } else if value < nm.values[n] {
                nm.step = .outsideContraction
                nm.trial = nelderMeadPoint(nm, coefficient: 0.5)
            } else {
                nm.step = .insideContraction
                nm.trial = nelderMeadPoint(nm, coefficient: -0.5)
            }
        case .expand:
            if value < nm.reflectedValue { replaceWorst(nm.trial, value) } else { replaceWorst(nm.reflected, nm.reflectedValue) }
        case .outsideContraction:
            // NOMAD's `insertInYBest(x_r, x_oc)`: the better of the two replaces the worst vertex
            // (x_r beats it here), and the search goes on.
            if value <= nm.reflectedValue { replaceWorst(nm.trial, value) } else { replaceWorst(nm.reflected, nm.reflectedValue) }
        case .insideContraction:
            if value < nm.values[n] { replaceWorst(nm.trial, value) } else { nm.done = true }
        }
        state.nelderMead = nm
    }

    /// Ends the NM search: a success at its best point if that beats the centre, else on to the poll.
    mutating func finishNelderMead() {
        let nm = state.nelderMead
        state.nelderMead = nil
        if let nm, nm.bestValue < state.centreValue, !nm.best.isEmpty {
            success(nm.best, value: nm.bestValue, step: 4)
        } else {
            state.phase = .poll
        }
    }
}
