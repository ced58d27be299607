/// e^x for the graded synapses' sigmoid, written once per precision for one element and for a
/// register of lanes, so that every lane of the vector form gives the scalar form's bits: the
/// fused chunk step and the other kernels must agree (batch members equal single runs).
///
/// Double: x is clamped to [−700, 700] (φ is then 0 or 1 to within 1e-304), reduced as
/// x = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite, two-part ln2), and e^r summed as its degree-13 Taylor
/// polynomial (truncation < 4e-18 relative) by Estrin's scheme — short dependency chains, so
/// consecutive elements overlap in the pipeline; 2^n is assembled from the exponent bits. Agrees
/// with libm's `exp` to a few ulp, and vectorizes (no libm call). Float: the same steps with float
/// constants, clamped to [−87, 87] and a degree-7 polynomial (truncation < 7.1e-9 relative, below
/// float's 6e-8 rounding). A NaN passes the clamp unchanged (then the result is NaN too); a NaN V
/// also shows up in dV.
@inline(__always)
func sigmoidExp(_ x: Double) -> Double { exponentialDouble(x) }

/// ``sigmoidExp(_:)-(Double)`` on 8 lanes, operation for operation.
@inline(__always)
func sigmoidExp8(_ x: SIMD8<Double>) -> SIMD8<Double> { exponentialDouble(x) }

/// The single-precision ``sigmoidExp(_:)-(Double)``.
@inline(__always)
func sigmoidExp(_ x: Float) -> Float { exponentialSingle(x) }

/// The single-precision form on 16 lanes, operation for operation.
@inline(__always)
func sigmoidExp16(_ x: SIMD16<Float>) -> SIMD16<Float> { exponentialSingle(x) }

/// The double-precision formula. Each line is one IEEE operation per lane, in the same order for
/// both element types (named methods rather than operators, so that conforming the SIMD types adds
/// no operator overloads for the type checker to weigh in every other SIMD expression).
@inline(__always)
func exponentialDouble<T: ExponentialArithmetic>(_ x: T) -> T where T.Element == Double {
    let xc = x.clamped(to: 700.0)
    let shifter = T(splat: 6_755_399_441_055_744.0)         // 1.5 · 2^52: adding it rounds to an integer
    let kd = xc.times(1.4426950408889634).plus(shifter)
    let nd = kd.minus(shifter)
    let r = xc.minus(nd.times(0.6931471803691238)).minus(nd.times(1.9082149292705877e-10))
    let r2 = r.times(r), r4 = r2.times(r2), r8 = r4.times(r4)
    let p01 = T(splat: 1.0).plus(r), p23 = T(splat: 0.5).plus(r.times(1.0 / 6.0))
    let p45 = T(splat: 1.0 / 24.0).plus(r.times(1.0 / 120.0)), p67 = T(splat: 1.0 / 720.0).plus(r.times(1.0 / 5_040.0))
    let p89 = T(splat: 1.0 / 40_320.0).plus(r.times(1.0 / 362_880.0))
    let p1011 = T(splat: 1.0 / 3_628_800.0).plus(r.times(1.0 / 39_916_800.0))
    let p1213 = T(splat: 1.0 / 479_001_600.0).plus(r.times(1.0 / 6_227_020_800.0))
    let q0 = p01.plus(r2.times(p23)), q1 = p45.plus(r2.times(p67)), q2 = p89.plus(r2.times(p1011))
    let p = q0.plus(r4.times(q1)).plus(r8.times(q2.plus(r4.times(p1213))))
    return p.timesTwoToThe(roundedBy: kd, shifter: shifter)
}

/// The single-precision formula: ln2 split so that n·ln2_hi is exact for |n| ≤ 127 (15-bit
/// ln2_hi), e^r to degree 7 by Estrin's scheme.
@inline(__always)
func exponentialSingle<T: ExponentialArithmetic>(_ x: T) -> T where T.Element == Float {
    let xc = x.clamped(to: 87.0)
    let shifter = T(splat: 12_582_912.0)                     // 1.5 · 2^23
    let kd = xc.times(1.442_695_04).plus(shifter)
    let nd = kd.minus(shifter)
    let r = xc.minus(nd.times(0.693_145_751_953_125)).minus(nd.times(1.428_606_820_309_417_2e-6))
    let r2 = r.times(r), r4 = r2.times(r2)
    let p01 = T(splat: 1.0).plus(r), p23 = T(splat: 0.5).plus(r.times(1.0 / 6.0))
    let p45 = T(splat: 1.0 / 24.0).plus(r.times(1.0 / 120.0)), p67 = T(splat: 1.0 / 720.0).plus(r.times(1.0 / 5_040.0))
    let p = p01.plus(r2.times(p23)).plus(r4.times(p45.plus(r2.times(p67))))
    return p.timesTwoToThe(roundedBy: kd, shifter: shifter)
}

/// The operations the exponentials need beyond ``LaneArithmetic``, lane-wise.
protocol ExponentialArithmetic: LaneArithmetic {
    /// Clamped to [−bound, bound], a NaN passing through (as `Swift.min(Swift.max(x, −b), b)`:
    /// `max(x, −b)` is `−b >= x ? −b : x`, `min(·, b)` is `b < · ? b : ·`).
    func clamped(to bound: Element) -> Self
    /// self · 2^n, n = kd − shifter read from kd's low bits (kd = x·log2(e) + shifter).
    func timesTwoToThe(roundedBy kd: Self, shifter: Self) -> Self
}

extension Double: ExponentialArithmetic {
    @inline(__always) func clamped(to bound: Double) -> Double { Swift.min(Swift.max(self, -bound), bound) }
    @inline(__always) func timesTwoToThe(roundedBy kd: Double, shifter: Double) -> Double {
        self * Double(bitPattern: (kd.bitPattern &- shifter.bitPattern &+ 1023) &<< 52)
    }
}

extension Float: ExponentialArithmetic {
    @inline(__always) func clamped(to bound: Float) -> Float { Swift.min(Swift.max(self, -bound), bound) }
    @inline(__always) func timesTwoToThe(roundedBy kd: Float, shifter: Float) -> Float {
        self * Float(bitPattern: (kd.bitPattern &- shifter.bitPattern &+ 127) &<< 23)
    }
}

extension SIMD8: ExponentialArithmetic where Scalar == Double {
    @inline(__always) func clamped(to bound: Double) -> Self {
        var c = self   // concrete, not a generic helper: the generic mask operations are lane loops
        c.replace(with: -bound, where: c .<= -bound)
        c.replace(with: bound, where: c .> bound)
        return c
    }
    @inline(__always) func timesTwoToThe(roundedBy kd: Self, shifter: Self) -> Self {
        let bits = (unsafeBitCast(kd, to: SIMD8<UInt64>.self) &- unsafeBitCast(shifter, to: SIMD8<UInt64>.self) &+ 1023) &<< 52
        return self * unsafeBitCast(bits, to: Self.self)
    }
}

extension SIMD16: ExponentialArithmetic where Scalar == Float {
    @inline(__always) func clamped(to bound: Float) -> Self {
        var c = self
        c.replace(with: -bound, where: c .<= -bound)
        c.replace(with: bound, where: c .> bound)
        return c
    }
    @inline(__always) func timesTwoToThe(roundedBy kd: Self, shifter: Self) -> Self {
        let bits = (unsafeBitCast(kd, to: SIMD16<UInt32>.self) &- unsafeBitCast(shifter, to: SIMD16<UInt32>.self) &+ 127) &<< 23
        return self * unsafeBitCast(bits, to: Self.self)
    }
}
