/// e^x for the graded synapses' sigmoid, written once for one element (`Double`) and for 8
/// (`SIMD8<Double>`), so that every lane of the 8-wide form gives the scalar form's bits: the fused
/// 16-member step and the other kernels must agree (batch members equal single runs).
///
/// x is clamped to [−700, 700] (φ is then 0 or 1 to within 1e-304), reduced as x = n·ln2 + r with
/// |r| ≤ ln2/2 (Cody–Waite, two-part ln2), and e^r summed as its degree-13 Taylor polynomial
/// (truncation < 4e-18 relative) by Estrin's scheme — short dependency chains, so consecutive
/// elements overlap in the pipeline; 2^n is assembled from the exponent bits. Agrees with libm's
/// `exp` to a few ulp, and vectorizes (no libm call). A NaN passes the clamp unchanged (then the
/// result is NaN too); a NaN V also shows up in dV.
@inline(__always)
func sigmoidExp(_ x: Double) -> Double { exponential(x) }

/// ``sigmoidExp(_:)`` on 8 lanes, operation for operation.
@inline(__always)
func sigmoidExp8(_ x: SIMD8<Double>) -> SIMD8<Double> { exponential(x) }

/// The one formula of ``sigmoidExp(_:)``. Each line is one IEEE operation per lane, in the same order
/// for both element types (named methods rather than operators, so that conforming `SIMD8` adds no
/// operator overloads for the type checker to weigh in every other SIMD expression).
@inline(__always)
private func exponential<T: ExponentialArithmetic>(_ x: T) -> T {
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

/// The operations ``exponential(_:)`` needs, lane-wise.
private protocol ExponentialArithmetic {
    init(splat: Double)
    func plus(_ y: Self) -> Self
    func minus(_ y: Self) -> Self
    func times(_ y: Self) -> Self
    func times(_ y: Double) -> Self
    /// Clamped to [−bound, bound], a NaN passing through (as `Swift.min(Swift.max(x, −b), b)`).
    func clamped(to bound: Double) -> Self
    /// self · 2^n, n = kd − shifter read from kd's low bits (kd = x·log2(e) + shifter).
    func timesTwoToThe(roundedBy kd: Self, shifter: Self) -> Self
}

extension Double: ExponentialArithmetic {
    @inline(__always) fileprivate init(splat: Double) { self = splat }
    @inline(__always) fileprivate func plus(_ y: Double) -> Double { self + y }
    @inline(__always) fileprivate func minus(_ y: Double) -> Double { self - y }
    @inline(__always) fileprivate func times(_ y: Double) -> Double { self * y }
    @inline(__always) fileprivate func clamped(to bound: Double) -> Double { Swift.min(Swift.max(self, -bound), bound) }
    @inline(__always) fileprivate func timesTwoToThe(roundedBy kd: Double, shifter: Double) -> Double {
        self * Double(bitPattern: (kd.bitPattern &- shifter.bitPattern &+ 1023) &<< 52)
    }
}

extension SIMD8: ExponentialArithmetic where Scalar == Double {
    @inline(__always) fileprivate init(splat: Double) { self.init(repeating: splat) }
    @inline(__always) fileprivate func plus(_ y: Self) -> Self { self + y }
    @inline(__always) fileprivate func minus(_ y: Self) -> Self { self - y }
    @inline(__always) fileprivate func times(_ y: Self) -> Self { self * y }
    @inline(__always) fileprivate func times(_ y: Double) -> Self { self * y }
    @inline(__always) fileprivate func clamped(to bound: Double) -> Self {
        // Swift.max(x, −b) is `−b >= x ? −b : x`, Swift.min(·, b) is `b < · ? b : ·`: a NaN passes through both.
        var c = self
        c.replace(with: -bound, where: c .<= -bound)
        c.replace(with: bound, where: c .> bound)
        return c
    }
    @inline(__always) fileprivate func timesTwoToThe(roundedBy kd: Self, shifter: Self) -> Self {
        let bits = (unsafeBitCast(kd, to: SIMD8<UInt64>.self) &- unsafeBitCast(shifter, to: SIMD8<UInt64>.self) &+ 1023) &<< 52
        return self * unsafeBitCast(bits, to: Self.self)
    }
}
