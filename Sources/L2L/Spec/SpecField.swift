import L2LOptimizers

/// One spec key bound to a field of a configuration type: its name, value type, allowed values,
/// doc and an optional rule are declared once, and its default is read from the configuration's own
/// defaults. A descriptor built from fields derives its keys, the reader that fills a
/// configuration from a validated section, and the checks of values the outer loop may try.
///
/// ```swift
/// SpecField.integer("population", \OpenAIEvolutionStrategy.Configuration.population, 2...1_000_000,
///                   "Candidates per iteration, even.", rule: { $0 % 2 == 0 ? nil : "must be even" })
/// ```
public struct SpecField<Configuration>: @unchecked Sendable {
    // `@unchecked`: the closures only read and write a key path of a value type.
    public let name: String
    public let type: SpecValueType
    public let doc: String
    fileprivate let value: (Configuration) -> SpecScalar
    private let assign: (inout Configuration, SpecSection) -> Void
    /// Nil when the value is acceptable, else why not (beyond the type's range).
    let rule: (SpecScalar) -> String?

    /// The declared key, its default taken from `defaults`.
    public func key(defaults: Configuration) -> SpecKey {
        SpecKey(name, type, .value(value(defaults)), doc)
    }

    /// Sets the field from the section's (validated, defaulted) value.
    public func read(_ section: SpecSection, into configuration: inout Configuration) {
        assign(&configuration, section)
    }

    public static func integer(
        _ name: String, _ path: WritableKeyPath<Configuration, Int>, _ range: ClosedRange<Int>, _ doc: String,
        rule: ((Int) -> String?)? = nil
    ) -> SpecField {
        SpecField(
            name: name, type: .integer(range), doc: doc, value: { .int($0[keyPath: path]) },
            assign: { configuration, section in if let v = section.int(name) { configuration[keyPath: path] = v } },
            rule: { scalar in
                guard let rule, case .int(let v) = scalar else { return nil }
                return rule(v)
            })
    }

    public static func real(
        _ name: String, _ path: WritableKeyPath<Configuration, Double>, _ range: SpecRealRange, _ doc: String,
        rule: ((Double) -> String?)? = nil
    ) -> SpecField {
        SpecField(
            name: name, type: .real(range), doc: doc, value: { .double($0[keyPath: path]) },
            assign: { configuration, section in if let v = section.double(name) { configuration[keyPath: path] = v } },
            rule: { scalar in
                guard let rule, let v = scalar.doubleValue else { return nil }
                return rule(v)
            })
    }

    public static func bool(_ name: String, _ path: WritableKeyPath<Configuration, Bool>, _ doc: String) -> SpecField {
        SpecField(
            name: name, type: .bool, doc: doc, value: { .bool($0[keyPath: path]) },
            assign: { configuration, section in if let v = section.bool(name) { configuration[keyPath: path] = v } },
            rule: { _ in nil })
    }

    public static func choice<Value: RawRepresentable & CaseIterable>(
        _ name: String, _ path: WritableKeyPath<Configuration, Value>, _ doc: String
    ) -> SpecField where Value.RawValue == String {
        SpecField(
            name: name, type: .choice(Value.allCases.map(\.rawValue)), doc: doc, value: { .string($0[keyPath: path].rawValue) },
            assign: { configuration, section in
                if let text = section.string(name), let v = Value(rawValue: text) { configuration[keyPath: path] = v }
            },
            rule: { _ in nil })
    }
}

extension OptimizerDescriptor {
    /// A descriptor for an optimizer type whose keys are `fields` of its configuration, with
    /// defaults from `defaults`: the reader, the value rules (also applied to every value a search
    /// space may try) and `make` derive from the fields.
    public init<O: Optimizer>(
        _ type: O.Type, doc: String, defaults: O.Configuration, fields: [SpecField<O.Configuration>],
        capabilities: OptimizerCapabilities = OptimizerCapabilities(),
        check: @escaping @Sendable (SpecSection) -> [SpecSectionIssue] = { _ in [] }
    ) {
        let configuration: @Sendable (SpecSection) -> O.Configuration = { section in
            var configuration = defaults
            for field in fields { field.read(section, into: &configuration) }
            return configuration
        }
        self.init(
            identifier: O.identifier, doc: doc, keys: fields.map { $0.key(defaults: defaults) }, capabilities: capabilities,
            check: { section in
                var issues: [SpecSectionIssue] = []
                for field in fields {
                    guard let value = section.scalars[field.name], let problem = field.rule(value) else { continue }
                    issues.append(SpecSectionIssue(key: field.name, "\(field.name) (\(value)) \(problem)"))
                }
                return issues + check(section)
            },
            make: { section, space, initialPoint, random in
                try O(configuration: configuration(section), space: space, initialPoint: initialPoint, random: random)
            })
        var rules: [String: @Sendable (SpecScalar) -> String?] = [:]
        for field in fields {
            let rule: @Sendable (SpecScalar) -> String? = { field.rule($0) }
            rules[field.name] = rule
        }
        self.valueRules = rules
        self.configuration = { configuration($0) }
        self.section = { path, value in
            guard let typed = value as? O.Configuration else { return nil }
            var section = SpecSection(path: path)
            for field in fields { section.scalars[field.name] = field.value(typed) }
            return section
        }
    }
}
