/// Floating-point arithmetic of a simulation: `double` (IEEE binary64, the default and the
/// reference's arithmetic) or `single` (binary32: twice the SIMD lanes per register and half the
/// bytes per coefficient and state value, at about 7 significant digits). Set-up — the equilibrium
/// solves, the weights, the inputs — stays in double; the choice affects the time loop.
/// As Brian2's `prefs.core.default_float_dtype`.
public enum SimulationPrecision: String, Sendable, Codable, CaseIterable {
    case double, single
}

/// The element type of the connectome kernels (``SimulationPrecision``): `Double` or `Float`.
/// `Register` is one 512-bit vector of it (8 doubles or 16 floats); a fused chunk holds its
/// members in two registers, so a chunk's state and coefficients take the same bytes in either
/// precision.
protocol GradedScalar: BinaryFloatingPoint, SIMDScalar, Sendable, ExponentialArithmetic where Element == Self {
    associatedtype Register: SIMD, ExponentialArithmetic where Register.Scalar == Self, Register.Element == Self
    /// Operations of the exponential per element, counted from its code: double 38 (clamp 2,
    /// reduction 7, powers 3, polynomial 25, scaling 1), single 25 (powers 2, polynomial 13).
    static var exponentialOperations: Int { get }
}

extension Double: GradedScalar {
    typealias Register = SIMD8<Double>
    static var exponentialOperations: Int { 38 }
}

extension Float: GradedScalar {
    typealias Register = SIMD16<Float>
    static var exponentialOperations: Int { 25 }
}

/// Lane-wise IEEE arithmetic as named methods, implemented once per concrete type (one element,
/// or one register of lanes), so that generic kernels over ``GradedScalar`` specialize to the
/// concrete SIMD instructions: the standard library's generic `SIMD` operators are loops over
/// the lanes, which the specialized kernels did not turn back into vector code (1.6× slower).
/// A formula written once with these gives every lane the scalar form's bits.
protocol LaneArithmetic {
    associatedtype Element: BinaryFloatingPoint
    init(splat: Element)
    func plus(_ y: Self) -> Self
    func minus(_ y: Self) -> Self
    func times(_ y: Self) -> Self
    func times(_ y: Element) -> Self
    func divided(by y: Self) -> Self
    /// e^self by the precision's ``sigmoidExp(_:)-(Double)``.
    var exponential: Self { get }
}

extension Double: LaneArithmetic {
    @inline(__always) init(splat: Double) { self = splat }
    @inline(__always) func plus(_ y: Double) -> Double { self + y }
    @inline(__always) func minus(_ y: Double) -> Double { self - y }
    @inline(__always) func times(_ y: Double) -> Double { self * y }
    @inline(__always) func divided(by y: Double) -> Double { self / y }
    @inline(__always) var exponential: Double { exponentialDouble(self) }
}

extension Float: LaneArithmetic {
    @inline(__always) init(splat: Float) { self = splat }
    @inline(__always) func plus(_ y: Float) -> Float { self + y }
    @inline(__always) func minus(_ y: Float) -> Float { self - y }
    @inline(__always) func times(_ y: Float) -> Float { self * y }
    @inline(__always) func divided(by y: Float) -> Float { self / y }
    @inline(__always) var exponential: Float { exponentialSingle(self) }
}

extension SIMD8: LaneArithmetic where Scalar == Double {
    typealias Element = Double
    @inline(__always) init(splat: Double) { self.init(repeating: splat) }
    @inline(__always) func plus(_ y: Self) -> Self { self + y }
    @inline(__always) func minus(_ y: Self) -> Self { self - y }
    @inline(__always) func times(_ y: Self) -> Self { self * y }
    @inline(__always) func times(_ y: Double) -> Self { self * y }
    @inline(__always) func divided(by y: Self) -> Self { self / y }
    @inline(__always) var exponential: Self { exponentialDouble(self) }
}

extension SIMD16: LaneArithmetic where Scalar == Float {
    typealias Element = Float
    @inline(__always) init(splat: Float) { self.init(repeating: splat) }
    @inline(__always) func plus(_ y: Self) -> Self { self + y }
    @inline(__always) func minus(_ y: Self) -> Self { self - y }
    @inline(__always) func times(_ y: Self) -> Self { self * y }
    @inline(__always) func times(_ y: Float) -> Self { self * y }
    @inline(__always) func divided(by y: Self) -> Self { self / y }
    @inline(__always) var exponential: Self { exponentialSingle(self) }
}
