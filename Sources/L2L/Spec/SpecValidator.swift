import Yams
import L2LOptimizees

/// The values of a validated node tree, flattened by dotted key path (`inner.population`,
/// `outer.search_space[0].low`), with defaults filled in and the positions they came from.
struct SpecValues {
    var scalars: [String: SpecScalar] = [:]
    var seeds: [String: UInt64] = [:]
    var lists: [String: [SpecScalar]] = [:]
    /// Values of `.json` keys.
    var json: [String: JSONValue] = [:]
    /// Lengths of lists of mappings.
    var counts: [String: Int] = [:]
    /// Selected variant per mapping path (`inner` → `cem`, `optimizee` → `function`).
    var variants: [String: String] = [:]
    /// Position of each value (or, for an absent key, of its parent mapping).
    var marks: [String: Mark] = [:]
    /// Paths whose values were written in the file (not defaulted).
    var present: Set<String> = []

    func int(_ path: String) -> Int? {
        if case .int(let value)? = scalars[path] { return value }
        return nil
    }
    func double(_ path: String) -> Double? { scalars[path]?.doubleValue }
    func bool(_ path: String) -> Bool? {
        if case .bool(let value)? = scalars[path] { return value }
        return nil
    }
    func string(_ path: String) -> String? {
        if case .string(let value)? = scalars[path] { return value }
        return nil
    }
}

/// Position of a node, used to recognise keys renamed while working around Yams' duplicate-key error.
struct SpecPosition: Hashable, Sendable {
    var line: Int
    var column: Int
}

/// Walks a composed node tree against ``SpecSchema`` and collects every issue.
struct SpecValidator {
    let fileName: String
    /// Keys renamed in the text to get past a duplicate-key error, by position: their original names.
    var renamedKeys: [SpecPosition: String] = [:]
    private(set) var issues: [SpecIssue] = []
    private(set) var values = SpecValues()

    init(fileName: String, renamedKeys: [SpecPosition: String] = [:]) {
        self.fileName = fileName
        self.renamedKeys = renamedKeys
    }

    /// Issues beyond this many are only counted (a spec with thousands of problems is not worth describing).
    static let issueLimit = 1000
    /// Issues found but not kept, beyond ``issueLimit``.
    private(set) var suppressedIssues = 0
    var isSaturated: Bool { issues.count >= Self.issueLimit }

    mutating func report(_ message: String, at path: String, _ mark: Mark?) {
        guard !isSaturated else {
            suppressedIssues += 1
            return
        }
        issues.append(SpecIssue(file: fileName, line: mark?.line ?? 0, column: mark?.column ?? 0, keyPath: path, message: message))
    }

    static func join(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : parent + "." + key
    }

    mutating func validateRoot(_ node: Node?) {
        guard let node else {
            report("the spec is empty; it needs at least the keys \(SpecSchema.root.keys.filter { if case .required = $0.defaultValue { true } else { false } }.map(\.name).joined(separator: ", "))", at: "", nil)
            return
        }
        guard case .mapping = node else {
            report("expected a mapping of keys at the top level, got \(SpecScalarReading.describe(node))", at: "", node.mark)
            return
        }
        validateMapping(node, schema: SpecSchema.root, path: "")
    }

    private struct Entry {
        var name: String
        var key: Node
        var value: Node
    }

