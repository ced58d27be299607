import L2LOptimizees
/// A scalar spec value: what a search-space `choice` lists and what
/// ``ExperimentSpec/applying(_:)`` assigns.
public enum SpecScalar: Sendable, Equatable, Hashable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)

    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value
        case .bool(let value): value ? "true" : "false"
        }
    }

    /// The value as a real, if it is a number.
    var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// The value as YAML text in a spec file (strings single-quoted when plain text would be misread).
    var yamlText: String {
        switch self {
        case .int, .bool: description
        case .double(let value):
            value.isFinite ? String(value) : (value.isNaN ? ".nan" : (value < 0 ? "-.inf" : ".inf"))
        case .string(let value): value
        }
    }
}
