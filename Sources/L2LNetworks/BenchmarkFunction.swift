import Foundation

/// Classic continuous test functions for optimizers, each with its global minimum known.
///
/// Values are the textbook *minimization* forms; an optimizee that wraps them for
/// l2l (which maximizes fitness) reports `-value`. Definitions follow the Virtual
/// Library of Simulation Experiments (Surjanovic & Bingham, sfu.ca/~ssurjano) and Jamil & Yang
/// 2013 (*Int. J. Math. Model. Numer. Optim.* 4:150); the `MGH n` ones are problem n of Moré,
/// Garbow & Hillstrom 1981, "Testing unconstrained optimization software", *ACM TOMS* 7:17,
/// written as f = Σ fᵢ². `bench/mads/test_functions.py` holds the same forms in Python.
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
    /// Extended Powell singular (MGH 22): Σ over groups of four (x₁ + 10x₂)² + 5(x₃ − x₄)² +
    /// (x₂ − 2x₃)⁴ + 10(x₁ − x₄)⁴; minimum 0 at 0, singular Hessian there (a trailing partial group is ignored).
    case powellSingular = "powell_singular"
    /// Trid: Σ (xᵢ − 1)² − Σᵢ₌₂ xᵢxᵢ₋₁; minimum −n(n + 4)(n − 1)/6 at xᵢ = i(n + 1 − i).
    case trid
    /// Zakharov: Σ xᵢ² + t² + t⁴ with t = Σ ½ i xᵢ; minimum 0 at 0.
    case zakharov
    /// Dixon–Price: (x₁ − 1)² + Σᵢ₌₂ i(2xᵢ² − xᵢ₋₁)²; minimum 0 at xᵢ = 2^−((2ⁱ − 2)/2ⁱ).
    case dixonPrice = "dixon_price"
    /// Levy: with wᵢ = 1 + (xᵢ − 1)/4, sin²(πw₁) + Σᵢ₌₁ⁿ⁻¹ (wᵢ − 1)²(1 + 10 sin²(πwᵢ + 1))
    /// + (wₙ − 1)²(1 + sin²(2πwₙ)); minimum 0 at 1.
    case levy
    /// Sum of squares (axis-parallel hyper-ellipsoid): Σ i xᵢ²; minimum 0 at 0.
    case sumSquares = "sum_squares"
    /// Variably dimensioned (MGH 25): Σ (xᵢ − 1)² + t² + t⁴ with t = Σ i(xᵢ − 1); minimum 0 at 1.
    case variablyDimensioned = "variably_dimensioned"
    /// Brown almost-linear (MGH 27): Σᵢ₌₁ⁿ⁻¹ (xᵢ + Σⱼ xⱼ − (n + 1))² + (Πⱼ xⱼ − 1)²; minimum 0 at 1.
    case brownAlmostLinear = "brown_almost_linear"
    /// Extended Wood (MGH 14 per group of four): 100(x₂ − x₁²)² + (1 − x₁)² + 90(x₄ − x₃²)² + (1 − x₃)²
    /// + 10.1((x₂ − 1)² + (x₄ − 1)²) + 19.8(x₂ − 1)(x₄ − 1); minimum 0 at 1 (a trailing partial group is ignored).
    case wood

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
        default:
            return moreValue(x)
        }
    }

    /// The global minimizer in `dimension` dimensions.
    public func minimizer(dimension: Int) -> [Double] {
        switch self {
        case .rosenbrock: Array(repeating: 1, count: dimension)
        case .styblinskiTang: Array(repeating: -2.903534027771178, count: dimension)
        case .levy, .variablyDimensioned, .brownAlmostLinear, .wood: Array(repeating: 1, count: dimension)
        case .trid: (1...Swift.max(1, dimension)).prefix(dimension).map { Double($0 * (dimension + 1 - $0)) }
        case .dixonPrice:
            (1...Swift.max(1, dimension)).prefix(dimension).map { i in pow(2, -(pow(2, Double(i)) - 2) / pow(2, Double(i))) }
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
        case .powellSingular: (-4, 5)
        // The VLSE box of Trid is [−n², n²]; ±100 holds its minimizer up to n = 19.
        case .trid: (-100, 100)
        case .zakharov: (-5, 10)
        case .dixonPrice, .levy, .sumSquares, .variablyDimensioned, .brownAlmostLinear, .wood: (-10, 10)
        }
    }
}