    /// Validates a mapping node; `node == nil` stands for an absent section (all defaults) at `parentMark`.
    mutating func validateMapping(_ node: Node?, schema: SpecMapping, path: String, parentMark: Mark? = nil) {
        let mark = node?.mark ?? parentMark
        values.marks[path] = mark
        var entries: [Entry] = []
        if let node {
            guard case .mapping(let mapping) = node else {
                report("expected a mapping, got \(SpecScalarReading.describe(node))", at: path, node.mark)
                return
            }
            entries = collectEntries(mapping, path: path)
        }

        // The variant, if this section has one.
        var selected: String?
        if let variant = schema.variant, let entry = entries.first(where: { $0.name == variant.discriminator }),
            case .value(let value) = SpecScalarReading.choice(entry.value, among: variant.cases.map(\.value))
        {
            selected = value
            values.variants[path] = value
        }
        let allowed = schema.allowedKeys(variant: selected)
        let label = schema.label(variant: selected)

        for entry in entries where !allowed.contains(where: { $0.name == entry.name }) {
            let keyPath = Self.join(path, entry.name)
            if entry.name == "<<" {
                report("merge keys ('<<') are not supported in spec files; write the keys out", at: keyPath, entry.key.mark)
                continue
            }
            if isSaturated {
                report("unknown key", at: keyPath, entry.key.mark)
                continue
            }
            var message = "unknown key '\(SpecText.excerpt(entry.name))' under \(label)"
            if let variant = schema.variant, let selected {
                message += variant.hint(forUnknown: entry.name, selected: selected, allowed: allowed.map(\.name), holder: "this section")
            } else {
                message += SpecText.didYouMean(entry.name, among: allowed.map(\.name))
            }
            report(message, at: keyPath, entry.key.mark)
        }

        if schema.exactlyOne {
            let given = entries.filter { entry in allowed.contains { $0.name == entry.name } }
            if given.isEmpty {
                report("expected exactly one of: \(allowed.map(\.name).joined(separator: ", "))", at: path, mark)
            } else if given.count > 1 {
                report("only one of \(given.map { "'\($0.name)'" }.joined(separator: ", ")) may be given", at: path, given[1].key.mark)
            } else {
                values.variants[path] = given[0].name
            }
        }

        for key in allowed {
            let keyPath = Self.join(path, key.name)
            if schema.variant != nil, selected == nil, !schema.keys.contains(where: { $0.name == key.name }) {
                continue  // Keys of an unknown variant: the discriminator is reported instead.
            }
            if let entry = entries.last(where: { $0.name == key.name }) {
                values.present.insert(keyPath)
                validateValue(entry.value, key: key, path: keyPath)
                continue
            }
            values.marks[keyPath] = mark
            switch key.defaultValue {
            case .required:
                report("missing required key '\(key.name)' under \(label)", at: keyPath, mark)
            case .optional, .derived:
                break
            case .value(let value):
                if case .seed = key.type, case .int(let seed) = value {
                    values.seeds[keyPath] = UInt64(seed)
                } else {
                    values.scalars[keyPath] = value
                }
            case .section:
                if case .mapping(let section) = key.type {
                    validateMapping(nil, schema: section, path: keyPath, parentMark: mark)
                }
            }
        }
    }

