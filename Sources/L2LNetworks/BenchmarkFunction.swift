import Foundation

/// Classic continuous test functions for optimizers, each with its global minimum known.
///
/// Values are the textbook *minimization* forms; an optimizee that wraps them for
/// l2l (which maximizes fitness) reports `-value`. Definitions follow the Virtual
/// Library of Simulation Experiments (Surjanovic & Bingham) and Jamil & Yang 2013.
public enum BenchmarkFunction: String, Codable, Sendable, CaseIterable {
    /// Σ xᵢ²; minimum 0 at 0.
    case sphere
    /// Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²; minimum 0 at (1, …, 1).
    case rosenbrock
    /// 10n + Σ xᵢ² − 10 cos(2π xᵢ); minimum 0 at 0.
    case rastrigin
    /// −20 exp(−0.2 √(Σxᵢ²/n)) − exp(Σ cos(2πxᵢ)/n) + 20 + e; minimum 0 at 0.
    case ackley
    /// 1 + Σ xᵢ²/4000 − Π cos(xᵢ/√i); minimum 0 at 0.
    case griewank
    /// ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ); minimum ≈ −39.16617 n at xᵢ ≈ −2.903534.
    case styblinskiTang = "styblinski_tang"

    /// The function's value at `x`.
    public func value(_ x: [Double]) -> Double {
        let n = Double(x.count)
        switch self {
        case .sphere:
            return x.reduce(0) { $0 + $1 * $1 }
        case .rosenbrock:
            guard x.count > 1 else { return (1 - (x.first ?? 1)) * (1 - (x.first ?? 1)) }
            var s = 0.0
            for i in 0..<(x.count - 1) {
                let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
                s += 100 * a * a + b * b
            }
            return s
        case .rastrigin:
            return 10 * n + x.reduce(0) { $0 + $1 * $1 - 10 * cos(2 * .pi * $1) }
        case .ackley:
            guard !x.isEmpty else { return 0 }
            let sq = x.reduce(0) { $0 + $1 * $1 } / n
            let cs = x.reduce(0) { $0 + cos(2 * .pi * $1) } / n
            return -20 * exp(-0.2 * sq.squareRoot()) - exp(cs) + 20 + M_E
        case .griewank:
            var sum = 0.0, product = 1.0
            for (i, xi) in x.enumerated() {
                sum += xi * xi / 4000
                product *= cos(xi / Double(i + 1).squareRoot())
            }
            return 1 + sum - product
        case .styblinskiTang:
            return 0.5 * x.reduce(0) { $0 + $1 * $1 * $1 * $1 - 16 * $1 * $1 + 5 * $1 }
        }
    }

    /// The global minimizer in `dimension` dimensions.
    public func minimizer(dimension: Int) -> [Double] {
        switch self {
        case .rosenbrock: Array(repeating: 1, count: dimension)
        case .styblinskiTang: Array(repeating: -2.903534027771178, count: dimension)
        default: Array(repeating: 0, count: dimension)
        }
    }

    /// The global minimum value in `dimension` dimensions.
    public func minimum(dimension: Int) -> Double {
        value(minimizer(dimension: dimension))
    }

    /// The conventional search box `[lower, upper]` per coordinate.
    public var conventionalBounds: (lower: Double, upper: Double) {
        switch self {
        case .sphere: (-5.12, 5.12)
        case .rosenbrock: (-5, 10)
        case .rastrigin: (-5.12, 5.12)
        case .ackley: (-32.768, 32.768)
        case .griewank: (-600, 600)
        case .styblinskiTang: (-5, 5)
        }
    }
}
