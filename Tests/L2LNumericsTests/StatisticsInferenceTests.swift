import Testing
@testable import L2LNumerics

/// Intervals and paired tests against reference values from SciPy 1.17.1 (computed once, in a
/// scratch environment, with the calls quoted beside each constant; `scipy.stats` was not run by
/// the tests). Tolerances: 1e-9 relative for closed-form values, 1e-12 absolute for exact p-values.
@Suite struct StatisticsInferenceTests {
    static let x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
    static let y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]

    static func close(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
        abs(a - b) <= relative * max(abs(b), 1e-300)
    }

    @Test func studentTQuantilesMatchSciPy() {
        // stats.t.ppf(0.975, df)
        let reference: [(Double, Double)] = [(1, 12.706204736174694), (2, 4.302652729749462), (5, 2.5705818356363146),
                                             (10, 2.228138851986274), (30, 2.0422724563012378), (100, 1.9839715185235518)]
        for (df, q) in reference {
            #expect(Self.close(Statistics.studentTQuantile(0.975, degreesOfFreedom: df), q), "df \(df)")
            #expect(Self.close(Statistics.studentTQuantile(0.025, degreesOfFreedom: df), -q), "df \(df)")
        }
        // stats.t.cdf(-2.1, 7), stats.norm.cdf(1.234)
        #expect(Self.close(Statistics.studentTCDF(-2.1, degreesOfFreedom: 7), 0.036935598106461326))
        #expect(Self.close(Statistics.normalCDF(1.234), 0.8913985478784756, relative: 1e-12))
    }

    @Test func meanIntervalMatchesSciPy() {
        // stats.t.interval(0.95, df=8, loc=x.mean(), scale=stats.sem(x)); a NaN (a diverged run) is left out.
        let interval = Statistics.meanInterval(Self.x + [.nan])
        #expect(interval.count == 9)
        #expect(Self.close(interval.mean, 1.7666666666666666, relative: 1e-14))
        #expect(Self.close(interval.lower, 1.2166123036181211))
        #expect(Self.close(interval.upper, 2.316721029715212))
        #expect(Statistics.meanInterval([3]).lower.isNaN)
    }

    @Test func pairedTTestMatchesSciPy() {
        // stats.ttest_rel(x, y): statistic 3.0353754156485917, pvalue 0.016176627434908088, df 8
        let result = Statistics.pairedTTest(Self.x, Self.y)
        #expect(result.count == 9 && result.method == .pairedT)
        #expect(Self.close(result.statistic, 3.0353754156485917))
        #expect(Self.close(result.pValue, 0.016176627434908088))
        // Swapping the arms flips the sign, not the p-value.
        #expect(Self.close(Statistics.pairedTTest(Self.y, Self.x).statistic, -3.0353754156485917))
    }

    @Test func wilcoxonExactMatchesSciPy() {
        // stats.wilcoxon(x, y, method="exact"): statistic 5.0, pvalue 0.0390625 (= 20/512)
        let small = Statistics.wilcoxonSignedRank(Self.x, Self.y)
        #expect(small.method == .wilcoxonExact && small.statistic == 5 && small.count == 9)
        #expect(abs(small.pValue - 0.0390625) < 1e-12)
        // c = [0.3, -1.2, 2.5, 1.1, 0.7, -0.4, 1.9, 2.2, 0.15, 1.45, -0.8, 3.1];
        // stats.wilcoxon(c, method="exact"): 15.0, 0.06396484375
        let c = [0.3, -1.2, 2.5, 1.1, 0.7, -0.4, 1.9, 2.2, 0.15, 1.45, -0.8, 3.1]
        let twelve = Statistics.wilcoxonSignedRank(c, [Double](repeating: 0, count: 12))
        #expect(twelve.method == .wilcoxonExact && twelve.statistic == 15)
        #expect(abs(twelve.pValue - 0.06396484375) < 1e-12)
    }

    @Test func wilcoxonNormalApproximationMatchesSciPy() {
        // With ties and zero differences: stats.wilcoxon(a, b) (method "auto" → "approx"):
        // statistic 18.0, pvalue 0.00044866296897258024
        let a: [Double] = [3, 5, 2, 8, 6, 4, 7, 5, 9, 4, 6, 3, 8, 5, 7, 2, 6, 4, 5, 7, 3, 6, 8, 4, 5]
        let b: [Double] = [2, 5, 3, 6, 4, 4, 5, 3, 7, 5, 4, 3, 6, 4, 5, 3, 4, 2, 5, 6, 2, 4, 6, 5, 3]
        let tied = Statistics.wilcoxonSignedRank(a, b)
        #expect(tied.method == .wilcoxonNormal && tied.statistic == 18 && tied.count == 21)
        #expect(Self.close(tied.pValue, 0.00044866296897258024, relative: 1e-8))
    }

    @Test func bootstrapIntervalIsReproducibleAndExactOnATinySample() {
        var r1 = RandomStream(seed: 7), r2 = RandomStream(seed: 7)
        let first = Statistics.bootstrapInterval(Self.x, resamples: 2000, random: &r1)
        let second = Statistics.bootstrapInterval(Self.x, resamples: 2000, random: &r2)
        #expect(first == second)
        #expect(first.lower < first.mean && first.mean < first.upper)
        // Close to the t-interval on this sample (within a quarter of its width at each end).
        let t = Statistics.meanInterval(Self.x)
        let width = t.upper - t.lower
        #expect(abs(first.lower - t.lower) < width / 4 && abs(first.upper - t.upper) < width / 4)
        // Two values {0, 1}: resample means are 0, ½, 1 with probabilities ¼, ½, ¼, so the 2.5 % and
        // 97.5 % quantiles are 0 and 1.
        var r3 = RandomStream(seed: 1)
        let pair = Statistics.bootstrapInterval([0, 1], resamples: 4000, random: &r3)
        #expect(pair.lower == 0 && pair.upper == 1 && pair.mean == 0.5)
    }
}
