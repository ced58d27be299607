import L2LOptimizees
/// The validated values of one registered section of a spec (e.g. `optimizee.external`), by key
/// relative to the section: `dimension`, `parameters[0].low`, `config`. What a plug-in's
/// ``OptimizeeDescriptor`` reads to build its optimizee; every value has passed its key's
/// declared type and range, and defaults are filled in.
public struct SpecSection: Sendable, Equatable {
    /// The section's dotted path in the spec, e.g. `optimizee.external`.
    public var path: String
    public var scalars: [String: SpecScalar] = [:]
    public var lists: [String: [SpecScalar]] = [:]
    /// Lengths of lists of mappings.
    public var counts: [String: Int] = [:]
    /// `.json` keys, parsed.
    public var json: [String: JSONValue] = [:]
    /// Keys written in the file (not defaulted).
    public var present: Set<String> = []

    public init(path: String) {
        self.path = path
    }

    /// Equal values (whether a value was written or defaulted does not matter).
    public static func == (a: SpecSection, b: SpecSection) -> Bool {
        a.scalars == b.scalars && a.lists == b.lists && a.counts == b.counts && a.json == b.json
    }

    public func int(_ key: String) -> Int? {
        if case .int(let value)? = scalars[key] { return value }
        return nil
    }

    public func double(_ key: String) -> Double? {
        switch scalars[key] {
        case .int(let value)?: Double(value)
        case .double(let value)?: value
        default: nil
        }
    }

    public func bool(_ key: String) -> Bool? {
        if case .bool(let value)? = scalars[key] { return value }
        return nil
    }

    public func string(_ key: String) -> String? {
        if case .string(let value)? = scalars[key] { return value }
        return nil
    }

    /// Whether `key` was written in the file.
    public func isPresent(_ key: String) -> Bool { present.contains(key) }
}

extension SpecValues {
    /// The values under `path`, with keys relative to it.
    func section(at path: String) -> SpecSection {
        let prefix = path + "."
        func relative<Value>(_ dictionary: [String: Value]) -> [String: Value] {
            var out: [String: Value] = [:]
            for (key, value) in dictionary where key.hasPrefix(prefix) {
                out[String(key.dropFirst(prefix.count))] = value
            }
            return out
        }
        var section = SpecSection(path: path)
        section.scalars = relative(scalars)
        section.lists = relative(lists)
        section.counts = relative(counts)
        section.json = relative(json)
        section.present = Set(present.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) })
        return section
    }
}
