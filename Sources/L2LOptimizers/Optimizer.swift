import L2LNumerics

/// The one ask/tell protocol every optimizer in l2l implements (after pycma's `OOOptimizer`).
///
/// A caller loops `ask` → evaluate → `tell` until `stopReasons` is non-empty or its
/// own budget ends. **Fitness is maximized** (the L2L convention); minimizers such as
/// MADS negate internally. A NaN or infinite fitness is accepted and recorded but
/// never becomes the incumbent.
///
/// All mutable state, the random stream included, lives in `state`, a `Codable`
/// value: recording and resume are a save and a load
/// (`init(configuration:space:state:)`).
public protocol Optimizer: Sendable {
    associatedtype Configuration: Codable & Sendable & Equatable
    associatedtype State: Codable & Sendable & Equatable

    /// Short identifier used in specs and files ("ga", "cem", …).
    static var identifier: String { get }

    /// Creates an optimizer at its first iteration.
    /// - Parameters:
    ///   - configuration: hyperparameters, validated here.
    ///   - space: the encoded box searched.
    ///   - initialPoint: an encoded starting point (a network's prior weights), or nil for the box centre / uniform sampling.
    ///   - random: the stream all of this optimizer's randomness comes from.
    init(configuration: Configuration, space: SearchSpace, initialPoint: [Double]?, random: RandomStream) throws(OptimizerError)

    /// Restores an optimizer from a saved state.
    init(configuration: Configuration, space: SearchSpace, state: State) throws(OptimizerError)

    var configuration: Configuration { get }
    var space: SearchSpace { get }
    var state: State { get }

    /// The next batch of encoded candidates to evaluate, each inside `space`.
    mutating func ask() throws(OptimizerError) -> [[Double]]

    /// Fitness (maximized) of the candidates of the last `ask`, in the same order.
    mutating func tell(_ fitness: [Double]) throws(OptimizerError)

    /// Completed ask/tell iterations.
    var iteration: Int { get }

    /// Best finite point seen so far, if any.
    var incumbent: Incumbent? { get }

    /// Criteria that say the optimizer should stop; empty while it can go on.
    var stopReasons: [StopReason] { get }

    /// Arrays that describe the current state, recorded once per iteration
    /// (for example the CEM mean and standard deviations, or the GA population).
    /// Each array must have the same name and shape at every iteration. The batch of
    /// candidates and its fitness are recorded by the caller and not repeated here.
    func snapshot() -> [RecordedArray]
}

/// The best evaluated point of a run.
public struct Incumbent: Codable, Sendable, Equatable {
    /// Encoded coordinates.
    public var point: [Double]
    /// Its fitness (maximized).
    public var fitness: Double
    /// The iteration at which it was found.
    public var iteration: Int

    public init(point: [Double], fitness: Double, iteration: Int) {
        self.point = point
        self.fitness = fitness
        self.iteration = iteration
    }

    /// Keeps the better of `self` and a new evaluation; non-finite fitness never wins.
    public mutating func consider(point: [Double], fitness: Double, iteration: Int) {
        if fitness.isFinite && fitness > self.fitness {
            self = Incumbent(point: point, fitness: fitness, iteration: iteration)
        }
    }

    /// `current` updated with the best finite entry of a batch (unchanged when none beats it).
    public static func updating(
        _ current: Incumbent?, with points: [[Double]], fitness: [Double], iteration: Int
    ) -> Incumbent? {
        guard let best = best(of: points, fitness: fitness, iteration: iteration) else { return current }
        guard var updated = current else { return best }
        updated.consider(point: best.point, fitness: best.fitness, iteration: best.iteration)
        return updated
    }

    /// The best finite entry of a batch, if any.
    public static func best(of points: [[Double]], fitness: [Double], iteration: Int) -> Incumbent? {
        var best: Incumbent?
        for (p, f) in zip(points, fitness) where f.isFinite {
            if best == nil || f > best!.fitness { best = Incumbent(point: p, fitness: f, iteration: iteration) }
        }
        return best
    }
}

