import ArgumentParser
import Foundation
import L2LNumerics

/// `l2l stats A [B]`: the numbers of a study table — mean with its 95 % t-interval and percentile
/// bootstrap interval for each arm, and with two arms (paired by position, e.g. per held-out task)
/// the same for the differences A − B, the paired t-test and the Wilcoxon signed-rank test.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Mean, 95 % intervals and paired tests of one or two samples.",
        discussion: """
            Each sample is a comma- or space-separated list of numbers (one per seed or held-out task); `nan` \
            and `inf` are accepted and left out (a pair with one is left out of the paired tests). The \
            bootstrap uses 10,000 resamples from a fixed seed, so the output is reproducible.
            """)

    @Argument(help: "Sample A, e.g. \"1.2,0.9,1.4\".")
    var a: String

    @Argument(help: "Sample B, paired with A by position.")
    var b: String?

    @Option(name: .long, help: "Confidence level of the intervals.")
    var level: Double = 0.95

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level must lie in (0, 1)") }
    }

    static func parse(_ text: String, name: String) throws -> [Double] {
        let fields = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" || $0 == "\t" })
        return try fields.map { field in
            guard let value = Double(field) else { throw ValidationError("sample \(name): '\(field)' is not a number") }
            return value
        }
    }

    /// One arm's summary.
    struct Arm: Encodable {
        var count: Int
        var mean: Double
        var tLow: Double
        var tHigh: Double
        var bootstrapLow: Double
        var bootstrapHigh: Double

        init(_ values: [Double], level: Double) {
            let t = Statistics.meanInterval(values, level: level)
            var random = RandomStream(seed: 20)
            let boot = Statistics.bootstrapInterval(values, level: level, random: &random)
            self.init(count: t.count, mean: t.mean, tLow: t.lower, tHigh: t.upper, bootstrapLow: boot.lower, bootstrapHigh: boot.upper)
        }

        init(count: Int, mean: Double, tLow: Double, tHigh: Double, bootstrapLow: Double, bootstrapHigh: Double) {
            (self.count, self.mean, self.tLow, self.tHigh, self.bootstrapLow, self.bootstrapHigh) = (count, mean, tLow, tHigh, bootstrapLow, bootstrapHigh)
        }

        var text: String {
            "n \(count)  mean \(f(mean))  t-interval [\(f(tLow)), \(f(tHigh))]  bootstrap [\(f(bootstrapLow)), \(f(bootstrapHigh))]"
        }
    }

    struct Test: Encodable {
        var method: String
        var statistic: Double
        var pValue: Double
        var count: Int
        init(_ r: PairedTestResult) { (method, statistic, pValue, count) = (r.method.rawValue, r.statistic, r.pValue, r.count) }
    }

    struct Report: Encodable {
        var level: Double
        var a: Arm
        var b: Arm?
        var difference: Arm?
        var pairedT: Test?
        var wilcoxon: Test?
    }

    func run() throws {
        let first = try Self.parse(a, name: "A")
        let second = try b.map { try Self.parse($0, name: "B") }
        if let second, second.count != first.count {
            throw ValidationError("paired samples need equal lengths: A has \(first.count) numbers, B \(second.count)")
        }
        var report = Report(level: level, a: Arm(first, level: level))
        if let second {
            report.b = Arm(second, level: level)
            let pairs = zip(first, second).filter { $0.isFinite && $1.isFinite }
            report.difference = Arm(pairs.map { $0 - $1 }, level: level)
            report.pairedT = Test(Statistics.pairedTTest(first, second))
            report.wilcoxon = Test(Statistics.wilcoxonSignedRank(first, second))
        }
        if json {
            print(String(decoding: try JSONOutput.encoder.encode(report), as: UTF8.self))
            return
        }
        let percent = f(level * 100)
        print("\(percent) % intervals")
        print("A      \(report.a.text)")
        if let b = report.b, let d = report.difference, let t = report.pairedT, let w = report.wilcoxon {
            print("B      \(b.text)")
            print("A − B  \(d.text)")
            print("paired t-test: t = \(f(t.statistic)), p = \(f(t.pValue)) (n \(t.count))")
            print("Wilcoxon signed-rank (\(w.method == "wilcoxon_exact" ? "exact" : "normal approximation")): W = \(f(w.statistic)), p = \(f(w.pValue)) (n \(w.count) non-zero differences)")
        }
    }
}

/// Four significant digits, or nan/inf.
private func f(_ x: Double) -> String {
    x.isFinite ? String(format: "%.4g", x) : (x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf"))
}
