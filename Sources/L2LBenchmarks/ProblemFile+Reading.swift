import Foundation
import L2LNetworks

/// A JSON value as a problem file holds it (booleans kept apart from numbers).
enum JSONValue: Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let v = try? c.decode(Bool.self) {
            self = .bool(v)
        } else if let v = try? c.decode(Double.self) {
            self = .number(v)
        } else if let v = try? c.decode(String.self) {
            self = .string(v)
        } else if let v = try? c.decode([JSONValue].self) {
            self = .array(v)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }
}

// Typed readers of the JSON values of a problem file.

extension ProblemFile {
    typealias Fail = (String, String) -> ProblemFileError

    static func problem(
        _ item: JSONValue, key: String, seeds: [UInt64], factors: [Int], heldOut: Bool, fail: Fail
    ) throws(ProblemFileError) -> Problem {
        guard case .object(let p) = item else { throw fail(key, "expected an object") }
        let known: Set<String> = ["name", "function", "n", "x0", "lower", "upper", "f_star", "seeds", "budget_factors", "held_out"]
        if let extra = p.keys.sorted().first(where: { !known.contains($0) }) {
            throw fail("\(key).\(extra)", "unknown key; expected one of \(known.sorted().joined(separator: ", "))")
        }
        guard let name = try string(p["name"], key: "\(key).name", fail: fail), !name.isEmpty else {
            throw fail("\(key).name", "required: a non-empty string")
        }
        let functionName = try string(p["function"], key: "\(key).function", fail: fail)
        guard let functionName, let function = BenchmarkFunction(rawValue: functionName) else {
            throw fail("\(key).function", "expected one of \(BenchmarkFunction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let n = integer(p["n"]), n >= 1 else { throw fail("\(key).n", "required: an integer ≥ 1") }
        let lower = try vector(p["lower"], n: n, key: "\(key).lower", fail: fail)
        let upper = try vector(p["upper"], n: n, key: "\(key).upper", fail: fail)
        if let i = lower.indices.first(where: { !(lower[$0] < upper[$0]) }) {
            throw fail("\(key).upper", "coordinate \(i): upper \(upper[i]) must exceed lower \(lower[i])")
        }
        let start = try vector(p["x0"], n: n, key: "\(key).x0", fail: fail)
        if let i = start.indices.first(where: { start[$0] < lower[$0] || start[$0] > upper[$0] }) {
            throw fail("\(key).x0", "coordinate \(i) = \(start[i]) lies outside [\(lower[i]), \(upper[i])]")
        }
        guard let minimum = number(p["f_star"]), minimum.isFinite else {
            throw fail("\(key).f_star", "required: a finite number (the known minimum)")
        }
        return Problem(
            name: name, function: function, dimension: n, start: start, lower: lower, upper: upper, minimum: minimum,
            seeds: try positiveIntegers(p["seeds"], key: "\(key).seeds", fail: fail) ?? seeds,
            budgetFactors: ((try positiveIntegers(p["budget_factors"], key: "\(key).budget_factors", fail: fail) as [Int]?)
                ?? factors).sorted(),
            heldOut: try bool(p["held_out"], key: "\(key).held_out", fail: fail) ?? heldOut)
    }

    static func string(_ value: JSONValue?, key: String, fail: Fail) throws(ProblemFileError) -> String? {
        guard let value else { return nil }
        guard case .string(let s) = value else { throw fail(key, "expected a string") }
        return s
    }

    static func bool(_ value: JSONValue?, key: String, fail: Fail) throws(ProblemFileError) -> Bool? {
        guard let value else { return nil }
        guard case .bool(let b) = value else { throw fail(key, "expected true or false") }
        return b
    }

    static func number(_ value: JSONValue?) -> Double? {
        guard case .number(let v)? = value else { return nil }
        return v
    }

    static func integer(_ value: JSONValue?) -> Int? {
        guard let v = number(value), v == v.rounded(), abs(v) < 1e15 else { return nil }
        return Int(v)
    }

    static func positiveIntegers<T: FixedWidthInteger>(_ value: JSONValue?, key: String, fail: Fail) throws(ProblemFileError) -> [T]? {
        guard let value else { return nil }
        guard case .array(let list) = value, !list.isEmpty else { throw fail(key, "expected a non-empty list of integers ≥ 1") }
        var out: [T] = []
        for (i, item) in list.enumerated() {
            guard let v = integer(item), v >= 1 else { throw fail("\(key)[\(i)]", "expected an integer ≥ 1") }
            out.append(T(v))
        }
        return out
    }

    /// One number for every coordinate, or exactly n finite numbers.
    static func vector(_ value: JSONValue?, n: Int, key: String, fail: Fail) throws(ProblemFileError) -> [Double] {
        if let v = number(value), v.isFinite { return Array(repeating: v, count: n) }
        if case .array(let list)? = value, list.count == n {
            let values = list.compactMap(number)
            if values.count == n, values.allSatisfy(\.isFinite) { return values }
        }
        throw fail(key, value == nil ? "required: a number or \(n) numbers" : "expected a finite number or \(n) finite numbers")
    }
}
