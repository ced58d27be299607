import L2LNumerics

/// Ensemble Kalman inversion as a gradient-free network trainer (Iglesias, Law & Stuart 2013,
/// "Ensemble Kalman methods for inverse problems", *Inverse Problems* 29:045001,
/// doi:10.1088/0266-5611/29/4/045001; Kovachki & Stuart 2019, *Inverse Problems* 35:095005,
/// arXiv:1808.03620; as used by Yegenoglu et al. 2020, doi:10.1007/978-3-030-64580-9_7).
///
/// ```swift
/// var enkf = try EnsembleKalmanFilter(
///     configuration: .init(ensembleSize: 100, gamma: 0.01), space: .box(count: d, lower: -1, upper: 1),
///     initialPoint: prior, random: RandomStream(seed: 1))
/// let members = try enkf.ask()                       // J weight vectors
/// let outputs = members.map { network(weights: $0, batch) }   // G(u_j), each K = classes × batch size
/// try enkf.tell(fitness: accuracies, outputs: outputs, targets: oneHot(batch))
/// ```
///
/// Each iteration `ask` returns the J members u_j (rows of `state.ensemble`, inside the box) and
/// `tell(fitness:outputs:targets:)` moves every member once (exactly one update per iteration,
/// unlike the L2L branch that ran its update block twice):
///
///     u_j ← u_j + C_uG (C_GG + γ I_K)⁻¹ (y + η_j − G(u_j))       (ILS 2013 §3, analysis step)
///     C_uG = A_u A_Gᵀ/(J − 1),  C_GG = A_G A_Gᵀ/(J − 1)           (ensemble covariances)
///
/// with A_u = [u_j − ū] (D×J) and A_G = [G(u_j) − Ḡ] (K×J), η_j ~ N(0, noise²·I) when
/// `observationNoise` > 0, else η_j = 0. The D×D covariance is never formed: X = (C_GG + γI)⁻¹ R
/// comes from one Cholesky solve (LAPACK `dposv`) for the K×J residuals R, then
/// u update = A_u (A_Gᵀ X)/(J − 1) by two `dgemm`s, O(D·J² + K²·J + K³) in all. Members are
/// clamped to the box afterwards.
///
/// Mini-batches, repeats per batch and shuffling are the caller's business: it passes the targets
/// of whatever batch it evaluated, a different y per iteration if it likes, and K may change
/// between iterations.
///
/// **Non-finite outputs.** A member whose outputs contain NaN or ±∞ is excluded from the means and
/// covariances and is left unchanged by the update; its misfit is NaN. With fewer than two usable
/// members (or non-finite targets) the ensemble is left unchanged. NaN/∞ fitness is recorded but
/// never becomes the incumbent.
///
/// **Records.** `snapshot()` holds the ensemble mean, per-parameter std, the spread, the data
/// misfits and the covariance under `configuration.covariance`. The final weights of every member
/// are `state.ensemble` (after the last update); the candidates the caller records are the members
/// before each update, and the `low_rank` anomalies plus `mean` rebuild the members after it.
public struct EnsembleKalmanFilter: OutputFittingOptimizer {
    public static let identifier = "enkf"

    /// Everything that changes during a run, random stream included.
    public struct State: Codable, Sendable, Equatable {
        /// The stream the initial ensemble and the observation perturbations come from.
        public var random: RandomStream
        /// Completed iterations (tells).
        public var iteration: Int
        /// The members u_j as rows (J×D, encoded, inside the box).
        public var ensemble: Matrix
        /// `true` between an `ask` and its `tell`.
        public var awaitingFitness: Bool
        /// Fitness of the last batch told (empty before the first tell).
        public var fitness: [Double]
        /// RMS misfit ‖y − G(u_j)‖/√K of each member at the last tell (NaN where excluded); empty before.
        public var memberMisfits: [Double]
        /// RMS misfit ‖y − Ḡ‖/√K of the mean output over usable members at the last tell (NaN before).
        public var meanOutputMisfit: Double
        /// Members left out of the last update for non-finite outputs (0 before the first).
        public var excludedMembers: Int
        /// Best finite evaluation so far.
        public var incumbent: Incumbent?

        /// Field-by-field equality in which NaN equals NaN, so a state equals its restored copy.
        public static func == (a: State, b: State) -> Bool {
            a.random == b.random && a.iteration == b.iteration && a.ensemble == b.ensemble
                && a.awaitingFitness == b.awaitingFitness
                && a.fitness.map(\.bitPattern) == b.fitness.map(\.bitPattern)
                && a.memberMisfits.map(\.bitPattern) == b.memberMisfits.map(\.bitPattern)
                && a.meanOutputMisfit.bitPattern == b.meanOutputMisfit.bitPattern
                && a.excludedMembers == b.excludedMembers && a.incumbent == b.incumbent
        }
    }

