import Foundation
import L2LNumerics

// Search step (NOMAD 4 `src/Algos/Mads/Search.cpp`, `SpeculativeSearchMethod.cpp`,
// `QuadSearchMethod.cpp`): trial points with no role in convergence, on the mesh. As in NOMAD the
// methods run one after the other and the search ends at the first one that improves
// (`Search::runImp`): the speculative point is evaluated alone, and the model is fitted after it.

extension MeshAdaptiveDirectSearch {
    /// The speculative search point x_prev + f·(x_c − x_prev) after a success, projected on the mesh
    /// and snapped to the bounds; nil without a success, when off, or when cached.
    func speculativePoint() -> [Double]? {
        guard configuration.speculativeSearch, let previous = state.previousCentre else { return nil }
        let c = state.centre, f = configuration.speculativeSearchFactor
        let target = c.indices.map { previous[$0] + f * (c[$0] - previous[$0]) }
        let x = snap(state.mesh.project(target, centre: c))
        return cacheKeys.contains(key(x)) ? nil : x
    }

    /// The quad-model search point (``modelPoint()``) when the search is on, n < 50 and the point is new.
    func modelSearchPoint() -> [Double]? {
        guard configuration.quadraticModelSearch && space.count < 50, let x = modelPoint() else { return nil }
        return cacheKeys.contains(key(x)) ? nil : x
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
