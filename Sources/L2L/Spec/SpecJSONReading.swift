import Yams
import L2LOptimizees

/// Reads a YAML value of a `.json` key (any nesting of mappings, lists and scalars) into a
/// ``JSONValue``, scalars typed as ``SpecScalarReading/anyScalar(_:)`` types them (plain
/// integers, reals and `true`/`false`; `null`; anything else, and every quoted scalar, a string).
enum SpecJSONReading {
    enum Reading {
        case value(JSONValue)
        case problem(String, Mark?)
    }

    static func json(_ node: Node, depth: Int = 0) -> Reading {
        guard depth < 64 else { return .problem("nested deeper than 64 levels", node.mark) }
        switch node {
        case .scalar(let scalar):
            if SpecScalarReading.isNull(scalar) { return .value(.null) }
            switch SpecScalarReading.anyScalar(node) {
            case .value(.int(let value)): return .value(.integer(text: String(value)))
            case .value(.double(let value)): return .value(.number(value))
            case .value(.bool(let value)): return .value(.bool(value))
            case .value(.string(let value)): return .value(.string(value))
            case .problem(let message): return .problem(message, node.mark)
            }
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence {
                switch json(item, depth: depth + 1) {
                case .value(let value): items.append(value)
                case .problem(let message, let mark): return .problem(message, mark)
                }
            }
            return .value(.array(items))
        case .mapping(let mapping):
            var members: [(String, JSONValue)] = []
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key else {
                    return .problem("keys must be strings, got \(SpecScalarReading.describe(key))", key.mark)
                }
                if members.contains(where: { $0.0 == scalar.string }) {
                    return .problem("duplicate key '\(SpecText.excerpt(scalar.string))'; give each key once", key.mark)
                }
                switch json(value, depth: depth + 1) {
                case .value(let item): members.append((scalar.string, item))
                case .problem(let message, let mark): return .problem(message, mark)
                }
            }
            return .value(.object(members))
        case .alias:
            return .problem("aliases are not supported in spec files; write the value out", node.mark)
        }
    }
}
