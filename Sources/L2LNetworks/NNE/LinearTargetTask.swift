import Foundation
import L2LNumerics

/// The linear-target setting of Theorem 2 of Gorantla, Louis, Papadimitriou, Vempala &
/// Yadati (2019, §2.1): a one-layer NNE with m inputs and no hidden layer outputs
/// `xᵀ Wᵀ y` for a genotype x, and must learn the label `ℓ(y) = aᵀ y` of inputs y drawn
/// uniformly from the unit ball of ℝᵐ.
///
/// ```swift
/// var random = RandomStream(seed: 2)
/// let task = LinearTargetTask(inputs: 4, genes: 200, sparsity: 2, random: &random)
/// let ys = task.sampleInputs(count: 64, random: &random)
/// let fitness = task.fitness(genotypes: genotypes, inputs: ys)   // −mean squared error
/// task.relativeError(task.generator.apply(p))                    // ‖W p − a‖ / ‖a‖
/// ```
///
/// W follows the theorem: entries ±√(m/d) with probability d/m (each sign half of it)
/// and 0 otherwise, so `E W_ij² = 1`. The target a is drawn uniformly from the sphere of
/// radius `targetNorm` (≤ 1). The theorem says that with n = O(m + log 1/δ) genes some
/// p ∈ [0, 1]ⁿ has W p = a, and with n = Ω(m log(1/ε)/ε²) some genotype x has
/// cos(W x, a) ≥ 1 − ε; allele-frequency evolution with the squared loss should
/// then drive W p towards a.
public struct LinearTargetTask: Sendable, Equatable {
    /// The input dimension m (= number of links).
    public let inputs: Int
    /// The target vector a.
    public let target: [Double]
    /// The weight-generation matrix W, `inputs × genes`.
    public let generator: WeightGenerationMatrix

    /// Draws W (density d/m, entries ±√(m/d)) and a target on the sphere of radius `targetNorm`.
    /// - Precondition: `1 ≤ sparsity ≤ inputs`, `0 < targetNorm ≤ 1`.
    public init(inputs m: Int, genes n: Int, sparsity d: Double, targetNorm: Double = 1, random: inout RandomStream) {
        precondition(m >= 1 && n >= 1 && d > 0 && d <= Double(m), "LinearTargetTask: m = \(m), n = \(n), d = \(d)")
        precondition(targetNorm > 0 && targetNorm <= 1, "LinearTargetTask: ‖a‖ = \(targetNorm) must be in (0, 1]")
        let direction = Self.unitVector(m, random: &random)
        inputs = m
        target = direction.map { $0 * targetNorm }
        generator = WeightGenerationMatrix(
            rows: m, genes: n, density: d / Double(m), entries: .signed(magnitude: (Double(m) / d).squareRoot()),
            random: &random)
    }

    /// Number of genes n.
    public var genes: Int { generator.genes }

    /// `count` inputs uniform in the unit ball of ℝᵐ (a Gaussian direction times U^{1/m}).
    public func sampleInputs(count: Int, random: inout RandomStream) -> [[Double]] {
        (0..<count).map { _ in
            let r = pow(random.nextUniform(), 1 / Double(inputs))
            return Self.unitVector(inputs, random: &random).map { $0 * r }
        }
    }

    /// Negative mean squared loss `−(1/|Y|) Σ_y (xᵀWᵀy − aᵀy)²` of each genotype: the
    /// reward of eqs. 1–2 (maximized).
    public func fitness(genotypes: [[Double]], inputs ys: [[Double]]) -> [Double] {
        genotypes.map { x in
            let w = generator.apply(x)
            var loss = 0.0
            for y in ys {
                var e = 0.0
                for i in 0..<inputs { e += (w[i] - target[i]) * y[i] }
                loss += e * e
            }
            return -loss / Double(Swift.max(ys.count, 1))
        }
    }

    /// ‖w − a‖ / ‖a‖ for a weight vector w (e.g. `generator.apply(p)`).
    public func relativeError(_ w: [Double]) -> Double {
        precondition(w.count == inputs, "LinearTargetTask: \(w.count) weights for \(inputs) inputs")
        var d = 0.0, a = 0.0
        for i in 0..<inputs {
            d += (w[i] - target[i]) * (w[i] - target[i])
            a += target[i] * target[i]
        }
        return (d / a).squareRoot()
    }

    /// cos(w, a), the alignment of Theorem 2's second part.
    public func cosine(_ w: [Double]) -> Double {
        var dot = 0.0, ww = 0.0, aa = 0.0
        for i in 0..<inputs {
            dot += w[i] * target[i]
            ww += w[i] * w[i]
            aa += target[i] * target[i]
        }
        return ww > 0 ? dot / (ww * aa).squareRoot() : 0
    }

    static func unitVector(_ m: Int, random: inout RandomStream) -> [Double] {
        while true {
            let v = (0..<m).map { _ in random.nextGaussian() }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 1e-12 { return v.map { $0 / norm } }
        }
    }
}