    public let configuration: Configuration
    public let space: SearchSpace
    public internal(set) var state: State
    /// The previous ensemble's storage, reused as the next update's product (J × D), so that an
    /// update neither allocates, zero-fills nor page-faults a fresh J × D array (not state: it holds
    /// no values that matter).
    var spare = Matrix(rows: 0, columns: 0)

    /// Draws the initial ensemble u_j = clamp(u₀ + spread·width ⊙ z_j), z_j ~ N(0, I), row by row;
    /// u₀ is `initialPoint` (clamped) or the box centre.
    public init(
        configuration: Configuration, space: SearchSpace, initialPoint: [Double]?, random: RandomStream
    ) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        if let x = initialPoint, x.count != space.count {
            throw .dimensionMismatch(expected: space.count, got: x.count)
        }
        let j = configuration.ensembleSize, d = space.count
        let center = initialPoint.map(space.clamp) ?? space.center
        let scale = space.widths.map { configuration.initialSpread * $0 }
        var random = random
        var ensemble = Matrix(rows: j, columns: d)
        for m in 0..<j {
            var u = center
            for i in 0..<d { u[i] += scale[i] * random.nextGaussian() }
            u = space.clamp(u)
            for i in 0..<d { ensemble[m, i] = u[i] }
        }
        self.configuration = configuration
        self.space = space
        self.state = State(
            random: random, iteration: 0, ensemble: ensemble, awaitingFitness: false, fitness: [],
            memberMisfits: [], meanOutputMisfit: .nan, excludedMembers: 0, incumbent: nil)
    }

    public init(configuration: Configuration, space: SearchSpace, state: State) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        let j = configuration.ensembleSize
        guard state.ensemble.rows == j, state.ensemble.columns == space.count else {
            throw .incompatibleState("ensemble must be \(j)×\(space.count), is \(state.ensemble.rows)×\(state.ensemble.columns)")
        }
        guard state.fitness.isEmpty || state.fitness.count == j, state.memberMisfits.isEmpty || state.memberMisfits.count == j,
            state.iteration >= 0
        else { throw .incompatibleState("fitness and misfits must have \(j) entries") }
        self.configuration = configuration
        self.space = space
        self.state = state
    }

    public var iteration: Int { state.iteration }
    public var incumbent: Incumbent? { state.incumbent }

    /// The current members (J rows of D encoded coordinates).
    public var members: [[Double]] { state.ensemble.rowArrays }

    /// The J members, unchanged since the last update.
    public mutating func ask() throws(OptimizerError) -> [[Double]] {
        guard !state.awaitingFitness else {
            throw .outOfOrder("enkf: ask called twice; tell the outputs of the last ask first")
        }
        state.awaitingFitness = true
        return state.ensemble.rowArrays
    }

    /// Always throws: ensemble Kalman inversion needs model outputs and targets.
    public mutating func tell(_ fitness: [Double]) throws(OptimizerError) {
        throw .outOfOrder("enkf: tell(_:) needs outputs and targets; call tell(fitness:outputs:targets:)")
    }

    /// Records the fitness, updates the incumbent, and moves every usable member once.
    /// - Throws: `outOfOrder` without a pending ask, `fitnessCountMismatch` for fitness of the wrong
    ///   length, `dimensionMismatch` when `outputs` has not J rows or a row is not as long as `targets`.
    public mutating func tell(fitness: [Double], outputs: [[Double]], targets: [Double]) throws(OptimizerError) {
        guard state.awaitingFitness else { throw .outOfOrder("enkf: tell called without a pending ask") }
        let j = configuration.ensembleSize
        guard fitness.count == j else { throw .fitnessCountMismatch(expected: j, got: fitness.count) }
        guard outputs.count == j else { throw .dimensionMismatch(expected: j, got: outputs.count) }
        for g in outputs where g.count != targets.count {
            throw .dimensionMismatch(expected: targets.count, got: g.count)
        }
        state.fitness = fitness
        state.awaitingFitness = false
        // The best finite member (first on ties), copied out without materializing all rows.
        var bestIndex: Int?
        for m in 0..<j where fitness[m].isFinite && (bestIndex == nil || fitness[m] > fitness[bestIndex!]) { bestIndex = m }
        if let b = bestIndex, state.incumbent == nil || fitness[b] > state.incumbent!.fitness {
            state.incumbent = Incumbent(point: state.ensemble.row(b), fitness: fitness[b], iteration: state.iteration)
        }
        update(outputs: outputs, targets: targets)
        state.iteration += 1
    }

    /// `.misfitBelow` once the mean RMS misfit of the members falls below
    /// `misfitTolerance` (> 0).
    public var stopReasons: [StopReason] {
        let tolerance = configuration.misfitTolerance
        guard tolerance > 0 else { return [] }
        let finite = state.memberMisfits.filter(\.isFinite)
        guard !finite.isEmpty else { return [] }
        let misfit = Statistics.mean(finite)
        return misfit < tolerance ? [.misfitBelow(misfit: misfit, tolerance: tolerance)] : []
    }
}
