import L2LOptimizees
/// Resolving dotted paths (`inner.elite_fraction`) to key declarations, for search spaces and
/// ``ExperimentSpec/applying(_:)``.
extension SpecSchema {
    struct Resolved {
        var key: SpecKey
        /// The section holding the key.
        var section: SpecMapping
        /// Whether the key selects its section's variant (`inner.optimizer`).
        var isDiscriminator: Bool
    }

    /// The declaration of the scalar key at `path`, given the variants the spec selects
    /// (`variants["inner"] == "cem"`), or why there is none.
    static func resolve(_ path: String, variants: [String: String]) -> Result<Resolved, LookupError> {
        let components = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.isEmpty, components.allSatisfy({ !$0.isEmpty }) else {
            return .failure(LookupError(message: "'\(SpecText.excerpt(path))' is not a dotted key path like 'inner.population'"))
        }
        var section = root
        var sectionPath = ""
        for (index, component) in components.enumerated() {
            let selected = variants[sectionPath]
            let allowed = section.allowedKeys(variant: selected)
            guard let key = allowed.first(where: { $0.name == component }) else {
                var message = "no key '\(SpecText.excerpt(component))' under \(section.label(variant: selected))"
                if let variant = section.variant, let selected {
                    message += variant.hint(forUnknown: component, selected: selected, allowed: allowed.map(\.name), holder: section.title)
                } else {
                    message += SpecText.didYouMean(component, among: allowed.map(\.name))
                }
                return .failure(LookupError(message: message))
            }
            let keyPath = sectionPath.isEmpty ? component : sectionPath + "." + component
            let isLast = index == components.count - 1
            switch key.type {
            case .mapping(let next):
                if isLast {
                    let example = next.allowedKeys(variant: variants[keyPath]).first { $0.type.isScalar }?.name ?? "…"
                    return .failure(LookupError(message: "'\(keyPath)' is a section, not a value; name a key under it, e.g. '\(keyPath).\(example)'"))
                }
                if section.exactlyOne, let chosen = variants[sectionPath], chosen != component {
                    return .failure(LookupError(message: "'\(keyPath)' is not used: \(section.title) is '\(chosen)'"))
                }
                section = next
                sectionPath = keyPath
            case .list, .scalarList, .integerList:
                return .failure(LookupError(message: "'\(keyPath)' is a list; it cannot be set by a path"))
            case .json:
                return .failure(LookupError(message: "'\(keyPath)' is passed on as written; it cannot be set by a path"))
            default:
                if !isLast {
                    return .failure(LookupError(message: "'\(keyPath)' is a value, not a section; '\(SpecText.excerpt(path))' does not exist"))
                }
                return .success(Resolved(key: key, section: section, isDiscriminator: section.variant?.discriminator == key.name))
            }
        }
        return .failure(LookupError(message: "'\(SpecText.excerpt(path))' does not name a key"))
    }

    struct LookupError: Error {
        var message: String
    }

    /// The variants a typed spec selects, as ``resolve(_:variants:)`` needs them.
    static func variants(of spec: ExperimentSpec) -> [String: String] {
        var variants = ["outer": spec.outer.optimizer.algorithm.identifier, "inner": spec.inner.algorithm.identifier]
        switch spec.optimizee {
        case .function: variants["optimizee"] = "function"
        case .classifier(let classifier):
            variants["optimizee"] = "classifier"
            variants["optimizee.classifier"] = classifier.dataset.name
        case .reservoir(let reservoir):
            variants["optimizee"] = "reservoir"
            variants["optimizee.reservoir"] = reservoir.task.name
        case .morrisLecar: variants["optimizee"] = "morris_lecar"
        case .connectome: variants["optimizee"] = "connectome"
        case .genotypeClassifier(let classifier):
            variants["optimizee"] = "genotype_classifier"
            variants["optimizee.genotype_classifier"] = classifier.dataset.name
        case .gonogo: variants["optimizee"] = "gonogo"
        case .plasticClassifier(let classifier):
            variants["optimizee"] = "plastic_classifier"
            variants["optimizee.plastic_classifier"] = classifier.dataset.name
        case .registered(let registered): variants["optimizee"] = registered.identifier
        }
        return variants
    }
}
