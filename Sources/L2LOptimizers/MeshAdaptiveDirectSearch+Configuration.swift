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
    }

    /// Hyperparameters of MADS. Every default is NOMAD 4.5's unless stated; spec keys are snake_case.
    public struct Configuration: Codable, Sendable, Equatable {
        /// `initial_frame_size`: initial frame size Δ⁰ᵢ as a fraction of each encoded width
        /// (NOMAD: 10 % of ub − lb, `src/Param/PbParameters.cpp`), then rounded to a·10^b with
        /// a ∈ {1, 2, 5} as `GMesh::initFrameSizeGranular` does. Default 0.1.
        public var initialFrameSize: Double
        /// `direction_type`: poll directions. Default `ortho_2n` (NOMAD's default `ORTHO N+1 QUAD`
        /// needs a model for the last direction; `ortho_n_plus_1` is its `NEG` variant).
        public var directionType: DirectionType
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
        /// per variable) feed the model. Default 2.
        public var modelRadius: Double
        /// `anisotropic_mesh`: enlarge only the variables the success moved (`ANISOTROPIC_MESH`). Default true.
        public var anisotropicMesh: Bool
        /// `anisotropy_factor`: threshold on |dᵢ|/Δᵢ for that (`ANISOTROPY_FACTOR`). Default 0.1.
        public var anisotropyFactor: Double
        /// `min_mesh_size`: stop once every mesh size δᵢ < this fraction of its width
        /// (`MIN_MESH_SIZE`, relative here); refinement stops below it too. Default 1e-13: a larger
        /// value stops runs before their budget (measured against NOMAD 4 in bench/mads).
        public var minMeshSize: Double
        /// `max_evaluations`: stop after this many evaluations (`MAX_BB_EVAL`); 0 = the caller's
        /// budget only. A batch is cut to the evaluations left. Default 0.
        public var maxEvaluations: Int

        public init(
            initialFrameSize: Double = 0.1, directionType: DirectionType = .ortho2N, opportunistic: Bool = true,
            pollBlockSize: Int = 1, speculativeSearch: Bool = true, speculativeSearchFactor: Double = 4,
            quadraticModelSearch: Bool = true, modelRadius: Double = 2, anisotropicMesh: Bool = true,
            anisotropyFactor: Double = 0.1, minMeshSize: Double = 1e-13, maxEvaluations: Int = 0
        ) {
            self.initialFrameSize = initialFrameSize
            self.directionType = directionType
            self.opportunistic = opportunistic
            self.pollBlockSize = pollBlockSize
            self.speculativeSearch = speculativeSearch
            self.speculativeSearchFactor = speculativeSearchFactor
            self.quadraticModelSearch = quadraticModelSearch
            self.modelRadius = modelRadius
            self.anisotropicMesh = anisotropicMesh
            self.anisotropyFactor = anisotropyFactor
            self.minMeshSize = minMeshSize
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
        if !(c.anisotropyFactor > 0 && c.anisotropyFactor < 1) {
            throw fail("anisotropy_factor", c.anisotropyFactor, "a factor in (0, 1)")
        }
        if !(c.minMeshSize > 0 && c.minMeshSize < c.initialFrameSize) {
            throw fail("min_mesh_size", c.minMeshSize, "a fraction in (0, initial_frame_size)")
        }
        if c.maxEvaluations < 0 { throw fail("max_evaluations", c.maxEvaluations, "an integer ≥ 0 (0: unlimited)") }
        if space.count == 0 { throw fail("space", "0 dimensions", "at least one dimension") }
    }
}
