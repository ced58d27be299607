import Foundation

/// Distribution functions behind the intervals and tests of ``Statistics``: the standard normal
/// and Student's t, through the regularized incomplete beta function.
extension Statistics {
    /// Standard normal CDF Φ(z) = ½ erfc(−z/√2).
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// Student's t CDF with `degreesOfFreedom` ν > 0:
    /// P(T ≤ t) = 1 − ½ I_x(ν/2, ½) for t ≥ 0 (and ½ I_x(ν/2, ½) for t < 0), x = ν/(ν + t²)
    /// (Abramowitz & Stegun 26.7.1 with 26.5.27). NaN for ν ≤ 0 or a NaN t.
    public static func studentTCDF(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN else { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let tail = 0.5 * regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile of Student's t with ν degrees of freedom (0 < p < 1), by bisection on
    /// ``studentTCDF(_:degreesOfFreedom:)`` to a relative precision of about 1e-13.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, p > 0, p < 1 else { return p == 0 ? -.infinity : p == 1 ? .infinity : .nan }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -studentTQuantile(1 - p, degreesOfFreedom: nu) }
        var low = 0.0, high = 1.0
        while studentTCDF(high, degreesOfFreedom: nu) < p, high < 1e300 { low = high; high *= 2 }
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if studentTCDF(mid, degreesOfFreedom: nu) < p { low = mid } else { high = mid }
            if high - low <= 1e-14 * high { break }
        }
        return (low + high) / 2
    }

    /// The regularized incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1], by its
    /// continued fraction (Abramowitz & Stegun 26.5.8) evaluated with the modified Lentz method,
    /// using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, x >= 0, x <= 1 else { return .nan }
        if x == 0 || x == 1 { return x }
        if x > (a + 1) / (a + b + 2) { return 1 - regularizedIncompleteBeta(1 - x, a: b, b: a) }
        // x^a (1−x)^b / (a B(a, b)), in logs.
        let front = exp(a * log(x) + b * log1p(-x) + lgamma(a + b) - lgamma(a) - lgamma(b))
        return front * betaContinuedFraction(x, a: a, b: b) / a
    }

    /// The continued fraction 1/(1+ d₁/(1+ d₂/(1+ …))) of A&S 26.5.8 (Lentz's method).
    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...10_000 {
            let m = Double(m)
            // Even step d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)).
            var term = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
            term = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return result
    }
}
