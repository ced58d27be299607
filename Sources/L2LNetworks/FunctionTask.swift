import L2LNumerics

/// One member of a family of related optimization tasks built from a benchmark function:
/// the function shifted, and optionally rotated, by a per-task random transform.
///
/// ```swift
/// let task = FunctionTask(function: .rastrigin, dimension: 5, taskSeed: 3, shiftScale: 2, rotate: true)
/// task.value(task.optimum)        // == BenchmarkFunction.rastrigin.minimum(dimension: 5) == 0
/// ```
///
/// The task's value is
///
///     g(x) = f(R (x − s) + x_f)
///
/// with `f` the benchmark function, `x_f` its global minimizer, `s` a shift drawn
/// uniformly from `[−shiftScale, shiftScale]^d`, and `R` a Haar-random orthogonal matrix
/// (or the identity when `rotate` is false). So the task's **optimum lies at
/// x* = s** with **value f(x_f)**, the function's minimum; a family of tasks shares
/// the landscape's shape but moves (and turns) its optimum, as in the shifted and
/// rotated function families of CEC and BBOB (Hansen et al. 2009, "Real-parameter
/// black-box optimization benchmarking 2009: noiseless functions definitions",
/// INRIA RR-6829) used for learning to learn over a task distribution (L2L,
/// Subramoney et al. 2019).
///
/// The transform is a pure function of `taskSeed`: the shift comes from
/// `RandomStream(seed: taskSeed).derived(FunctionTask.shiftStream)` and the rotation
/// from `.derived(FunctionTask.rotationStream)`, so the same seed gives the same task
/// and turning rotation on or off keeps the shift.
///
/// Values are minimized; an optimizee that reports l2l fitness returns `-value(x)`.
public struct FunctionTask: Sendable, Equatable {
    /// Derivation component of the shift's random stream.
    public static let shiftStream: UInt64 = 0x7368_6966_74    // "shift"
    /// Derivation component of the rotation's random stream.
    public static let rotationStream: UInt64 = 0x726F_7461_7465    // "rotate"

    /// The underlying benchmark function.
    public let function: BenchmarkFunction
    /// Number of coordinates.
    public let dimension: Int
    /// The seed the transform was drawn from.
    public let taskSeed: UInt64
    /// Half-width of the box the shift is drawn from.
    public let shiftScale: Double
    /// The shift `s`, which is also the task's optimum.
    public let shift: [Double]
    /// The orthogonal matrix `R`, or nil when the task is not rotated.
    public let rotation: Matrix?

    private let minimizer: [Double]

    /// Draws a task of the family.
    /// - Parameters:
    ///   - function: the benchmark function `f`.
    ///   - dimension: number of coordinates, ≥ 1.
    ///   - taskSeed: identifies the task; equal seeds give equal tasks.
    ///   - shiftScale: the shift is uniform in `[−shiftScale, shiftScale]` per coordinate (≥ 0; 0 for no shift).
    ///   - rotate: also apply a random orthogonal matrix.
    public init(function: BenchmarkFunction, dimension: Int, taskSeed: UInt64, shiftScale: Double, rotate: Bool) {
        precondition(dimension >= 1, "FunctionTask: dimension must be ≥ 1, got \(dimension)")
        precondition(shiftScale >= 0 && shiftScale.isFinite, "FunctionTask: shiftScale must be finite and ≥ 0, got \(shiftScale)")
        let base = RandomStream(seed: taskSeed)
        var shiftRandom = base.derived(Self.shiftStream)
        self.function = function
        self.dimension = dimension
        self.taskSeed = taskSeed
        self.shiftScale = shiftScale
        self.shift = (0..<dimension).map { _ in shiftRandom.nextUniform(in: -shiftScale, shiftScale) }
        if rotate {
            var rotationRandom = base.derived(Self.rotationStream)
            self.rotation = Matrix.randomOrthogonal(dimension: dimension, random: &rotationRandom)
        } else {
            self.rotation = nil
        }
        self.minimizer = function.minimizer(dimension: dimension)
    }

    /// `f(R (x − s) + x_f)`.
    /// - Precondition: `x.count == dimension`.
    public func value(_ x: [Double]) -> Double {
        precondition(x.count == dimension, "FunctionTask: point has \(x.count) coordinates, task has \(dimension)")
        var y = [Double](repeating: 0, count: dimension)
        for i in 0..<dimension { y[i] = x[i] - shift[i] }
        if let rotation { y = rotation * y }
        for i in 0..<dimension { y[i] += minimizer[i] }
        return function.value(y)
    }

    /// Whether the task is rotated.
    public var isRotated: Bool { rotation != nil }

    /// Where the task's global minimum lies: the shift `s`.
    public var optimum: [Double] { shift }

    /// The global minimum value, `f`'s own minimum in `dimension` dimensions.
    public var optimalValue: Double { function.minimum(dimension: dimension) }
}
