import Foundation
import L2LNumerics

extension RandomStream {
    /// An exponential deviate with mean 1, by inversion: `−log(1 − U)`, U uniform in [0, 1).
    @inlinable
    public mutating func nextExponential() -> Double {
        -log1p(-nextUniform())
    }

    /// A Poisson deviate with mean `lambda` ≥ 0: Knuth's multiplication method for λ < 30,
    /// else the PTRS transformed rejection of Hörmann 1993 ("The transformed rejection method
    /// for generating Poisson random variables", Insurance Math. Econom. 12:39).
    public mutating func nextPoisson(_ lambda: Double) -> Int {
        precondition(lambda >= 0 && lambda.isFinite, "nextPoisson: mean must be finite and ≥ 0, got \(lambda)")
        if lambda == 0 { return 0 }
        if lambda < 30 {
            let limit = exp(-lambda)
            var product = nextUniform()
            var k = 0
            while product > limit {
                product *= nextUniform()
                k += 1
            }
            return k
        }
        let slam = lambda.squareRoot()
        let loglam = log(lambda)
        let b = 0.931 + 2.53 * slam
        let a = -0.059 + 0.02483 * b
        let invalpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = nextUniform() - 0.5
            let v = nextUniform()
            let us = 0.5 - abs(u)
            let k = floor((2 * a / us + b) * u + lambda + 0.43)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            let lhs = log(v) + log(invalpha) - log(a / (us * us) + b)
            let rhs = -lambda + k * loglam - lgamma(k + 1)
            if lhs <= rhs { return Int(k) }
        }
    }
}
