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

    /// The minimizer of the quadratic model (``quadraticModelWithBox()``) in the search box (the
    /// frame |sᵢ| ≤ 1, or with `model_search_box` `training_set` the bounding box of the model's
    /// points as NOMAD 4 does) ∩ bounds, projected on the mesh and snapped to the bounds; nil without
    /// a model, when the model predicts no decrease, or when the point rounds to the centre.
    func modelPoint() -> [Double]? {
        guard let (model, boxLower, boxUpper) = quadraticModelWithBox() else { return nil }
        let n = space.count, c = state.centre, frame = state.mesh.frameSizes
        let training = configuration.modelSearchBox == .trainingSet
        let lo = (0..<n).map { Swift.max(training ? Swift.min(boxLower[$0], -1) : -1, (lower[$0] - c[$0]) / frame[$0]) }
        let hi = (0..<n).map { Swift.min(training ? Swift.max(boxUpper[$0], 1) : 1, (upper[$0] - c[$0]) / frame[$0]) }
        let z = model.minimize(lower: lo, upper: hi)
        guard model.value(z) < model.constant else { return nil }
        let target = (0..<n).map { c[$0] + z[$0] * frame[$0] }
        let x = snap(state.mesh.project(target, centre: c))
        return x == c ? nil : x
    }
}
