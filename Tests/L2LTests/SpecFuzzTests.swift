import Testing
@testable import L2L
@testable import L2LOptimizees

/// Mutated and truncated variants of the quickstart never crash or hang, and every issue about a
/// syntax error or a key in the file has a position.
@Suite struct SpecFuzzTests {
    /// SplitMix64, so the variants are the same on every run.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let fragments: [String] = [
        "\t", " ", "  ", "\n", ":", ": ", "- ", "[", "]", "{", "}", ",", "#", "'", "\"", "&a ", "*a", "? ", "|", ">",
        "010", "0x1F", "1e3", "-1", "yes", "~", "null", ".inf", "1000000000000", "\u{0}", "\u{FEFF}", "é", "---\n", "<<: *a\n",
        "population", "elite_fraction", "sigma", "inner.sigma",
    ]

    static func mutate(_ text: String, using generator: inout SeededGenerator) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            guard !scalars.isEmpty else { break }
            let at = Int.random(in: 0..<scalars.count, using: &generator)
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: scalars = Array(scalars.prefix(at))  // truncate
            case 1: scalars.remove(at: at)
            case 2: scalars.insert(contentsOf: fragments.randomElement(using: &generator)!.unicodeScalars, at: at)
            case 3:  // swap two lines
                var lines = String(String.UnicodeScalarView(scalars)).split(separator: "\n", omittingEmptySubsequences: false)
                let a = Int.random(in: 0..<lines.count, using: &generator), b = Int.random(in: 0..<lines.count, using: &generator)
                lines.swapAt(a, b)
                scalars = Array(lines.joined(separator: "\n").unicodeScalars)
            default:  // duplicate a line
                var lines = String(String.UnicodeScalarView(scalars)).split(separator: "\n", omittingEmptySubsequences: false)
                let a = Int.random(in: 0..<lines.count, using: &generator)
                lines.insert(lines[a], at: Int.random(in: 0...lines.count, using: &generator))
                scalars = Array(lines.joined(separator: "\n").unicodeScalars)
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    @Test(arguments: [1, 2, 3]) func mutatedQuickstartsNeverCrash(seed: UInt64) throws {
        let original = try SpecTestSupport.quickstartText()
        var generator = SeededGenerator(state: seed)
        var rejected = 0
        for variant in 0..<150 {
            let text = Self.mutate(original, using: &generator)
            do {
                _ = try SpecLoader.parse(text, fileName: "fuzz.yaml")
            } catch {
                rejected += 1
                #expect(!error.issues.isEmpty, "seed \(seed) variant \(variant)")
                for issue in error.issues {
                    // Issues without a position: an empty document, cut-off counts and assigned values.
                    let positionless = issue.message.contains("the spec is empty") || issue.message.contains("more issues not shown")
                    #expect(positionless || issue.line > 0, "seed \(seed) variant \(variant): \(issue)\n\(text)")
                    #expect(issue.file == "fuzz.yaml")
                }
            }
        }
        #expect(rejected > 50, "seed \(seed): most mutations should be rejected")
    }
}
