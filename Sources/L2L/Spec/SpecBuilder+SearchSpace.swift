import L2LOptimizees
/// Checks of `outer.search_space`: each path must name a tunable key of this spec, and the
/// kind and bounds must fit that key's type and allowed values.
extension SpecValidator {
    /// The typed entries, or nil when an entry has an issue (reported).
    mutating func checkSearchSpace() -> [SearchSpaceEntry]? {
        guard let count = values.counts["outer.search_space"] else { return nil }
        var entries: [SearchSpaceEntry] = []
        var seen: [String: Int] = [:]
        var failed = false
        for index in 0..<count {
            let entryPath = "outer.search_space[\(index)]"
            guard let path = values.string(entryPath + ".path"), let kindName = values.variants[entryPath] else {
                failed = true
                continue
            }
            if let first = seen[path] {
                report("'\(path)' is already searched by outer.search_space[\(first)]", at: entryPath + ".path", values.marks[entryPath + ".path"])
                failed = true
                continue
            }
            seen[path] = index
            if let kind = checkEntry(entryPath, path: path, kind: kindName) {
                entries.append(SearchSpaceEntry(path: path, kind: kind))
            } else {
                failed = true
            }
        }
        return failed ? nil : entries
    }

    private mutating func checkEntry(_ entryPath: String, path: String, kind: String) -> SearchKind? {
        let pathKey = entryPath + ".path", kindKey = entryPath + ".kind"
        guard path.hasPrefix("inner.") || path.hasPrefix("optimizee.") else {
            report("only keys under 'inner' and 'optimizee' can be searched, got '\(SpecText.excerpt(path))'", at: pathKey, values.marks[pathKey])
            return nil
        }
        let resolved: SpecSchema.Resolved
        switch SpecSchema.resolve(path, variants: values.variants) {
        case .success(let value): resolved = value
        case .failure(let error):
            report(error.message, at: pathKey, values.marks[pathKey])
            return nil
        }
        if resolved.isDiscriminator {
            report("'\(path)' selects the algorithm and cannot be searched", at: pathKey, values.marks[pathKey])
            return nil
        }
        let fieldType = resolved.key.type
        switch kind {
        case "uniform", "log_uniform":
            guard case .real(let range) = fieldType else {
                report("kind \(kind) needs a real-valued key, but '\(path)' is \(article(fieldType)); use \(suggestedKinds(fieldType))", at: kindKey, values.marks[kindKey])
                return nil
            }
            guard let low = values.double(entryPath + ".low"), let high = values.double(entryPath + ".high"),
                checkBounds(entryPath, low: low, high: high, lowFits: range.contains(low), highFits: range.contains(high),
                            path: path, allowed: range.description)
            else { return nil }
            return kind == "uniform" ? .uniform(low: low, high: high) : .logUniform(low: low, high: high)
        case "integer":
            guard case .integer(let range) = fieldType else {
                report("kind integer needs an integer key, but '\(path)' is \(article(fieldType)); use \(suggestedKinds(fieldType))", at: kindKey, values.marks[kindKey])
                return nil
            }
            guard let low = values.int(entryPath + ".low"), let high = values.int(entryPath + ".high"),
                checkBounds(entryPath, low: Double(low), high: Double(high), lowFits: range.contains(low),
                            highFits: range.contains(high), path: path, allowed: SpecRealRange.describe(range))
            else { return nil }
            return .integer(low: low, high: high)
        case "choice":
            guard let list = values.lists[entryPath + ".values"] else { return nil }
            var normalized: [SpecScalar] = []
            var seenValues: Set<SpecScalar> = []
            var ok = true
            for (index, value) in list.enumerated() {
                let valuePath = "\(entryPath).values[\(index)]"
                switch Self.convert(value, to: fieldType) {
                case .value(let converted):
                    if !seenValues.insert(converted).inserted {
                        report("'\(value)' is listed twice", at: valuePath, values.marks[valuePath])
                        ok = false
                    }
                    normalized.append(converted)
                case .problem(let message):
                    report("'\(SpecText.excerpt(value.description))' is not a valid value of \(path): \(message)", at: valuePath, values.marks[valuePath])
                    ok = false
                }
            }
            return ok ? .choice(normalized) : nil
        default:
            return nil
        }
    }

    private mutating func checkBounds(
        _ entryPath: String, low: Double, high: Double, lowFits: Bool, highFits: Bool, path: String, allowed: String
    ) -> Bool {
        var ok = true
        for (name, value, fits) in [("low", low, lowFits), ("high", high, highFits)] where !fits {
            report("\(SpecRealRange.format(value)) is outside the allowed values of \(path): \(allowed)", at: "\(entryPath).\(name)", values.marks["\(entryPath).\(name)"])
            ok = false
        }
        if low >= high {
            report("low (\(SpecRealRange.format(low))) must be less than high (\(SpecRealRange.format(high)))", at: entryPath + ".low", values.marks[entryPath + ".low"])
            ok = false
        }
        return ok
    }

    private func article(_ type: SpecValueType) -> String {
        switch type {
        case .integer, .seed: "an integer"
        case .real: "a number"
        case .bool: "a bool"
        case .choice: "a choice"
        default: "a \(type.typeName)"
        }
    }

    private func suggestedKinds(_ type: SpecValueType) -> String {
        switch type {
        case .integer: "integer or choice"
        case .real: "uniform, log_uniform or choice"
        default: "choice"
        }
    }

    /// A choice value converted to the key's type (an integer becomes a real for a real key), or why it does not fit.
    static func convert(_ value: SpecScalar, to type: SpecValueType) -> SpecScalarReading.Reading<SpecScalar> {
        switch (type, value) {
        case (.integer(let range), .int(let number)):
            return range.contains(number) ? .value(value) : .problem("expected an integer in \(SpecRealRange.describe(range))")
        case (.integer(let range), _):
            return .problem("expected an integer in \(SpecRealRange.describe(range))")
        case (.real(let range), .int), (.real(let range), .double):
            guard let number = value.doubleValue, range.contains(number) else {
                return .problem("expected a number \(SpecScalarReading.rangePhrase(range))")
            }
            return .value(.double(number))
        case (.real(let range), _):
            return .problem("expected a number \(SpecScalarReading.rangePhrase(range))")
        case (.bool, .bool):
            return .value(value)
        case (.bool, _):
            return .problem("expected true or false")
        case (.choice(let options), .string(let text)):
            return options.contains(text) ? .value(value) : .problem("expected one of \(options.joined(separator: ", "))" + SpecText.didYouMean(text, among: options))
        case (.choice(let options), _):
            return .problem("expected one of \(options.joined(separator: ", "))")
        case (.string(let rule), .string(let text)):
            return rule.problem(with: text).map { .problem($0) } ?? .value(value)
        default:
            return .problem("expected \(type.typeName)")
        }
    }
}

extension SpecValidator {
    /// The values `path` can take: its search-space entry's bounds (a choice: its smallest and
    /// largest number) with the entry's index, or the spec's own value when nothing searches it.
    func searchedRange(_ path: String, in entries: [SearchSpaceEntry]) -> (low: Double, high: Double, entry: Int?)? {
        guard let index = entries.firstIndex(where: { $0.path == path }) else {
            return values.double(path).map { ($0, $0, nil) }
        }
        switch entries[index].kind {
        case .uniform(let low, let high), .logUniform(let low, let high): return (low, high, index)
        case .integer(let low, let high): return (Double(low), Double(high), index)
        case .choice(let options):
            let numbers = options.compactMap(\.doubleValue)
            guard let low = numbers.min(), let high = numbers.max() else { return nil }
            return (low, high, index)
        }
    }
}
