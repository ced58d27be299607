extension MeshAdaptiveDirectSearch {
    /// How the poll directions are built from one Householder basis (NOMAD 4 `DIRECTION_TYPE`;
    /// Abramson, Audet, Dennis & Le Digabel 2009, OrthoMADS).
    public enum DirectionType: String, Codable, Sendable, CaseIterable {
        /// `ORTHO 2N`: the columns of H and their negatives (`src/Algos/Mads/Ortho2NPollMethod.cpp`).
        case ortho2N = "ortho_2n"
        /// `ORTHO N+1 NEG`: n signed columns of H and the negative of their sum
        /// (`src/Algos/Mads/NP1UniPollMethod.cpp`, `OrthoNPlus1PollMethod.cpp`). Each column's sign
        /// is the one at an acute angle with the last successful direction (random before one).
        case orthoNPlus1 = "ortho_n_plus_1"
        /// `ORTHO N+1 QUAD` (NOMAD 4's default): the n signed columns first (signs from the model's
        /// descent direction when there is a model), then, if none improved, one direction in the
        /// cone of their negatives that minimizes the quadratic model (the negative sum without a
        /// model; Audet, Ianni, Le Digabel & Tribes 2014).
        case orthoNPlus1Quad = "ortho_n_plus_1_quad"
    }

    /// The order in which trial points are evaluated (NOMAD 4 `EVAL_QUEUE_SORT`).
    public enum EvalQueueSort: String, Codable, Sendable, CaseIterable {
        /// `DIR_LAST_SUCCESS`: by decreasing cosine with the last successful direction.
        case directionLastSuccess = "dir_last_success"
        /// `QUADRATIC_MODEL` (NOMAD 4's default): by increasing value of the quadratic model,
        /// `dir_last_success` when there is no model.
        case quadraticModel = "quadratic_model"
    }

    /// Where a run starts (shared with ``ENOMAD``).
    public enum StartPoint: String, Codable, Sendable, CaseIterable {
        /// The optimizee's prior parameter vector (`initialPoint`, clamped to the bounds); the
        /// search-space centre when it has none.
        case prior
        /// The centre of the search space, whatever the optimizee supplies.
        case center
    }

    /// Where the quad-model search looks for the model's minimum.
    public enum ModelSearchBox: String, Codable, Sendable, CaseIterable {
        /// The frame |xᵢ − cᵢ| ≤ Δᵢ.
        case frame
        /// The bounding box of the model's points (at least the frame), as NOMAD 4's quad-model
        /// search does (`QuadModelSinglePass`).
        case trainingSet = "training_set"
    }

    /// Hyperparameters of MADS. Every default is NOMAD 4.5's unless stated; spec keys are snake_case.
    public struct Configuration: Codable, Sendable, Equatable {
        /// `initial_frame_size`: initial frame size Δ⁰ᵢ as a fraction of each encoded width
        /// (NOMAD: 10 % of ub − lb, `src/Param/PbParameters.cpp`), then rounded to a·10^b with
        /// a ∈ {1, 2, 5} as `GMesh::initFrameSizeGranular` does. Default 0.1.
        public var initialFrameSize: Double
        /// `direction_type`: poll directions. Default `ortho_n_plus_1_quad` (NOMAD's `ORTHO N+1 QUAD`).
        public var directionType: DirectionType
        /// `eval_queue_sort`: order of the poll points (`EVAL_QUEUE_SORT`). Default `quadratic_model`.
        public var evalQueueSort: EvalQueueSort
        /// `opportunistic`: stop the poll at the first improving block (`EVAL_OPPORTUNISTIC`). Default true.
        public var opportunistic: Bool
        /// `poll_block_size`: poll points per ask when opportunistic (`BB_MAX_BLOCK_SIZE`). Default 1.
        public var pollBlockSize: Int
        /// `speculative_search`: after a success, try x_prev + 4·(x_inc − x_prev)
        /// (`SPECULATIVE_SEARCH`, `SPECULATIVE_SEARCH_BASE_FACTOR` 4). Default true.
        public var speculativeSearch: Bool
        /// `speculative_search_factor`: the base factor above. Default 4.
        public var speculativeSearchFactor: Double
        /// `quadratic_model_search`: a regression quadratic on cached points around the poll
        /// centre, minimized in the frame (`QUAD_MODEL_SEARCH`; off automatically for n ≥ 50). Default true.
        public var quadraticModelSearch: Bool
        /// `model_radius`: cached points within this many frame sizes of the centre (∞-norm,
        /// per variable) feed the quadratic model (search, N+1 QUAD direction, poll order); as in
        /// NOMAD 4 the radius doubles (at most 20 times) until (n+1)(n+2)/2 points are in, and at
        /// most ``MeshAdaptiveDirectSearch/modelMaximumPoints`` (500), the closest, are kept
        /// (``MeshAdaptiveDirectSearch/modelTrainingSet()``). Default 4 (NOMAD's poll-sorting box;
        /// its search box is 2).
        public var modelRadius: Double
        /// `model_minimum_points`: a model needs at least this many × (n + 1) such points (and n + 1
        /// affinely independent ones); with fewer than (n+1)(n+2)/2 it is a ridge-regularized,
        /// near minimum-Frobenius-norm fit. Default 1.
        public var modelMinimumPoints: Double
        /// `model_search_box`: where the quad-model search minimizes the model. Default `training_set`.
        public var modelSearchBox: ModelSearchBox
        /// `nm_search`: after a failed speculative and quad-model search, a Nelder–Mead search on a
        /// simplex of cached points (`NM_SEARCH`). Default true.
        public var nmSearch: Bool
        /// `nm_search_factor`: at most this many × n NM trial points per search
        /// (`NM_SEARCH_MAX_TRIAL_PTS_NFACTOR`). Default 80.
        public var nmSearchFactor: Int
        /// `nm_search_patience`: end the NM search after this many NM iterations in a row without a
        /// new best vertex (0: only a shrink, a degenerate simplex — NOMAD's rank test — or the trial budget ends it, as in NOMAD). Default 0, NOMAD's
        /// rule (issue 19): with the former default 2, chosen on five problems before the mesh-index stop,
        /// the search ended early and MADS reached τ = 1e-7 in 10 of 35 held-out runs at 100(n+1)
        /// evaluations where NOMAD 4.6 reached 21 and patience 0 19 (bench/mads/README.md).
        public var nmSearchPatience: Int
        /// `nm_simplex_include_factor`: cached points within this many frame sizes of the centre may
        /// form the initial simplex (`NM_SIMPLEX_INCLUDE_FACTOR`). Default 8.
        public var nmSimplexIncludeFactor: Double
        /// `nm_search_stop_on_success`: end the NM search at its first point better than the centre
        /// (`NM_SEARCH_STOP_ON_SUCCESS`). Default false.
        public var nmSearchStopOnSuccess: Bool
        /// `anisotropic_mesh`: enlarge only the variables the success moved (`ANISOTROPIC_MESH`). Default true.
        public var anisotropicMesh: Bool
        /// `anisotropy_factor`: threshold on |dᵢ|/Δᵢ for that (`ANISOTROPY_FACTOR`). Default 0.1.
        public var anisotropyFactor: Double
        /// `min_mesh_size`: stop once every mesh size δᵢ < this fraction of its width
        /// (`MIN_MESH_SIZE`, relative here); refinement stops below it too. Default 0: none, as in
        /// NOMAD 4, where the run ends on the mesh index (``MeshAdaptiveDirectSearch/meshIndexLimit``).
        /// On the granular mesh δ ≈ Δ²/Δ⁰, so the former default 1e-13 stopped with frames near
        /// 3·10⁻⁷ of the width — Ackley 10-D at f ≈ 5·10⁻⁶ after 2,000 of 5,500 evaluations (issue 19).
        public var minMeshSize: Double
        /// `restart_on_convergence`: when the mesh has converged (every mesh index below −50, or
        /// `min_mesh_size` reached) before `max_evaluations`, start again from the best point with the
        /// initial frame, keeping the cache; without a budget the run stops there as NOMAD's does.
        /// Default true, an l2l addition (NOMAD 4 stops and leaves the rest of the budget unused):
        /// it adds evaluations only after NOMAD would have stopped (issue 19).
        public var restartOnConvergence: Bool
        /// `start`: the start point, `prior` (the optimizee's prior parameter vector) or `center`
        /// (the search-space centre). Default `prior`. ENOMAD's inner runs always start at the
        /// individual's weights.
        public var start: StartPoint
        /// `max_evaluations`: stop after this many evaluations (`MAX_BB_EVAL`); 0 = the caller's
        /// budget only. A batch is cut to the evaluations left. Default 0.
        public var maxEvaluations: Int

        public init(
            initialFrameSize: Double = 0.1, directionType: DirectionType = .orthoNPlus1Quad,
            evalQueueSort: EvalQueueSort = .quadraticModel, opportunistic: Bool = true,
            pollBlockSize: Int = 1, speculativeSearch: Bool = true, speculativeSearchFactor: Double = 4,
            quadraticModelSearch: Bool = true, modelRadius: Double = 4, modelMinimumPoints: Double = 1,
            modelSearchBox: ModelSearchBox = .trainingSet, nmSearch: Bool = true,
            nmSearchFactor: Int = 80, nmSearchPatience: Int = 0, nmSimplexIncludeFactor: Double = 8, nmSearchStopOnSuccess: Bool = false,
            anisotropicMesh: Bool = true,
            anisotropyFactor: Double = 0.1, minMeshSize: Double = 0, restartOnConvergence: Bool = true,
            start: StartPoint = .prior,
            maxEvaluations: Int = 0
        ) {
            self.initialFrameSize = initialFrameSize
            self.directionType = directionType
            self.evalQueueSort = evalQueueSort
            self.opportunistic = opportunistic
            self.pollBlockSize = pollBlockSize
            self.speculativeSearch = speculativeSearch
            self.speculativeSearchFactor = speculativeSearchFactor
            self.quadraticModelSearch = quadraticModelSearch
            self.modelRadius = modelRadius
            self.modelMinimumPoints = modelMinimumPoints
            self.modelSearchBox = modelSearchBox
            self.nmSearch = nmSearch
            self.nmSearchFactor = nmSearchFactor
            self.nmSearchPatience = nmSearchPatience
            self.nmSimplexIncludeFactor = nmSimplexIncludeFactor
            self.nmSearchStopOnSuccess = nmSearchStopOnSuccess
            self.anisotropicMesh = anisotropicMesh
            self.anisotropyFactor = anisotropyFactor
            self.minMeshSize = minMeshSize
            self.restartOnConvergence = restartOnConvergence
            self.start = start
            self.maxEvaluations = maxEvaluations
        }
    }

    /// Checks every hyperparameter, naming it as a spec does.
    static func validate(_ c: Configuration, space: SearchSpace) throws(OptimizerError) {
        func fail(_ key: String, _ value: Any, _ expected: String) -> OptimizerError {
            .invalidConfiguration(optimizer: identifier, key: key, value: "\(value)", expected: expected)
        }
        if !(c.initialFrameSize > 0 && c.initialFrameSize <= 1) {
            throw fail("initial_frame_size", c.initialFrameSize, "a fraction in (0, 1] of each width")
        }
        if c.pollBlockSize < 1 { throw fail("poll_block_size", c.pollBlockSize, "an integer ≥ 1") }
        if !(c.speculativeSearchFactor > 1 && c.speculativeSearchFactor.isFinite) {
            throw fail("speculative_search_factor", c.speculativeSearchFactor, "a finite factor > 1")
        }
        if !(c.modelRadius > 0 && c.modelRadius.isFinite) {
            throw fail("model_radius", c.modelRadius, "a finite number of frame sizes > 0")
        }
        if !(c.modelMinimumPoints >= 1 && c.modelMinimumPoints <= 1000) {
            throw fail("model_minimum_points", c.modelMinimumPoints, "a factor of n + 1 in [1, 1000]")
        }
        if c.nmSearchFactor < 1 { throw fail("nm_search_factor", c.nmSearchFactor, "an integer ≥ 1") }
        if c.nmSearchPatience < 0 { throw fail("nm_search_patience", c.nmSearchPatience, "an integer ≥ 0 (0: no limit)") }
        if !(c.nmSimplexIncludeFactor > 0 && c.nmSimplexIncludeFactor.isFinite) {
            throw fail("nm_simplex_include_factor", c.nmSimplexIncludeFactor, "a finite number of frame sizes > 0")
        }
        if !(c.anisotropyFactor > 0 && c.anisotropyFactor < 1) {
            throw fail("anisotropy_factor", c.anisotropyFactor, "a factor in (0, 1)")
        }
        if !(c.minMeshSize >= 0 && c.minMeshSize < c.initialFrameSize) {
            throw fail("min_mesh_size", c.minMeshSize, "a fraction in [0, initial_frame_size) (0: none)")
        }
        if c.maxEvaluations < 0 { throw fail("max_evaluations", c.maxEvaluations, "an integer ≥ 0 (0: unlimited)") }
        if space.count == 0 { throw fail("space", "0 dimensions", "at least one dimension") }
    }
}
