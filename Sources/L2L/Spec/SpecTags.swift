import Yams

/// Refuses YAML tags in a spec (`!!str 42`, `!!python/object:os.system ls`, `!custom x`).
///
/// A spec's values are read by the schema's own strict rules, so a tag can only change what a
/// value means behind the reader's back (`seed: !!str 42` would be read as the integer 42 while
/// `seed: "42"` is refused) or smuggle in another language's object constructor. Every explicit
/// tag is therefore reported at its position with the key path; write the value plainly, and
/// quote it to make it a string.
enum SpecTags {
    /// Nodes visited at most: an alias-heavy ("billion laughs") tree is not walked in full; the
    /// anchored original, which comes first in document order, is.
    static let visitLimit = 100_000

    /// One issue per explicitly tagged node, in document order.
    static func issues(in root: Node?, fileName: String) -> [SpecIssue] {
        guard let root else { return [] }
        var issues: [SpecIssue] = []
        var visited = 0
        func walk(_ node: Node, path: String) {
            visited += 1
            guard visited <= visitLimit, issues.count < SpecLoader.maximumIssues else { return }
            if let tag = explicitTag(of: node) {
                let mark = node.mark
                issues.append(SpecIssue(
                    file: fileName, line: mark?.line ?? 0, column: mark?.column ?? 0, keyPath: path,
                    message: "YAML tag \(tag) is not accepted in a spec; write the value without a tag "
                        + "(quote it to make it a string)"))
            }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    if explicitTag(of: key) != nil { walk(key, path: path) }
                    walk(value, path: SpecValidator.join(path, key.scalar?.string ?? "?"))
                }
            case .sequence(let sequence):
                for (index, element) in sequence.enumerated() { walk(element, path: path + "[\(index)]") }
            case .scalar, .alias:
                break
            }
        }
        walk(root, path: "")
        return issues
    }

    /// The tag written in the file, shortened (`!!str`), when it gives the node another meaning
    /// than the same text without a tag; nil otherwise. (Yams resolves implicit tags in place, so
    /// a written tag is recognised by differing from the implicit resolution: `!!int 42` means
    /// what `42` means and passes, `!!str 42` does not.) A quoted or block scalar is a string
    /// either way.
    static func explicitTag(of node: Node) -> String? {
        let name: String
        switch node {
        case .scalar(let scalar):
            name = scalar.tag.rawValue
            if name.isEmpty { return nil }
            if !SpecScalarReading.isPlain(scalar) {
                if name == Tag.Name.str.rawValue { return nil }
            } else if name == Resolver.default.resolveTag(of: Node.scalar(Node.Scalar(scalar.string))).rawValue {
                return nil
            }
        case .mapping(let mapping):
            name = mapping.tag.rawValue
            if name.isEmpty || name == Tag.Name.map.rawValue { return nil }
        case .sequence(let sequence):
            name = sequence.tag.rawValue
            if name.isEmpty || name == Tag.Name.seq.rawValue { return nil }
        case .alias:
            return nil
        }
        let core = "tag:yaml.org,2002:"
        return name.hasPrefix(core) ? "!!" + name.dropFirst(core.count) : "'\(SpecText.excerpt(name))'"
    }
}
