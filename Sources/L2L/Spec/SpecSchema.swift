import L2LOptimizees
/// The declarative schema of a spec file: one ``SpecKey`` declaration per key, grouped in
/// ``SpecMapping`` sections. The validator, the search-space path checks, ``ExperimentSpec/applying(_:)``
/// and `docs/spec.md` (``SpecReference``) all read these declarations.
enum SpecSchema {}

/// The value type and allowed values of one key.
public indirect enum SpecValueType: Sendable {
    /// A decimal integer in the range (no leading zeros, no `1e3`, no `0x1F`).
    case integer(ClosedRange<Int>)
    /// A decimal integer in `0...UInt64.max`.
    case seed
    /// A finite decimal number (an integer is accepted) in the range.
    case real(SpecRealRange)
    /// `true` or `false` only (not YAML 1.1 `yes`/`no`/`on`/`off`).
    case bool
    /// A string obeying the rule.
    case string(SpecStringRule)
    /// One of the listed strings.
    case choice([String])
    /// A non-empty list of scalars (search-space `values`).
    case scalarList
    /// A list of at least `minimumCount` decimal integers, each in the range (`hidden_layers: [32, 16]`).
    case integerList(ClosedRange<Int>, minimumCount: Int)
    /// A nested mapping.
    case mapping(SpecMapping)
    /// A list of mappings with at least `minimumCount` entries.
    case list(SpecMapping, minimumCount: Int)
    /// Any YAML value (mappings, lists, scalars, nested), kept as JSON text for a program that
    /// reads it (`optimizee.external.config`).
    case json

    /// A value that a search space or an assignment can set.
    var isScalar: Bool {
        switch self {
        case .integer, .seed, .real, .bool, .string, .choice: true
        case .scalarList, .integerList, .mapping, .list, .json: false
        }
    }

    /// The type's name in messages and docs.
    var typeName: String {
        switch self {
        case .integer: "integer"
        case .seed: "integer"
        case .real: "number"
        case .bool: "bool"
        case .string: "string"
        case .choice: "choice"
        case .scalarList: "list of scalars"
        case .integerList: "list of integers"
        case .mapping: "mapping"
        case .list: "list of mappings"
        case .json: "any value"
        }
    }

    /// The allowed values, as written in messages and docs ("" when anything of the type goes).
    var allowedDescription: String {
        switch self {
        case .integer(let range): SpecRealRange.describe(range)
        case .seed: "[0, 2^64 − 1]"
        case .real(let range): range.description
        case .bool: "true, false"
        case .string(let rule): rule.description
        case .choice(let values): values.joined(separator: ", ")
        case .scalarList: "non-empty"
        case .integerList(let range, let minimumCount):
            "each " + SpecRealRange.describe(range)
                + (minimumCount > 0 ? "; at least \(minimumCount) entr\(minimumCount == 1 ? "y" : "ies")" : "")
        case .mapping: ""
        case .list(_, let minimumCount): minimumCount > 0 ? "at least \(minimumCount) entr\(minimumCount == 1 ? "y" : "ies")" : ""
        case .json: "mappings, lists and scalars"
        }
    }
}

/// An interval of reals with open or closed ends.
public struct SpecRealRange: Sendable, CustomStringConvertible {
    public var lower: Double
    public var lowerInclusive: Bool
    public var upper: Double
    public var upperInclusive: Bool

    public init(lower: Double, lowerInclusive: Bool, upper: Double, upperInclusive: Bool) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    public static let any = SpecRealRange(lower: -.infinity, lowerInclusive: false, upper: .infinity, upperInclusive: false)
    /// `[lower, upper]`.
    public static func closed(_ lower: Double, _ upper: Double) -> SpecRealRange {
        SpecRealRange(lower: lower, lowerInclusive: true, upper: upper, upperInclusive: true)
    }
    /// `(lower, upper]`.
    public static func leftOpen(_ lower: Double, _ upper: Double) -> SpecRealRange {
        SpecRealRange(lower: lower, lowerInclusive: false, upper: upper, upperInclusive: true)
    }
    /// `(lower, upper)`.
    public static func open(_ lower: Double, _ upper: Double) -> SpecRealRange {
        SpecRealRange(lower: lower, lowerInclusive: false, upper: upper, upperInclusive: false)
    }
    /// `[lower, upper)`.
    public static func rightOpen(_ lower: Double, _ upper: Double) -> SpecRealRange {
        SpecRealRange(lower: lower, lowerInclusive: true, upper: upper, upperInclusive: false)
    }

    public func contains(_ value: Double) -> Bool {
        (lowerInclusive ? value >= lower : value > lower) && (upperInclusive ? value <= upper : value < upper)
    }

    public var description: String {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): "any finite number"
        case (true, false): "\(lowerInclusive ? ">=" : ">") \(Self.format(lower))"
        case (false, true): "\(upperInclusive ? "<=" : "<") \(Self.format(upper))"
        case (true, true):
            "\(lowerInclusive ? "[" : "(")\(Self.format(lower)), \(Self.format(upper))\(upperInclusive ? "]" : ")")"
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound == Int.min, range.upperBound == Int.max) {
        case (true, true): "any integer"
        case (false, true): ">= \(range.lowerBound)"
        case (true, false): "<= \(range.upperBound)"
        case (false, false): "[\(range.lowerBound), \(range.upperBound)]"
        }
    }
}

/// What a string key accepts.
public enum SpecStringRule: Sendable, CustomStringConvertible {
    /// `[A-Za-z0-9_.-]+`, at most 200 characters.
    case identifier
    /// A non-empty file path.
    case filePath
    /// A relative file path that stays inside the working directory (no `..`, not absolute).
    case relativeFilePath
    /// A non-empty string.
    case nonEmpty

