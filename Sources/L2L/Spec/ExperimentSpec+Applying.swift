import Yams
import L2LOptimizees

extension ExperimentSpec {
    /// A copy with the values at dotted paths replaced, re-validated from the spec's node tree.
    ///
    /// ```swift
    /// let tuned = try spec.applying([
    ///     (path: "inner.elite_fraction", value: .double(0.3)),
    ///     (path: "inner.population", value: .int(12)),
    ///     (path: "inner.covariance", value: .string("full")),
    /// ])
    /// ```
    ///
    /// A path may name a key absent from the file if the schema declares it for this spec (for
    /// `inner: {optimizer: cem}`, `inner.smoothing`). An integer is accepted for a real-valued key,
    /// not a real for an integer key. ``source`` keeps the original text.
    ///
    /// - Throws: ``SpecErrors`` naming each path that does not exist, and every issue of the result
    ///   (an assigned value's issue has line 0 and ends in "(assigned value)").
    public func applying(_ assignments: [(path: String, value: SpecScalar)]) throws(SpecErrors) -> ExperimentSpec {
        var variants = SpecSchema.variants(of: self)
        var issues: [SpecIssue] = []
        for assignment in assignments {
            switch SpecSchema.resolve(assignment.path, variants: variants) {
            case .success(let resolved):
                if resolved.isDiscriminator, case .string(let value) = assignment.value {
                    variants[String(assignment.path.split(separator: ".").dropLast().joined(separator: "."))] = value
                }
            case .failure(let error):
                issues.append(SpecIssue(file: source.fileName, line: 0, column: 0, keyPath: assignment.path, message: error.message))
            }
        }
        guard issues.isEmpty else { throw SpecErrors(issues: issues) }
        let all = appliedAssignments + assignments.map { SpecAssignment(path: $0.path, value: $0.value) }
        var applied = try SpecLoader.parse(source.text, fileName: source.fileName, scale: scale, assignments: all)
        applied.sourceDirectory = sourceDirectory
        return applied
    }
}

/// Edits of a composed node tree.
enum SpecEditing {
    /// `node` with the scalar at the key path `components` set to `value`, creating absent keys.
    static func set(_ value: SpecScalar, at components: ArraySlice<String>, in node: Node) -> Node {
        guard let name = components.first else { return scalarNode(value) }
        guard case .mapping(let mapping) = node else { return node }  // Reported by the validator.
        var pairs = mapping.map { ($0.key, $0.value) }
        let index = pairs.lastIndex { $0.0.scalar?.string == name }
        let child = index.map { pairs[$0].1 } ?? Node([(Node, Node)]())
        let updated = set(value, at: components.dropFirst(), in: child)
        if let index {
            pairs[index].1 = updated
        } else {
            pairs.append((Node(name), updated))
        }
        return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
    }

    static func scalarNode(_ value: SpecScalar) -> Node {
        switch value {
        case .string(let text): Node.scalar(Node.Scalar(text, .implicit, .singleQuoted))
        default: Node.scalar(Node.Scalar(value.yamlText, .implicit, .plain))
        }
    }
}
