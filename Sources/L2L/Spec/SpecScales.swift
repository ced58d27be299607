import Yams
import L2LOptimizees

/// Named scales of a spec: partial specs under the top-level key `scales` that are merged over the
/// rest of the file when a run asks for one (`l2l run SPEC --scale full`).
///
/// One file then carries a study at every size it is run at: the file's own values are the smoke
/// scale CI runs, `scales.full` the published one.
///
/// ```yaml
/// outer: {optimizer: ga, iterations: 3, population: 6, ...}
/// scales:
///   full:
///     outer: {iterations: 10, population: 12}
///     inner: {iterations: 500}
/// ```
///
/// Mappings merge key by key, any other value (a number, a list such as `outer.search_space`)
/// replaces the file's value whole. The merged tree is validated like any spec, so a problem in a
/// scale is reported at its own line and column. A file written at a scale records the scale's name
/// (`/@scale`) beside the spec's text, and `l2l resume` and MPI workers apply it again.
enum SpecScales {
    static let key = "scales"

    /// The root mapping without its `scales` entry, and that entry (key and value) if present.
    static func split(_ root: Node?) -> (base: Node?, scales: (key: Node, value: Node)?) {
        guard let root, case .mapping(let mapping) = root else { return (root, nil) }
        var scales: (key: Node, value: Node)?
        var pairs: [(Node, Node)] = []
        for (key, value) in mapping {
            if key.scalar?.string == Self.key {
                scales = (key, value)
            } else {
                pairs.append((key, value))
            }
        }
        return (.mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark)), scales)
    }

    /// The scales a spec text declares, by name, in file order; problems of the `scales` block itself.
    static func declared(_ scales: (key: Node, value: Node)?, fileName: String) -> (named: [(name: String, node: Node)], issues: [SpecIssue]) {
        guard let scales else { return ([], []) }
        func issue(_ message: String, _ keyPath: String, _ mark: Mark?) -> SpecIssue {
            SpecIssue(file: fileName, line: mark?.line ?? 0, column: mark?.column ?? 0, keyPath: keyPath, message: message)
        }
        guard case .mapping(let mapping) = scales.value else {
            return ([], [issue("expected a mapping of scale names to partial specs, got \(SpecScalarReading.describe(scales.value))", key, scales.value.mark)])
        }
        var named: [(name: String, node: Node)] = []
        var issues: [SpecIssue] = []
        for (nameNode, value) in mapping {
            guard let name = nameNode.scalar?.string, isValidName(name) else {
                issues.append(issue("a scale name is letters, digits, '_' or '-', got '\(SpecText.excerpt(nameNode.scalar?.string ?? "?"))'", key, nameNode.mark))
                continue
            }
            let path = "\(key).\(name)"
            guard case .mapping(let entries) = value else {
                issues.append(issue("expected a mapping of spec keys to change, e.g. {outer: {iterations: 10}}, got \(SpecScalarReading.describe(value))", path, value.mark))
                continue
            }
            if let nested = entries.first(where: { $0.key.scalar?.string == key }) {
                issues.append(issue("a scale cannot declare scales of its own", "\(path).\(key)", nested.key.mark))
                continue
            }
            named.append((name, value))
        }
        return (named, issues)
    }

    /// The partial spec of scale `name`; nil if the `scales` block itself has issues (reported with
    /// the spec's other issues).
    /// - Throws: ``SpecErrors`` at the `scales` key when the spec declares no scale `name`.
    static func select(
        _ name: String, among declared: (named: [(name: String, node: Node)], issues: [SpecIssue]), scalesKey: Node?, fileName: String
    ) throws(SpecErrors) -> Node? {
        if let node = declared.named.first(where: { $0.name == name })?.node { return node }
        guard declared.issues.isEmpty else { return nil }
        let names = declared.named.map { "'\($0.name)'" }
        let message = names.isEmpty
            ? "no scale '\(SpecText.excerpt(name))': the spec declares no scales (a top-level `scales:` mapping)"
            : "no scale '\(SpecText.excerpt(name))'; the spec declares \(SpecText.list(names))"
                + SpecText.didYouMean(name, among: declared.named.map(\.name))
        throw SpecErrors(issues: [SpecIssue(
            file: fileName, line: scalesKey?.mark?.line ?? 0, column: scalesKey?.mark?.column ?? 0, keyPath: key, message: message)])
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    /// `override` merged into `base`: mappings key by key, anything else replaced by the override
    /// (whose nodes keep their positions, so issues point into the scale).
    static func merge(_ override: Node, into base: Node) -> Node {
        guard case .mapping(let overrides) = override, case .mapping(let mapping) = base else { return override }
        var pairs = mapping.map { ($0.key, $0.value) }
        for (key, value) in overrides {
            if let index = pairs.lastIndex(where: { $0.0.scalar?.string == key.scalar?.string && key.scalar != nil }) {
                pairs[index].1 = merge(value, into: pairs[index].1)
            } else {
                pairs.append((key, value))
            }
        }
        return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
    }

    /// Whether the scale sets the top-level `output` itself.
    static func setsOutput(_ scale: Node) -> Bool {
        guard case .mapping(let entries) = scale else { return false }
        return entries.contains { $0.key.scalar?.string == "output" }
    }

    /// `results/study.h5` at scale `full` → `results/study-full.h5`, so the scales of one file do
    /// not overwrite each other's results.
    static func outputPath(_ path: String, scale: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        if let dot = path[slash...].lastIndex(of: "."), dot > slash {
            return String(path[..<dot]) + "-" + scale + String(path[dot...])
        }
        return path + "-" + scale
    }
}
