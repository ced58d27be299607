import L2LNumerics

/// Mesh adaptive direct search (MADS) as NOMAD 4 runs it: Audet & Dennis 2006, "Mesh adaptive
/// direct search algorithms for constrained optimization", *SIAM J. Optim.* 17:188,
/// doi:10.1137/040603371; OrthoMADS poll directions (Abramson, Audet, Dennis & Le Digabel
/// 2009, *SIAM J. Optim.* 20:948, doi:10.1137/080716980); the granular mesh (Audet, Le Digabel
/// & Tribes 2019, *SIAM J. Optim.* 29:1164); NOMAD 4 (Audet et al. 2022, *ACM TOMS* 48:35,
/// arXiv:2104.11627, `bbopt/nomad` `src/Algos/Mads/`).
///
/// ```swift
/// var mads = try MeshAdaptiveDirectSearch(
///     configuration: .init(), space: .box(count: 2, lower: -5, upper: 5),
///     initialPoint: [-1.2, 1], random: RandomStream(seed: 1))
/// let best = try mads.optimize(iterations: 500) { xs in xs.map { x in -x.reduce(0) { $0 + $1 * $1 } } }
/// ```
///
/// MADS minimizes f = −fitness; a NaN or ±∞ fitness counts as f = +∞ and never becomes the
/// poll centre or the incumbent. One MADS iteration (`MadsIteration`) is:
/// 1. **search** — speculative (x_prev + 4·(x_c − x_prev) after a success), then, if it did not
///    improve, quadratic-model (``QuadraticModel`` on the cached points nearest the centre,
///    minimized in its training box) points, projected on the mesh and snapped to the bounds, one
///    ask each; then, if neither improved, a **Nelder–Mead search** (`nm_search`, one trial point
///    per ask) on a simplex of cached points;
/// 2. **poll** if the search failed — OrthoMADS directions around the poll centre x_c (2N, N+1
///    NEG, or NOMAD's default N+1 QUAD: n directions first, then one chosen by the model in the
///    cone of their negatives), scaled by ρ and rounded on the mesh
///    (``Mesh/scaleAndProject(_:)``), snapped to the bounds, ordered by the model's prediction
///    (`eval_queue_sort`). When `opportunistic`, the poll points are asked `pollBlockSize` at a
///    time and the poll stops at the first block that improves on x_c; otherwise all of them
///    form one ask and the best one wins;
/// 3. **update** — a success moves x_c and enlarges the frame (``Mesh/enlarge(direction:anisotropic:anisotropyFactor:)``),
///    a failure refines it (``Mesh/refine(minimumMeshSize:)``).
///
/// The mesh has converged when every mesh index is below −50 (NOMAD 4's default stop) or every
/// mesh size below `min_mesh_size` (when set). With `restart_on_convergence` and a budget
/// (`max_evaluations`) not used up, MADS then starts again from the best point with the initial
/// frame (an l2l addition; NOMAD stops there and leaves the budget unused); otherwise it stops.
///
/// So a MADS iteration spans one or more ask/tell iterations; the first ask evaluates the
/// start point alone (with `start` `prior`: `initialPoint`, clamped, or the box centre without one;
/// with `center`: the box centre). Every evaluated point is
/// cached (keyed on its coordinates rounded to 2⁻⁵² of each width, far below any mesh size
/// the stop allows), and no cached point is asked again. Once a stop reason holds, `ask`
/// returns an empty batch (tell it `[]`). All randomness (the Householder direction, N+1 signs)
/// comes from `state.random`, so a run is a function of its seed and fitness values.
public struct MeshAdaptiveDirectSearch: Optimizer {
    public static let identifier = "mads"

    /// What the next ask does.
    public enum Phase: String, Codable, Sendable {
        /// Evaluate the start point.
        case start
        /// Start a new MADS iteration with the speculative search.
        case search
        /// The quad-model search (after a speculative search that did not improve, or none).
        case modelSearch = "model_search"
        /// Nelder–Mead search, one trial point per ask (after the search step failed).
        case nelderMead = "nelder_mead"
        /// Poll (generating the poll set first if `pollGenerated` is false).
        case poll
    }

