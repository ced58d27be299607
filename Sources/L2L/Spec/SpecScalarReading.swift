import Yams
import L2LOptimizees

/// Reads YAML scalars as spec values with deliberately strict rules, rather than YAML 1.1's:
/// decimal integers without leading zeros (`010` is not octal 8, `0x1F` and `1e3` are not integers),
/// finite decimal reals (an integer is a real too), `true`/`false` only as bools, and a quoted
/// scalar is always a string.
enum SpecScalarReading {
    enum Reading<Value> {
        case value(Value)
        case problem(String)
    }

    /// How a node is described in "got …" messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull(scalar) { return "nothing (null)" }
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            return (quoted ? "the quoted string " : "") + "'\(SpecText.excerpt(scalar.string))'"
        }
    }

    static func isPlain(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain || scalar.style == .any
    }

    static func isNull(_ scalar: Node.Scalar) -> Bool {
        isPlain(scalar) && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// Sign and digits of a decimal integer literal (underscores between digits allowed), or nil.
    private static func integerParts(_ text: String) -> (negative: Bool, digits: String)? {
        var scalars = Substring(text)
        var negative = false
        if let first = scalars.first, first == "-" || first == "+" {
            negative = first == "-"
            scalars = scalars.dropFirst()
        }
        guard let first = scalars.first, first.isASCII, first.isNumber, let last = scalars.last, last != "_" else {
            return nil
        }
        guard scalars.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "_" }), !scalars.contains("__") else { return nil }
        return (negative, scalars.filter { $0 != "_" })
    }

    private static func isDecimalReal(_ text: String) -> Bool {
        var chars = Array(text.unicodeScalars)
        if let first = chars.first, first == "-" || first == "+" { chars.removeFirst() }
        var index = 0
        func digits() -> Int {
            let start = index
            while index < chars.count, ("0"..."9").contains(chars[index]) || (chars[index] == "_" && index > start) {
                index += 1
            }
            return index - start
        }
        let whole = digits()
        var fraction = 0
        if index < chars.count, chars[index] == "." {
            index += 1
            fraction = digits()
        }
        guard whole + fraction > 0 else { return false }
        if index < chars.count, chars[index] == "e" || chars[index] == "E" {
            index += 1
            if index < chars.count, chars[index] == "-" || chars[index] == "+" { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == chars.count
    }

    private static func hasLeadingZero(_ digits: Substring) -> Bool {
        digits.count > 1 && digits.first == "0" && digits.dropFirst().first != "."
    }

    private static func scalar(_ node: Node, expected: String) -> Reading<Node.Scalar> {
        guard case .scalar(let scalar) = node, !isNull(scalar) else {
            return .problem("expected \(expected), got \(describe(node))")
        }
        return .value(scalar)
    }

    static func integer(_ node: Node, in range: ClosedRange<Int>) -> Reading<Int> {
        let expected = "an integer" + (range == Int.min...Int.max ? "" : " in \(SpecRealRange.describe(range))")
        guard case .value(let scalar) = scalar(node, expected: expected) else {
            return .problem("expected \(expected), got \(describe(node))")
        }
        let text = scalar.string
        guard isPlain(scalar), let parts = integerParts(text) else {
            if isPlain(scalar), isDecimalReal(text) {
                return .problem("expected \(expected), got the real number '\(SpecText.excerpt(text))'")
            }
            if isPlain(scalar), text.hasPrefix("0x") || text.hasPrefix("0o") || text.hasPrefix("0b") || text.contains(":") {
                return .problem("expected \(expected) written in decimal, got '\(SpecText.excerpt(text))'")
            }
            return .problem("expected \(expected), got \(describe(node))")
        }
        if hasLeadingZero(Substring(parts.digits)) {
            return .problem("integers must not have leading zeros (YAML 1.1 reads '\(SpecText.excerpt(text))' as octal); write it without them")
        }
        guard let value = Int(parts.negative ? "-" + parts.digits : parts.digits), range.contains(value) else {
            return .problem("expected \(expected), got \(SpecText.excerpt(text))")
        }
        return .value(value)
    }

    static func seed(_ node: Node) -> Reading<UInt64> {
        let expected = "an integer in [0, 2^64 − 1]"
        guard case .value(let scalar) = scalar(node, expected: expected), isPlain(scalar),
            let parts = integerParts(scalar.string)
        else {
            return .problem("expected \(expected), got \(describe(node))")
        }
        if hasLeadingZero(Substring(parts.digits)) {
            return .problem("integers must not have leading zeros (YAML 1.1 reads '\(SpecText.excerpt(scalar.string))' as octal); write it without them")
        }
        guard !parts.negative || parts.digits.allSatisfy({ $0 == "0" }), let value = UInt64(parts.digits) else {
            return .problem("expected \(expected), got \(SpecText.excerpt(scalar.string))")
        }
        return .value(value)
    }

    static func real(_ node: Node, in range: SpecRealRange) -> Reading<Double> {
        let expected = "a number" + (range.lower.isFinite || range.upper.isFinite ? " \(rangePhrase(range))" : "")
        guard case .value(let scalar) = scalar(node, expected: expected) else {
            return .problem("expected \(expected), got \(describe(node))")
        }
        let text = scalar.string
        guard isPlain(scalar) else { return .problem("expected \(expected), got \(describe(node))") }
        if [".inf", "+.inf", "-.inf", ".Inf", "+.Inf", "-.Inf", ".INF", "+.INF", "-.INF", ".nan", ".NaN", ".NAN"].contains(text) {
            return .problem("expected a finite number, got '\(text)'")
        }
        guard isDecimalReal(text) else { return .problem("expected \(expected), got \(describe(node))") }
        var unsigned = Substring(text)
        if let first = unsigned.first, first == "-" || first == "+" { unsigned = unsigned.dropFirst() }
        let wholeDigits = unsigned.prefix { $0 != "." && $0 != "e" && $0 != "E" }
        if hasLeadingZero(wholeDigits) {
            return .problem("numbers must not have leading zeros (YAML 1.1 reads '\(SpecText.excerpt(text))' as octal); write it without them")
        }
        guard let value = Double(text.filter { $0 != "_" }), value.isFinite else {
            return .problem("expected a finite number, got '\(SpecText.excerpt(text))'")
        }
        guard range.contains(value) else { return .problem("expected \(expected), got \(SpecText.excerpt(text))") }
        return .value(value)
    }

    static func rangePhrase(_ range: SpecRealRange) -> String {
        range.lower.isFinite && range.upper.isFinite ? "in \(range)" : range.description
    }

    static func bool(_ node: Node) -> Reading<Bool> {
        guard case .value(let scalar) = scalar(node, expected: "true or false") else {
            return .problem("expected true or false, got \(describe(node))")
        }
        if isPlain(scalar) {
            switch scalar.string.lowercased() {
            case "true": return .value(true)
            case "false": return .value(false)
            case "yes", "no", "on", "off", "y", "n":
                return .problem("expected true or false, got '\(scalar.string)' (YAML 1.1 reads it as a bool, YAML 1.2 as a string; write true or false)")
            default: break
            }
        }
        return .problem("expected true or false, got \(describe(node))")
    }

    static func string(_ node: Node) -> Reading<String> {
        guard case .value(let scalar) = scalar(node, expected: "a string") else {
            return .problem("expected a string, got \(describe(node))")
        }
        return .value(scalar.string)
    }

    static func choice(_ node: Node, among values: [String]) -> Reading<String> {
        let expected = "one of " + values.joined(separator: ", ")
        guard case .value(let scalar) = scalar(node, expected: expected) else {
            return .problem("expected \(expected), got \(describe(node))")
        }
        guard values.contains(scalar.string) else {
            return .problem("'\(SpecText.excerpt(scalar.string))' is not one of \(values.joined(separator: ", "))"
                + SpecText.didYouMean(scalar.string, among: values))
        }
        return .value(scalar.string)
    }

    /// A list element of a `choice` search space, typed by its look: a plain integer, real or
    /// `true`/`false`, else a string. The field's type is checked later.
    static func anyScalar(_ node: Node) -> Reading<SpecScalar> {
        guard case .value(let scalar) = scalar(node, expected: "a scalar value") else {
            return .problem("expected a scalar value, got \(describe(node))")
        }
        guard isPlain(scalar) else { return .value(.string(scalar.string)) }
        if case .value(let value) = integer(node, in: Int.min...Int.max) { return .value(.int(value)) }
        if case .value(let value) = real(node, in: .any) { return .value(.double(value)) }
        if case .value(let value) = bool(node) { return .value(.bool(value)) }
        return .value(.string(scalar.string))
    }
}