/// Why an optimizer says it should stop.
public enum StopReason: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The distribution or step size fell below a tolerance (name of the quantity, its value).
    case stepSizeBelow(quantity: String, value: Double, tolerance: Double)
    /// The population has collapsed onto one point.
    case populationConverged
    /// The fitness target of the configuration was reached.
    case targetReached(fitness: Double)
    /// The configured number of evaluations (e.g. MADS `max_evaluations`) is used up.
    case evaluationBudgetUsed(evaluations: Int)
    /// A mesh index passed its lower limit (NOMAD `GMESH_LIMIT_MIN_MESH_INDEX`).
    case meshIndexBelow(limit: Int)
    /// The spread of recent best fitness values fell below a tolerance (CMA-ES `tol_fun`).
    case fitnessRangeBelow(range: Double, tolerance: Double)
    /// The model fits its data better than a tolerance (EnKF data misfit).
    case misfitBelow(misfit: Double, tolerance: Double)
    /// A covariance matrix became too ill-conditioned to go on (CMA-ES).
    case conditionNumberAbove(value: Double, limit: Double)
    /// Every point of a finite search (a grid) has been asked.
    case searchSpaceExhausted(points: Int)

    public var description: String {
        switch self {
        case .stepSizeBelow(let q, let v, let t): "\(q) = \(v) below tolerance \(t)"
        case .populationConverged: "population converged"
        case .targetReached(let f): "target fitness \(f) reached"
        case .evaluationBudgetUsed(let n): "max_evaluations = \(n) reached"
        case .meshIndexBelow(let limit): "mesh index below \(limit)"
        case .fitnessRangeBelow(let range, let tolerance): "tol_fun: fitness range \(range) below \(tolerance)"
        case .misfitBelow(let misfit, let tolerance): "mean data misfit \(misfit) below misfit_tolerance \(tolerance)"
        case .conditionNumberAbove(let value, let limit): "condition number of C \(value) above \(limit)"
        case .searchSpaceExhausted(let points): "all \(points) grid points asked"
        }
    }
}

/// A named numeric array describing an optimizer's state at one iteration.
public struct RecordedArray: Sendable, Equatable, Codable {
    /// Dataset name (snake_case).
    public var name: String
    /// Shape of one iteration's array (empty for a scalar).
    public var shape: [Int]
    /// Row-major values; `shape.reduce(1, *)` of them.
    public var values: [Double]
    /// Names of the axes (for dimension scales), one per entry of `shape`.
    public var axes: [String]
    public var description: String
    public var units: String

    public init(name: String, shape: [Int], values: [Double], axes: [String], description: String, units: String = "1") {
        precondition(shape.reduce(1, *) == values.count, "RecordedArray \(name): shape \(shape) does not hold \(values.count) values")
        precondition(axes.count == shape.count, "RecordedArray \(name): \(axes.count) axis names for rank \(shape.count)")
        self.name = name
        self.shape = shape
        self.values = values
        self.axes = axes
        self.description = description
        self.units = units
    }

    /// A scalar entry.
    public static func scalar(_ name: String, _ value: Double, description: String, units: String = "1") -> RecordedArray {
        RecordedArray(name: name, shape: [], values: [value], axes: [], description: description, units: units)
    }
}

/// Misuse of an optimizer or an invalid configuration.
public enum OptimizerError: Error, Equatable, CustomStringConvertible {
    /// A hyperparameter is out of its valid range.
    case invalidConfiguration(optimizer: String, key: String, value: String, expected: String)
    /// `tell` got a different number of fitness values than the last `ask` proposed.
    case fitnessCountMismatch(expected: Int, got: Int)
    /// `tell` was called without a pending `ask`, or `ask` twice.
    case outOfOrder(String)
    /// A point or state has the wrong number of coordinates.
    case dimensionMismatch(expected: Int, got: Int)
    /// A saved state does not fit this configuration.
    case incompatibleState(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let o, let k, let v, let e): "\(o): \(k) = \(v) is invalid; expected \(e)"
        case .fitnessCountMismatch(let e, let g): "#fitness values = \(g) must equal #candidates = \(e)"
        case .outOfOrder(let s): s
        case .dimensionMismatch(let e, let g): "expected \(e) coordinates, got \(g)"
        case .incompatibleState(let s): "saved state does not fit: \(s)"
        }
    }
}

extension Optimizer {
    /// Runs ask → evaluate → tell for at most `iterations` iterations or until a stop reason fires.
    /// - Returns: the incumbent at the end.
    @discardableResult
    public mutating func optimize(
        iterations: Int, _ objective: ([[Double]]) throws -> [Double]
    ) throws -> Incumbent? {
        for _ in 0..<iterations where stopReasons.isEmpty {
            let candidates = try ask()
            try tell(try objective(candidates))
        }
        return incumbent
    }
}