    /// Everything that changes during a run, random stream and cache included.
    public struct State: Codable, Sendable, Equatable {
        public var random: RandomStream
        /// Completed ask/tell iterations.
        public var iteration: Int
        /// Points evaluated so far (cache hits are never asked, so never counted).
        public var evaluations: Int
        /// Completed MADS iterations (search + poll + update).
        public var madsIteration: Int
        public var phase: Phase
        public var mesh: Mesh
        /// Poll (frame) centre x_c.
        public var centre: [Double]
        /// f(x_c) = −fitness, +∞ when not finite.
        public var centreValue: Double
        /// The previous centre when the last MADS iteration succeeded (for the speculative search).
        public var previousCentre: [Double]?
        /// x_new − x_c of the last success (orders the poll, signs the N+1 directions).
        public var lastDirection: [Double]?
        public var pollGenerated: Bool
        /// Poll points not yet asked.
        public var pollQueue: [[Double]]
        /// `ortho_n_plus_1_quad`: the n directions of the first pass, pending the second (empty otherwise).
        public var pollCone: [[Double]]
        /// The Nelder–Mead search of this iteration (nil before it starts and after it ends).
        public var nelderMead: NelderMeadState?
        /// The last batch asked.
        public var candidates: [[Double]]
        /// Step of each candidate: 0 start point, 1 speculative, 2 model, 3 poll, 4 Nelder–Mead.
        public var steps: [Int]
        public var awaitingFitness: Bool
        /// Step that improved at the last tell (0 none).
        public var lastStep: Int
        /// Every evaluated point, in order, with f (+∞ for a non-finite fitness).
        public var cachePoints: [[Double]]
        public var cacheValues: [Double]
        public var incumbent: Incumbent?
        /// `state.evaluations` at the last restart (nil before any; see `restart_on_convergence`).
        public var evaluationsAtRestart: Int?
    }

    public let configuration: Configuration
    public let space: SearchSpace
    public internal(set) var state: State
    let lower: [Double], upper: [Double], widths: [Double]
    /// Absolute minimum mesh size per variable (`min_mesh_size × width`).
    let minimumMeshSize: [Double]
    /// Cache keys of `state.cachePoints` (derived, rebuilt on restore).
    var cacheKeys: Set<[Int64]>

