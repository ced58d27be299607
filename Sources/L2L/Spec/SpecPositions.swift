import Yams

/// Positions of keys in a spec's text, for issues found after the spec was built.
struct SpecPositions {
    let root: Node?

    init(text: String) {
        root = SpecLoader.compose(text, fileName: "").node
    }

    /// The mark of the value at a dotted path (`tasks.train.count`), or of the deepest mapping on it.
    func mark(of path: String) -> Mark? {
        guard var node = root else { return nil }
        var mark = node.mark
        for component in path.split(separator: ".") {
            guard case .mapping(let mapping) = node,
                let pair = mapping.first(where: { $0.key.scalar?.string == String(component) })
            else { return mark }
            node = pair.value
            mark = pair.key.mark ?? mark
        }
        return node.mark ?? mark
    }
}
