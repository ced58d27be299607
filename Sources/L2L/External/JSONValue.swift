import L2LOptimizees
/// A JSON value, with a reader and writer that keep doubles bit-exact: the external-optimizee
/// protocol (docs/external-protocol.md) and a spec's `config` mapping travel as JSON.
///
/// Written by hand rather than with Foundation's JSONSerialization because the protocol needs
/// three things it does not give: integers up to 2^64 − 1 kept as integers (seeds), numbers parsed
/// with correct rounding by Swift's own `Double(_:)`, and the non-finite strings `"nan"`, `"inf"`,
/// `"-inf"` read as numbers where a number is expected.
public indirect enum JSONValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits an `Int64`/`UInt64`, kept exact.
    case integer(text: String)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in the order written.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.number(let a), .number(let b)): a.bitPattern == b.bitPattern
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
    }

    /// The member `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.0 == key }?.1
    }

    /// A number (or the strings `"nan"`, `"inf"`, `"-inf"`) as a double.
    public var doubleValue: Double? {
        switch self {
        case .number(let value): value
        case .integer(let text): Double(text)
        case .string("nan"), .string("NaN"): .nan
        case .string("inf"), .string("Infinity"): .infinity
        case .string("-inf"), .string("-Infinity"): -.infinity
        default: nil
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// Compact JSON text. Doubles are written as the shortest decimal that reads back to the same
    /// bits; non-finite ones as the strings `"nan"`, `"inf"`, `"-inf"`.
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    public func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .integer(let text): out += text
        case .number(let value): Self.write(value, to: &out)
        case .string(let value): Self.write(string: value, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                Self.write(string: member.0, to: &out)
                out += ":"
                member.1.write(to: &out)
            }
            out += "}"
        }
    }

    /// Writes one double as JSON: Swift's `description` is the shortest round-trip decimal.
    public static func write(_ value: Double, to out: inout String) {
        if value.isNaN {
            out += "\"nan\""
        } else if value.isInfinite {
            out += value < 0 ? "\"-inf\"" : "\"inf\""
        } else {
            out += value.description
        }
    }

    /// Writes a JSON string literal with the escapes RFC 8259 requires.
    public static func write(string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
