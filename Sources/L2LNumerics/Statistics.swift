/// Summary statistics over samples of `Double`, NaN-aware where it matters.
///
/// Fitness values can be NaN or ∞ (a diverging network is a recorded outcome),
/// so the functions here state what they do with non-finite input.
public enum Statistics {
    /// Arithmetic mean; NaN for an empty sample.
    public static func mean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        return values.reduce(0, +) / Double(values.count)
    }

    /// Median (mean of the two central values for an even count); NaN for an empty sample.
    /// NaN inputs sort last, so they count as the largest values.
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted { a, b in a.isNaN ? false : (b.isNaN ? true : a < b) }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Sample variance with denominator `n - ddof`; NaN when `n <= ddof`.
    public static func variance(_ values: [Double], ddof: Int = 0) -> Double {
        let n = values.count
        guard n > ddof else { return .nan }
        let m = mean(values)
        return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - ddof)
    }

    /// Standard deviation with denominator `n - ddof`.
    public static func standardDeviation(_ values: [Double], ddof: Int = 0) -> Double {
        variance(values, ddof: ddof).squareRoot()
    }

    /// Trapezoidal area under a curve sampled at unit spacing, divided by its length,
    /// so a constant curve `c` has normalized area `c`. A single point returns itself.
    public static func normalizedArea(_ curve: [Double]) -> Double {
        guard curve.count > 1 else { return curve.first ?? .nan }
        var area = 0.0
        for i in 1..<curve.count { area += (curve[i - 1] + curve[i]) / 2 }
        return area / Double(curve.count - 1)
    }

    /// Indices that order `values` from best (largest) to worst; NaN ranks last and
    /// ties keep their original order, so the ranking is deterministic.
    public static func descendingOrder(_ values: [Double]) -> [Int] {
        values.indices.sorted { i, j in
            let a = values[i], b = values[j]
            if a.isNaN != b.isNaN { return !a.isNaN }
            if a.isNaN || a == b { return i < j }
            return a > b
        }
    }

    /// Centered ranks in [-0.5, 0.5] (OpenAI-ES fitness shaping): the best value gets 0.5.
    public static func centeredRanks(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n > 1 else { return Array(repeating: 0, count: n) }
        var ranks = [Double](repeating: 0, count: n)
        for (rank, index) in descendingOrder(values).enumerated() {
            ranks[index] = Double(n - 1 - rank) / Double(n - 1) - 0.5
        }
        return ranks
    }
}