    public init(
        configuration: Configuration, space: SearchSpace, initialPoint: [Double]?, random: RandomStream
    ) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        if let x = initialPoint, x.count != space.count {
            throw .dimensionMismatch(expected: space.count, got: x.count)
        }
        let widths = space.widths
        let frame = widths.map { $0 > 0 ? configuration.initialFrameSize * $0 : 1 }
        self.configuration = configuration
        self.space = space
        (lower, upper, self.widths) = (space.lowerBounds, space.upperBounds, widths)
        minimumMeshSize = widths.map { configuration.minMeshSize * ($0 > 0 ? $0 : 1) }
        cacheKeys = []
        state = State(
            random: random, iteration: 0, evaluations: 0, madsIteration: 0, phase: .start,
            mesh: Mesh(initialFrameSize: frame),
            centre: (configuration.start == .prior ? initialPoint.map(space.clamp) : nil) ?? space.center,
            centreValue: .infinity, previousCentre: nil, lastDirection: nil, pollGenerated: false, pollQueue: [],
            pollCone: [], nelderMead: nil, candidates: [], steps: [], awaitingFitness: false, lastStep: 0, cachePoints: [], cacheValues: [],
            incumbent: nil)
    }

    public init(configuration: Configuration, space: SearchSpace, state: State) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        let d = space.count
        let simplex = state.nelderMead.map { $0.simplex + [$0.trial] } ?? []
        let vectors = [state.centre] + state.cachePoints + state.pollQueue + state.pollCone + simplex + state.candidates
        guard vectors.allSatisfy({ $0.count == d }), state.mesh.mantissa.count == d,
            state.mesh.exponent.count == d, state.mesh.initialExponent.count == d,
            state.cachePoints.count == state.cacheValues.count, state.steps.count == state.candidates.count,
            state.previousCentre.map({ $0.count == d }) ?? true, state.lastDirection.map({ $0.count == d }) ?? true
        else { throw .incompatibleState("mads: vectors must have \(d) coordinates and cache arrays match") }
        self.configuration = configuration
        self.space = space
        (lower, upper, widths) = (space.lowerBounds, space.upperBounds, space.widths)
        minimumMeshSize = widths.map { configuration.minMeshSize * ($0 > 0 ? $0 : 1) }
        self.state = state
        cacheKeys = []
        for x in state.cachePoints { cacheKeys.insert(key(x)) }
    }

    public var iteration: Int { state.iteration }
    public var incumbent: Incumbent? { state.incumbent }

    public mutating func ask() throws(OptimizerError) -> [[Double]] {
        guard !state.awaitingFitness else {
            throw .outOfOrder("mads: ask called twice; tell the fitness of the last ask first")
        }
        var batch: [[Double]] = [], steps: [Int] = []
        while batch.isEmpty && stopReasons.isEmpty {
            if meshConverged && canRestart { restart() }
            switch state.phase {
            case .start:
                batch = [state.centre]
                steps = [0]
            case .search:
                state.nelderMead = nil
                state.pollGenerated = false
                state.pollQueue = []
                state.phase = .modelSearch
                if let x = speculativePoint() {
                    batch = [x]
                    steps = [1]
                }
            case .modelSearch:
                state.phase = configuration.nmSearch ? .nelderMead : .poll
                if let x = modelSearchPoint() {
                    batch = [x]
                    steps = [2]
                }
            case .nelderMead:
                if let x = nextNelderMeadPoint() {
                    batch = [x]
                    steps = [4]
                } else {
                    finishNelderMead()
                }
            case .poll:
                if !state.pollGenerated {
                    state.pollQueue = pollPoints()
                    state.pollGenerated = true
                }
                let fresh = state.pollQueue.filter { !cacheKeys.contains(key($0)) }
                state.pollQueue = fresh
                if state.pollQueue.isEmpty {
                    if !state.pollCone.isEmpty {
                        state.pollQueue = coneCompletionPoint().map { [$0] } ?? []
                        state.pollCone = []
                        if !state.pollQueue.isEmpty { continue }
                    }
                    failure()
                    continue
                }
                let take = configuration.opportunistic ? Swift.min(configuration.pollBlockSize, state.pollQueue.count)
                    : state.pollQueue.count
                batch = Array(state.pollQueue.prefix(take))
                state.pollQueue.removeFirst(take)
                steps = Array(repeating: 3, count: take)
            }
        }
        if configuration.maxEvaluations > 0 {
            let left = Swift.max(0, configuration.maxEvaluations - state.evaluations)
            if batch.count > left {
                batch = Array(batch.prefix(left))
                steps = Array(steps.prefix(left))
            }
        }
        state.candidates = batch
        state.steps = steps
        state.awaitingFitness = true
        return batch
    }

    public mutating func tell(_ fitness: [Double]) throws(OptimizerError) {
        guard state.awaitingFitness else { throw .outOfOrder("mads: tell called without a pending ask") }
        guard fitness.count == state.candidates.count else {
            throw .fitnessCountMismatch(expected: state.candidates.count, got: fitness.count)
        }
        state.awaitingFitness = false
        state.lastStep = 0
        let values = fitness.map { $0.isFinite ? -$0 : Double.infinity }
        for (x, v) in zip(state.candidates, values) {
            state.cachePoints.append(x)
            state.cacheValues.append(v)
            cacheKeys.insert(key(x))
        }
        state.evaluations += values.count
        state.incumbent = Incumbent.updating(state.incumbent, with: state.candidates, fitness: fitness, iteration: state.iteration)
        if state.steps.first == 0 {
            state.centreValue = values[0]
            state.phase = .search
        } else if state.steps.first == 4, let value = values.first {
            advanceNelderMead(value)
            let over = state.nelderMead.map { $0.done || $0.trials >= configuration.nmSearchFactor * space.count } ?? true
            if over || (configuration.nmSearchStopOnSuccess && value < state.centreValue) { finishNelderMead() }
        } else if !values.isEmpty {
            var j = 0
            for i in values.indices where values[i] < values[j] { j = i }
            if values[j] < state.centreValue {
                success(state.candidates[j], value: values[j], step: state.steps[j])
            } else if state.steps[j] == 3 && state.pollQueue.isEmpty && state.pollCone.isEmpty {
                failure()
            }
        }
        state.iteration += 1
    }

    /// Moves the centre to an improving point and enlarges the frame along the move.
    mutating func success(_ x: [Double], value: Double, step: Int) {
        let direction = zip(x, state.centre).map { $0 - $1 }
        state.mesh.enlarge(
            direction: direction, anisotropic: configuration.anisotropicMesh,
            anisotropyFactor: configuration.anisotropyFactor)
        state.previousCentre = state.centre
        state.centre = x
        state.centreValue = value
        state.lastDirection = direction
        state.lastStep = step
        endIteration()
    }

    /// Refines the frame after a failed search and poll.
    mutating func failure() {
        state.mesh.refine(minimumMeshSize: minimumMeshSize)
        state.previousCentre = nil
        endIteration()
    }

    mutating func endIteration() {
        state.phase = .search
        state.pollGenerated = false
        state.pollQueue = []
        state.pollCone = []
        state.nelderMead = nil
        state.madsIteration += 1
    }

    /// Cache key: coordinates rounded to 2⁻⁴⁰ of each width.
    func key(_ x: [Double]) -> [Int64] {
        x.indices.map { i in
            let scale = widths[i] > 0 ? widths[i] : 1
            return Int64((((x[i] - lower[i]) / scale) * 0x1p52).rounded())
        }
    }

    /// Snaps a point to the bounds (`IterationUtils::snapPointToBoundsAndProjectOnMesh`).
    func snap(_ x: [Double]) -> [Double] {
        x.indices.map { Swift.min(Swift.max(x[$0], lower[$0]), upper[$0]) }
    }

    /// The lowest mesh index NOMAD 4 refines to (`GMESH_LIMIT_MIN_MESH_INDEX`, `src/Util/defines.hpp`).
    public static let meshIndexLimit = -50

    /// `.meshIndexBelow` when every mesh index rᵢ (``Mesh/index(_:)``) is below −50, i.e. every frame
    /// has been refined ~50 times more than enlarged (Δᵢ ≈ 10⁻¹⁷ Δᵢ⁰; NOMAD 4's default stop
    /// `MIN_MESH_INDEX_REACHED`, "Mesh minimum precision reached", `GMesh::checkMeshForStopping`);
    /// `.stepSizeBelow` when `min_mesh_size` > 0 and every mesh size δᵢ is below `min_mesh_size × width`
    /// (NOMAD `MIN_MESH_SIZE_REACHED`, no default there); `.evaluationBudgetUsed` when
    /// `max_evaluations` is used up.
    public var stopReasons: [StopReason] {
        var reasons: [StopReason] = []
        if configuration.maxEvaluations > 0 && state.evaluations >= configuration.maxEvaluations {
            reasons.append(.evaluationBudgetUsed(evaluations: configuration.maxEvaluations))
        }
        if meshConverged && !canRestart {
            if configuration.minMeshSize > 0 && belowMinimumMeshSize {
                let largest = widths.indices.filter { widths[$0] > 0 }.map { state.mesh.meshSize($0) / widths[$0] }.max() ?? 0
                reasons.append(
                    .stepSizeBelow(quantity: "max mesh size/width", value: largest, tolerance: configuration.minMeshSize))
            }
            if belowMeshIndexLimit { reasons.append(.meshIndexBelow(limit: Self.meshIndexLimit)) }
        }
        return reasons
    }

    /// Every mesh size δᵢ below `min_mesh_size × width` (false when `min_mesh_size` is 0).
    var belowMinimumMeshSize: Bool {
        configuration.minMeshSize > 0
            && widths.indices.allSatisfy { widths[$0] <= 0 || state.mesh.meshSize($0) / widths[$0] < configuration.minMeshSize }
    }

    /// Every mesh index below ``meshIndexLimit``.
    var belowMeshIndexLimit: Bool { widths.indices.allSatisfy { state.mesh.index($0) < Self.meshIndexLimit } }

    /// The mesh has converged: a stop, or a restart with `restart_on_convergence`.
    var meshConverged: Bool { belowMinimumMeshSize || belowMeshIndexLimit }

    /// `restart_on_convergence` holds, a budget (`max_evaluations`) has evaluations left, and the run
    /// evaluated a point since its last restart.
    var canRestart: Bool {
        configuration.restartOnConvergence && configuration.maxEvaluations > 0
            && state.evaluations < configuration.maxEvaluations && state.evaluations > (state.evaluationsAtRestart ?? 0)
    }

    /// Starts MADS again from the poll centre (the best point) with the initial frame, keeping the cache
    /// (so the model search sees every point so far and no point is asked twice).
    mutating func restart() {
        state.mesh = Mesh(initialFrameSize: widths.map { $0 > 0 ? configuration.initialFrameSize * $0 : 1 })
        state.previousCentre = nil
        state.lastDirection = nil
        state.evaluationsAtRestart = state.evaluations
        endIteration()
    }

    /// Incumbent, its fitness, frame and mesh sizes, poll centre, the step that improved
    /// at the last tell (0 none, 1 speculative, 2 model, 3 poll, 4 Nelder–Mead), a success flag, and counters.
    public func snapshot() -> [RecordedArray] {
        let d = space.count
        let best = state.incumbent?.point ?? Array(repeating: .nan, count: d)
        return [
            RecordedArray(name: "incumbent", shape: [d], values: best, axes: ["dimension"], description: "best point (encoded)"),
            .scalar("incumbent_fitness", state.incumbent?.fitness ?? .nan, description: "fitness of the incumbent"),
            RecordedArray(
                name: "frame_size", shape: [d], values: state.mesh.frameSizes, axes: ["dimension"],
                description: "frame size per variable (encoded units)"),
            RecordedArray(
                name: "mesh_size", shape: [d], values: state.mesh.meshSizes, axes: ["dimension"],
                description: "mesh size per variable (encoded units)"),
            RecordedArray(name: "poll_centre", shape: [d], values: state.centre, axes: ["dimension"], description: "frame centre"),
            .scalar("success_step", Double(state.lastStep), description: "0 none, 1 speculative, 2 model, 3 poll, 4 Nelder–Mead"),
            .scalar("success", state.lastStep > 0 ? 1 : 0, description: "the last tell improved the centre"),
            .scalar("evaluations", Double(state.evaluations), description: "points evaluated so far"),
            .scalar("mads_iteration", Double(state.madsIteration), description: "completed MADS iterations"),
        ]
    }
}