    public var description: String {
        switch self {
        case .identifier: "`[A-Za-z0-9_.-]+`"
        case .filePath: "a file path"
        case .relativeFilePath: "a relative path inside the working directory"
        case .nonEmpty: "non-empty"
        }
    }

    /// Nil when `text` is acceptable, else why not.
    func problem(with text: String) -> String? {
        switch self {
        case .identifier:
            if text.isEmpty { return "must not be empty" }
            if text.unicodeScalars.count > 200 { return "must be at most 200 characters" }
            let allowed = text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || $0 == "_" || $0 == "." || $0 == "-"
            }
            return allowed ? nil : "may only contain letters, digits, '_', '.' and '-', got '\(SpecText.excerpt(text))'"
        case .filePath:
            if text.isEmpty { return "must not be empty" }
            if text.unicodeScalars.contains("\0") { return "must not contain NUL characters" }
            return text.utf8.count > 4096 ? "must be at most 4096 bytes" : nil
        case .relativeFilePath:
            if let problem = SpecStringRule.filePath.problem(with: text) { return problem }
            if text.hasPrefix("/") || text.hasPrefix("~") {
                return "must be relative to the working directory, got '\(SpecText.excerpt(text))' (use -o for other places)"
            }
            if text.split(separator: "/").contains("..") {
                return "must stay inside the working directory: no '..' components, got '\(SpecText.excerpt(text))'"
            }
            return text.hasSuffix("/") ? "must name a file, not a directory" : nil
        case .nonEmpty:
            return text.isEmpty ? "must not be empty" : nil
        }
    }
}

/// What applies when a key is absent.
public enum SpecDefault: Sendable {
    /// The key must be given.
    case required
    /// Absent means "none".
    case optional
    /// Absent means this value.
    case value(SpecScalar)
    /// Absent means a value computed from other keys (described in the docs).
    case derived(String)
    /// A section whose keys all have defaults; absent means all defaults.
    case section

    var documentation: String {
        switch self {
        case .required: "required"
        case .optional: "none"
        case .value(let value): "`\(value)`"
        case .derived(let text): text
        case .section: "(all defaults)"
        }
    }
}

/// One declared key: name, type with its allowed values, default and a one-line doc.
public struct SpecKey: Sendable {
    public var name: String
    public var type: SpecValueType
    public var defaultValue: SpecDefault
    public var doc: String

    public init(_ name: String, _ type: SpecValueType, _ defaultValue: SpecDefault, _ doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.doc = doc
    }
}

/// A mapping section: its keys, and possibly variant keys selected by a discriminator key.
public struct SpecMapping: Sendable {
    /// How messages name the section, e.g. `inner`.
    public var title: String
    /// One line for the docs.
    public var doc: String
    /// Keys always allowed.
    public var keys: [SpecKey]
    /// Keys that depend on the value of a discriminator key.
    public var variant: SpecVariant? = nil
    /// Exactly one of `keys` (all optional mappings) must be given; it selects the variant.
    public var exactlyOne = false
    /// Whether search-space entries may name keys in this section.
    public var searchable = false

    public init(
        title: String, doc: String, keys: [SpecKey], variant: SpecVariant? = nil, exactlyOne: Bool = false,
        searchable: Bool = false
    ) {
        self.title = title
        self.doc = doc
        self.keys = keys
        self.variant = variant
        self.exactlyOne = exactlyOne
        self.searchable = searchable
    }
}

/// Keys selected by the value of a discriminator key (e.g. `optimizer: ga`).
public struct SpecVariant: Sendable {
    public struct Case: Sendable {
        public var value: String
        public var doc: String
        public var keys: [SpecKey]

        public init(value: String, doc: String, keys: [SpecKey]) {
            self.value = value
            self.doc = doc
            self.keys = keys
        }
    }

    public var discriminator: String
    public var cases: [Case]

    public init(discriminator: String, cases: [Case]) {
        self.discriminator = discriminator
        self.cases = cases
    }

    func keys(for value: String) -> [SpecKey]? {
        cases.first { $0.value == value }?.keys
    }

    /// The hint of an "unknown key" message for `name` under the case `selected`: a close key of
    /// `allowed`, and the cases that declare `name`. `holder` names the section ("inner", "this section").
    func hint(forUnknown name: String, selected: String, allowed: [String], holder: String) -> String {
        let suggestion = SpecText.didYouMean(name, among: allowed)
        let owners = cases.filter { $0.keys.contains { $0.name == name } }.map(\.value)
        guard !owners.isEmpty else { return suggestion }
        let named = owners.count == 1 ? "\(discriminator) \(owners[0])" : "\(discriminator)s " + owners.joined(separator: ", ")
        let belongs = "belongs to \(named), but \(holder) has \(discriminator) \(selected)"
        return suggestion.isEmpty ? "; it \(belongs)" : "\(suggestion) ('\(SpecText.excerpt(name))' \(belongs))"
    }
}

extension SpecMapping {
    /// The keys allowed when the variant (if any) is `variant`; all variants' keys when it is unknown.
    func allowedKeys(variant selected: String?) -> [SpecKey] {
        guard let variant else { return keys }
        if let selected, let extra = variant.keys(for: selected) { return keys + extra }
        return keys + variant.cases.flatMap(\.keys)
    }

    /// The section name used in messages: `inner (cem)`.
    func label(variant selected: String?) -> String {
        let base = title.isEmpty ? "the top level" : title
        guard variant != nil, let selected else { return base }
        return "\(base) (\(selected))"
    }
}
