import L2LOptimizees
/// Small text helpers for spec messages: excerpts, "did you mean" suggestions.
enum SpecText {
    /// `text` cut to `limit` Unicode scalars, control characters escaped.
    static func excerpt(_ text: String, limit: Int = 40) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                result += "…"
                break
            }
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += scalar == "\n" ? "\\n" : scalar == "\t" ? "\\t" : "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result
    }

    /// The candidate closest to `word` if it is close enough to be a likely typo, else nil.
    ///
    /// Close means: equal ignoring case and `_`/`-` (so `eliteFraction` finds `elite_fraction`),
    /// a Levenshtein distance of at most a third of the length (at least 1, at most 3),
    /// or one containing the other (`sigma` finds `initial_sigma`).
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let normalizedWord = normalize(word)
        if let exact = candidates.first(where: { normalize($0) == normalizedWord }) { return exact }
        let scored = candidates.map { ($0, distance(normalizedWord, normalize($0))) }
        let limit = min(3, max(1, normalizedWord.count / 3))
        if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit { return best.0 }
        if normalizedWord.count >= 3,
            let containing = candidates.first(where: {
                let candidate = normalize($0)
                return candidate.contains(normalizedWord) || normalizedWord.contains(candidate)
            })
        {
            return containing
        }
        return nil
    }

    /// `; did you mean 'x'?` or "".
    static func didYouMean(_ word: String, among candidates: [String]) -> String {
        suggestion(for: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    private static func normalize(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" }.prefix(64))
    }

    /// Levenshtein distance over Unicode scalars (inputs are short: at most 64 scalars).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `a, b or c`.
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + (items.last ?? "")
    }
}
