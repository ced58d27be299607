import Foundation

/// A sample mean with a confidence interval.
public struct MeanInterval: Sendable, Equatable {
    /// Mean of the finite values (for ``Statistics/bootstrapInterval(_:level:resamples:random:statistic:)``: its statistic).
    public var mean: Double
    /// Lower and upper ends of the interval (NaN with fewer than two finite values).
    public var lower: Double
    public var upper: Double
    /// How many finite values went in (non-finite ones are left out).
    public var count: Int
    /// Confidence level, e.g. 0.95.
    public var level: Double
}

/// The result of a two-sided paired test.
public struct PairedTestResult: Sendable, Equatable {
    /// Which test.
    public enum Method: String, Sendable, Equatable {
        /// Paired t-test: t = mean(d) / (s_d / √n), ν = n − 1.
        case pairedT = "paired_t"
        /// Wilcoxon signed-rank, exact null distribution (n ≤ 50, no ties, no zero differences).
        case wilcoxonExact = "wilcoxon_exact"
        /// Wilcoxon signed-rank, normal approximation with the tie correction, no continuity correction.
        case wilcoxonNormal = "wilcoxon_normal"
    }
    public var method: Method
    /// t for the t-test; for Wilcoxon min(W⁺, W⁻), the smaller signed-rank sum.
    public var statistic: Double
    /// Two-sided p-value.
    public var pValue: Double
    /// Pairs used: all for the t-test; for Wilcoxon, those with a non-zero difference.
    public var count: Int
}

/// Intervals and paired tests for study tables: mean with a t-interval, percentile bootstrap,
/// paired t-test and Wilcoxon signed-rank test. Non-finite values (a diverged run) are left out of
/// the one-sample functions; a pair with a non-finite member is left out of the paired tests.
extension Statistics {
    /// Mean with the two-sided Student-t interval mean ± t_{(1+level)/2, n−1} · s/√n
    /// (s with denominator n − 1).
    public static func meanInterval(_ values: [Double], level: Double = 0.95) -> MeanInterval {
        let finite = values.filter(\.isFinite)
        let n = finite.count, m = mean(finite)
        guard n >= 2 else { return MeanInterval(mean: m, lower: .nan, upper: .nan, count: n, level: level) }
        let half = studentTQuantile((1 + level) / 2, degreesOfFreedom: Double(n - 1))
            * standardDeviation(finite, ddof: 1) / Double(n).squareRoot()
        return MeanInterval(mean: m, lower: m - half, upper: m + half, count: n, level: level)
    }

    /// Percentile bootstrap interval of `statistic` (default the mean): `resamples` resamples with
    /// replacement drawn from `random`, and the (1 − level)/2 and (1 + level)/2 empirical quantiles
    /// (linear interpolation between order statistics) of their statistics (Efron & Tibshirani 1993, §13.3).
    public static func bootstrapInterval(
        _ values: [Double], level: Double = 0.95, resamples: Int = 10_000, random: inout RandomStream,
        statistic: ([Double]) -> Double = Statistics.mean
    ) -> MeanInterval {
        let finite = values.filter(\.isFinite)
        let n = finite.count, center = statistic(finite)
        guard n >= 1, resamples >= 2 else { return MeanInterval(mean: center, lower: .nan, upper: .nan, count: n, level: level) }
        var sample = [Double](repeating: 0, count: n)
        var stats = (0..<resamples).map { _ in
            for i in 0..<n { sample[i] = finite[random.nextInt(below: n)] }
            return statistic(sample)
        }
        stats.sort()
        func quantile(_ q: Double) -> Double {
            let position = q * Double(resamples - 1)
            let i = Int(position.rounded(.down)), fraction = position - Double(i)
            return i + 1 < resamples ? stats[i] + fraction * (stats[i + 1] - stats[i]) : stats[i]
        }
        return MeanInterval(mean: center, lower: quantile((1 - level) / 2), upper: quantile((1 + level) / 2),
                            count: n, level: level)
    }

