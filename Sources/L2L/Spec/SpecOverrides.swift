import Yams
import L2LOptimizees

/// `l2l run SPEC --set PATH=VALUE`: spec values overridden from the command line.
///
/// Each override is validated like the file (``ExperimentSpec/applying(_:)``: the path must be a
/// key the schema declares for this spec, the value is checked by the key's rules, an issue ends
/// in "(assigned value)"). The result's ``ExperimentSpec/source`` text is the file's YAML with
/// the overrides written in, so the result file records what ran and `l2l resume` applies the
/// overrides again by reading it. Comments of the original text are not kept in that copy.
///
/// ```swift
/// let spec = try SpecOverrides.apply(["inner.sigma=0.1", "outer.iterations=3"],
///                                    to: SpecLoader.load(contentsOf: "experiments/x.yaml"))
/// ```
public enum SpecOverrides {
    /// One `PATH=VALUE` argument as a dotted path and a scalar: an integer or real literal is a
    /// number, `true`/`false` a bool, anything else (or a quoted value) a string.
    public static func parse(_ argument: String, fileName: String) throws(SpecErrors) -> (path: String, value: SpecScalar) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
            throw SpecErrors(issues: [SpecIssue(
                file: fileName, line: 0, column: 0, keyPath: "",
                message: "--set expects PATH=VALUE with a dotted spec path, e.g. inner.sigma=0.1; got '\(SpecText.excerpt(argument))'")])
        }
        let path = String(argument[..<equals]).trimmingCharacters(in: .whitespaces)
        let text = String(argument[argument.index(after: equals)...])
        return (path, scalar(text))
    }

    static func scalar(_ text: String) -> SpecScalar {
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            return .string(String(text.dropFirst().dropLast()))
        }
        if let integer = Int(text) { return .int(integer) }
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if let real = Double(text), real.isFinite, text.contains(where: { $0.isNumber }) { return .double(real) }
        return .string(text)
    }

    /// `spec` with the overrides applied and written into its source text.
    ///
    /// - Throws: ``SpecErrors`` for an unknown path or a value its key refuses.
    public static func apply(_ arguments: [String], to spec: ExperimentSpec) throws(SpecErrors) -> ExperimentSpec {
        guard !arguments.isEmpty else { return spec }
        var assignments: [(path: String, value: SpecScalar)] = []
        for argument in arguments { assignments.append(try parse(argument, fileName: spec.source.fileName)) }
        let applied = try spec.applying(assignments)
        let text = try rewrittenText(spec.source.text, assignments: assignments, arguments: arguments, fileName: spec.source.fileName)
        var recorded = try SpecLoader.parse(text, fileName: spec.source.fileName, scale: spec.scale)
        recorded.sourceDirectory = spec.sourceDirectory
        guard recorded.outer == applied.outer, recorded.inner == applied.inner, recorded.optimizee == applied.optimizee,
            recorded.tasks == applied.tasks, recorded.record == applied.record, recorded.seed == applied.seed,
            recorded.name == applied.name
        else {
            throw SpecErrors(issues: [SpecIssue(
                file: spec.source.fileName, line: 0, column: 0, keyPath: "",
                message: "internal error: the spec with --set written in differs from the one validated; please report this spec")])
        }
        return recorded
    }

    /// The spec text with each assignment set in the base values and in every scale that sets
    /// the same key (so a scale does not silently undo an override).
    static func rewrittenText(
        _ text: String, assignments: [(path: String, value: SpecScalar)], arguments: [String], fileName: String
    ) throws(SpecErrors) -> String {
        let composed = SpecLoader.compose(text, fileName: fileName)
        if let issue = composed.issue { throw SpecErrors(issues: [issue]) }
        guard var root = composed.node.map(normalized) else { return text }
        for assignment in assignments {
            let components = assignment.path.split(separator: ".").map(String.init)
            root = SpecEditing.set(assignment.value, at: components[...], in: root)
            root = setInScales(assignment.value, at: components, in: root)
        }
        do {
            let body = try Yams.serialize(node: normalized(root), width: -1)
            let header = "# \(fileName) with l2l run --set \(arguments.joined(separator: " --set ")); comments of the file not kept\n"
            return header + body
        } catch {
            throw SpecErrors(issues: [SpecIssue(file: fileName, line: 0, column: 0, keyPath: "",
                                                message: "cannot write the spec with --set applied: \(error)")])
        }
    }

    private static func setInScales(_ value: SpecScalar, at components: [String], in root: Node) -> Node {
        guard case .mapping(let mapping) = root else { return root }
        var pairs = mapping.map { ($0.key, $0.value) }
        guard let index = pairs.firstIndex(where: { $0.0.scalar?.string == SpecScales.key }),
            case .mapping(let scales) = pairs[index].1
        else { return root }
        let updated = scales.map { pair -> (Node, Node) in
            contains(components[...], in: pair.value) ? (pair.key, SpecEditing.set(value, at: components[...], in: pair.value)) : (pair.key, pair.value)
        }
        pairs[index].1 = .mapping(Node.Mapping(updated, scales.tag, scales.style, scales.mark))
        return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
    }

    private static func contains(_ components: ArraySlice<String>, in node: Node) -> Bool {
        guard let name = components.first else { return true }
        guard case .mapping(let mapping) = node, let child = mapping.first(where: { $0.key.scalar?.string == name })?.value else {
            return false
        }
        return contains(components.dropFirst(), in: child)
    }

    /// The tree with collections tagged so the emitter writes no `!!map`/`!!seq` and without anchors.
    static func normalized(_ node: Node) -> Node {
        switch node {
        case .scalar(let scalar):
            let tag: Tag = scalar.tag.rawValue == Tag.Name.str.rawValue && !SpecScalarReading.isPlain(scalar) ? .implicit : scalar.tag
            return .scalar(Node.Scalar(scalar.string, tag, scalar.style, scalar.mark))
        case .mapping(let mapping):
            return .mapping(Node.Mapping(mapping.map { (normalized($0.key), normalized($0.value)) }, Tag(.map), mapping.style, mapping.mark))
        case .sequence(let sequence):
            return .sequence(Node.Sequence(sequence.map(normalized), Tag(.seq), sequence.style, sequence.mark))
        case .alias:
            return node
        }
    }
}