    /// The mapping's string-keyed entries; reports non-string keys and duplicate keys.
    private mutating func collectEntries(_ mapping: Node.Mapping, path: String) -> [Entry] {
        var entries: [Entry] = []
        var firstMarks: [String: Mark?] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                report("keys must be strings, got \(SpecScalarReading.describe(key))", at: path, key.mark)
                continue
            }
            var name = scalar.string
            if let mark = key.mark, let original = renamedKeys[SpecPosition(line: mark.line, column: mark.column)] {
                name = original
            }
            if let first = firstMarks[name] {
                let at = first.map { " (first at line \($0.line), column \($0.column))" } ?? ""
                report("duplicate key '\(SpecText.excerpt(name))'\(at); give each key once", at: Self.join(path, name), key.mark)
            } else {
                firstMarks[name] = key.mark
            }
            entries.append(Entry(name: name, key: key, value: value))
        }
        return entries
    }

    mutating func validateValue(_ node: Node, key: SpecKey, path: String) {
        values.marks[path] = node.mark
        switch key.type {
        case .mapping(let section):
            validateMapping(node, schema: section, path: path)
        case .list(let element, let minimumCount):
            guard case .sequence(let sequence) = node else {
                report("expected a list, got \(SpecScalarReading.describe(node))", at: path, node.mark)
                return
            }
            values.counts[path] = sequence.count
            if sequence.count < minimumCount {
                report("expected at least \(minimumCount) entr\(minimumCount == 1 ? "y" : "ies"), got \(sequence.count)", at: path, node.mark)
            }
            for (index, item) in sequence.enumerated() {
                validateMapping(item, schema: element, path: "\(path)[\(index)]")
            }
        case .scalarList:
            guard case .sequence(let sequence) = node else {
                report("expected a list of values, got \(SpecScalarReading.describe(node))", at: path, node.mark)
                return
            }
            if sequence.isEmpty { report("expected at least one value", at: path, node.mark) }
            var list: [SpecScalar] = []
            for (index, item) in sequence.enumerated() {
                let itemPath = "\(path)[\(index)]"
                values.marks[itemPath] = item.mark
                switch SpecScalarReading.anyScalar(item) {
                case .value(let value): list.append(value)
                case .problem(let message): report(message, at: itemPath, item.mark)
                }
            }
            if list.count == sequence.count { values.lists[path] = list }
        case .integerList(let range, let minimumCount):
            guard case .sequence(let sequence) = node else {
                report("expected a list of integers, got \(SpecScalarReading.describe(node))", at: path, node.mark)
                return
            }
            if sequence.count < minimumCount {
                report("expected at least \(minimumCount) entr\(minimumCount == 1 ? "y" : "ies"), got \(sequence.count)", at: path, node.mark)
            }
            var list: [SpecScalar] = []
            for (index, item) in sequence.enumerated() {
                let itemPath = "\(path)[\(index)]"
                values.marks[itemPath] = item.mark
                switch SpecScalarReading.integer(item, in: range) {
                case .value(let value): list.append(.int(value))
                case .problem(let message): report(message, at: itemPath, item.mark)
                }
            }
            if list.count == sequence.count { values.lists[path] = list }
        case .seed:
            switch SpecScalarReading.seed(node) {
            case .value(let value): values.seeds[path] = value
            case .problem(let message): report(message, at: path, node.mark)
            }
        case .json:
            switch SpecJSONReading.json(node) {
            case .value(let value): values.json[path] = value
            case .problem(let message, let mark): report(message, at: path, mark ?? node.mark)
            }
        default:
            switch Self.read(node, as: key.type) {
            case .value(let value): values.scalars[path] = value
            case .problem(let message): report(message, at: path, node.mark)
            }
        }
    }

    /// Reads a scalar-typed value (integer, real, bool, string, choice).
    static func read(_ node: Node, as type: SpecValueType) -> SpecScalarReading.Reading<SpecScalar> {
        func wrap<T>(_ reading: SpecScalarReading.Reading<T>, _ make: (T) -> SpecScalar) -> SpecScalarReading.Reading<SpecScalar> {
            switch reading {
            case .value(let value): .value(make(value))
            case .problem(let message): .problem(message)
            }
        }
        switch type {
        case .integer(let range): return wrap(SpecScalarReading.integer(node, in: range), SpecScalar.int)
        case .real(let range): return wrap(SpecScalarReading.real(node, in: range), SpecScalar.double)
        case .bool: return wrap(SpecScalarReading.bool(node), SpecScalar.bool)
        case .choice(let values): return wrap(SpecScalarReading.choice(node, among: values), SpecScalar.string)
        case .string(let rule):
            switch SpecScalarReading.string(node) {
            case .value(let text):
                if let problem = rule.problem(with: text) { return .problem(problem) }
                return .value(.string(text))
            case .problem(let message): return .problem(message)
            }
        case .seed:
            switch SpecScalarReading.seed(node) {
            case .value(let value): return value <= UInt64(Int.max) ? .value(.int(Int(value))) : .problem("expected a seed below 2^63 here")
            case .problem(let message): return .problem(message)
            }
        case .scalarList, .integerList, .mapping, .list, .json:
            return .problem("expected a \(type.typeName)")
        }
    }
}