    /// Two-sided paired t-test of mean(a − b) = 0.
    public static func pairedTTest(_ a: [Double], _ b: [Double]) -> PairedTestResult {
        let d = differences(a, b)
        let n = d.count
        guard n >= 2 else { return PairedTestResult(method: .pairedT, statistic: .nan, pValue: .nan, count: n) }
        let t = mean(d) / (standardDeviation(d, ddof: 1) / Double(n).squareRoot())
        let p = t.isNaN ? Double.nan : 2 * studentTCDF(-abs(t), degreesOfFreedom: Double(n - 1))
        return PairedTestResult(method: .pairedT, statistic: t, pValue: min(1, p), count: n)
    }

    /// Two-sided Wilcoxon signed-rank test of a − b symmetric about 0 (Wilcoxon 1945).
    ///
    /// Zero differences are dropped (Wilcoxon's method); |d| are ranked with ties sharing their mean
    /// rank. With n ≤ 50 pairs, no ties and no zeros the p-value is exact (the null distribution of
    /// W⁺ counted over all 2ⁿ sign patterns); otherwise it is the normal approximation
    /// z = (T − n(n+1)/4) / √(n(n+1)(2n+1)/24 − Σ(t³ − t)/48) over tie groups of size t, without a
    /// continuity correction (as `scipy.stats.wilcoxon`'s defaults).
    public static func wilcoxonSignedRank(_ a: [Double], _ b: [Double]) -> PairedTestResult {
        let all = differences(a, b)
        let d = all.filter { $0 != 0 }
        let n = d.count
        guard n >= 1 else { return PairedTestResult(method: .wilcoxonNormal, statistic: .nan, pValue: .nan, count: 0) }
        // Mean ranks of |d|, and the tie groups' sizes.
        let order = d.indices.sorted { abs(d[$0]) < abs(d[$1]) }
        var ranks = [Double](repeating: 0, count: n)
        var tieCorrection = 0.0
        var start = 0
        while start < n {
            var end = start
            while end + 1 < n, abs(d[order[end + 1]]) == abs(d[order[start]]) { end += 1 }
            let rank = Double(start + end + 2) / 2
            for k in start...end { ranks[order[k]] = rank }
            let t = Double(end - start + 1)
            tieCorrection += t * t * t - t
            start = end + 1
        }
        let plus = zip(d, ranks).reduce(0) { $0 + ($1.0 > 0 ? $1.1 : 0) }
        let total = Double(n * (n + 1)) / 2
        let statistic = min(plus, total - plus)
        if n <= 50, tieCorrection == 0, all.count == n {
            // counts[s]: sign patterns whose positive ranks sum to s.
            let top = n * (n + 1) / 2
            var counts = [Double](repeating: 0, count: top + 1)
            counts[0] = 1
            for r in 1...n { for s in stride(from: top, through: r, by: -1) { counts[s] += counts[s - r] } }
            let below = counts[0...Int(statistic)].reduce(0, +)
            let p = min(1, 2 * below / pow(2, Double(n)))
            return PairedTestResult(method: .wilcoxonExact, statistic: statistic, pValue: p, count: n)
        }
        let nn = Double(n)
        let variance = nn * (nn + 1) * (2 * nn + 1) / 24 - tieCorrection / 48
        let z = (statistic - nn * (nn + 1) / 4) / variance.squareRoot()
        let p = variance > 0 ? min(1, 2 * normalCDF(-abs(z))) : 1
        return PairedTestResult(method: .wilcoxonNormal, statistic: statistic, pValue: p, count: n)
    }

    /// a − b over the pairs where both are finite. - Precondition: equal lengths.
    private static func differences(_ a: [Double], _ b: [Double]) -> [Double] {
        precondition(a.count == b.count, "paired samples need equal lengths (\(a.count) vs \(b.count))")
        return zip(a, b).compactMap { $0.isFinite && $1.isFinite ? $0 - $1 : nil }
    }
}
