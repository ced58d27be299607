import Foundation
import Yams
import L2LOptimizees

/// Reads and validates experiment specs, reporting every problem at once with file, line,
/// column and key path.
///
/// ```swift
/// do {
///     let spec = try SpecLoader.load(contentsOf: "experiments/quickstart.yaml")
/// } catch {
///     print(error)   // quickstart.yaml:14:7: error: outer.search_space[1].low: expected a number, got 'abc'
/// }
/// ```
public enum SpecLoader {
    /// Reads and validates the spec file at `path`, merged with its scale `scale` if given (see
    /// ``ExperimentSpec/scale``); an unreadable file is a ``SpecErrors`` with line 0.
    public static func load(contentsOf path: String, scale: String? = nil) throws(SpecErrors) -> ExperimentSpec {
        func fail(_ message: String, line: Int = 0, column: Int = 0) -> SpecErrors {
            SpecErrors(issues: [SpecIssue(file: path, line: line, column: column, keyPath: "", message: message)])
        }
        let url = URL(fileURLWithPath: path)
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
            size.intValue > SpecPreflight.maximumBytes
        {
            throw fail("the spec is larger than \(SpecPreflight.maximumBytes / 1024) KiB; spec files are small")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw fail("cannot read the spec file: \((error as NSError).localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let (line, column) = firstInvalidUTF8(in: data)
            throw fail("the spec is not valid UTF-8 text", line: line, column: column)
        }
        var spec = try parse(text, fileName: path, scale: scale)
        spec.sourceDirectory = url.deletingLastPathComponent().standardizedFileURL.path
        return spec
    }

    /// Validates spec text, merged with its scale `scale` if given; `fileName` is used in issues and
    /// kept in ``ExperimentSpec/source``.
    public static func parse(_ text: String, fileName: String, scale: String? = nil) throws(SpecErrors) -> ExperimentSpec {
        try parse(text, fileName: fileName, scale: scale, assignments: [])
    }

    static let maximumIssues = 100

    /// Validates `text` with `assignments` applied to its node tree first.
    static func parse(_ text: String, fileName: String, scale: String?, assignments: [SpecAssignment]) throws(SpecErrors) -> ExperimentSpec {
        let early = ComposedSpecCache.entry(for: text, fileName: fileName)
        guard early.preflight.isEmpty else { throw SpecErrors(issues: early.preflight) }
        let composed = early.composed
        if let issue = composed.issue { throw SpecErrors(issues: [issue]) }
        guard early.tagIssues.isEmpty else { throw SpecErrors(issues: early.tagIssues) }
        let (base, scalesEntry) = SpecScales.split(composed.node)
        let declared = SpecScales.declared(scalesEntry, fileName: fileName)
        var root = base
        let scaleNode = try scale.flatMap { name throws(SpecErrors) in
            try SpecScales.select(name, among: declared, scalesKey: scalesEntry?.key, fileName: fileName)
        }
        if let scaleNode, let base { root = SpecScales.merge(scaleNode, into: base) }
        for assignment in assignments {
            let components = assignment.path.split(separator: ".").map(String.init)
            root = SpecEditing.set(assignment.value, at: components[...], in: root ?? Node([(Node, Node)]()))
        }
        var validator = SpecValidator(fileName: fileName, renamedKeys: composed.renamedKeys)
        validator.validateRoot(root)
        let spec = validator.checkAndBuild(source: SpecSource(fileName: fileName, text: text))
        guard validator.issues.isEmpty, declared.issues.isEmpty, var spec else {
            let assigned = Set(assignments.map(\.path))
            let issues = validator.issues.map { issue in
                var issue = issue
                if issue.line == 0, assigned.contains(issue.keyPath) { issue.message += " (assigned value)" }
                return issue
            }
            throw SpecErrors(issues: ordered(declared.issues + issues, suppressed: validator.suppressedIssues))
        }
        spec.appliedAssignments = assignments
        spec.declaredScales = declared.named.map(\.name)
        if let scale, let scaleNode {
            spec.scale = scale
            if !SpecScales.setsOutput(scaleNode) { spec.output = spec.output.map { SpecScales.outputPath($0, scale: scale) } }
        }
        return spec
    }

    /// Issues in file order (unknown positions last), at most ``maximumIssues``.
    static func ordered(_ issues: [SpecIssue], suppressed: Int = 0) -> [SpecIssue] {
        var sorted = issues.enumerated().sorted { a, b in
            let lineA = a.element.line == 0 ? Int.max : a.element.line
            let lineB = b.element.line == 0 ? Int.max : b.element.line
            return (lineA, a.element.column, a.offset) < (lineB, b.element.column, b.offset)
        }.map(\.element)
        if sorted.count + suppressed > maximumIssues, let first = sorted.first {
            let more = sorted.count + suppressed - maximumIssues
            sorted = Array(sorted.prefix(maximumIssues))
            sorted.append(SpecIssue(file: first.file, line: 0, column: 0, keyPath: "", message: "\(more) more issues not shown"))
        }
        return sorted
    }

    // MARK: Composing

    struct Composed {
        var node: Node?
        var renamedKeys: [SpecPosition: String] = [:]
        var issue: SpecIssue?
    }

    /// Composes the text with Yams. Yams stops at the first duplicate key; to report them all with
    /// the other problems, the first occurrence is renamed (one character, same position) and the
    /// text composed again; the validator maps renamed keys back and reports each duplicate.
    static func compose(_ text: String, fileName: String) -> Composed {
        var current = text
        var renamed: [SpecPosition: String] = [:]
        for attempt in 0..<16 {
            do {
                return Composed(node: try Yams.compose(yaml: current), renamedKeys: renamed)
            } catch let error as YamlError {
                if case .duplicatedKeysInMapping(let duplicates, let context) = error, attempt < 15, let name = duplicates.first,
                    name != "<uncovertable>", context.mark.line > 0,
                    let marker = Unicode.Scalar(0xE000 + UInt32(attempt)),
                    let renamedText = rename(in: current, at: context.mark, marker: marker)
                {
                    renamed[SpecPosition(line: context.mark.line, column: context.mark.column)] = name
                    current = renamedText
                    continue
                }
                return Composed(node: nil, issue: issue(for: error, in: current, fileName: fileName))
            } catch {
                return Composed(node: nil, issue: SpecIssue(file: fileName, line: 0, column: 0, keyPath: "", message: "invalid YAML: \(error)"))
            }
        }
        return Composed(node: nil, issue: SpecIssue(file: fileName, line: 0, column: 0, keyPath: "", message: "invalid YAML"))
    }

    /// `text` with one character of the key starting at `mark` replaced by `marker`, or nil.
    private static func rename(in text: String, at mark: Mark, marker: Unicode.Scalar) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let row = mark.line - 1
        guard lines.indices.contains(row) else { return nil }
        var column = mark.column - 1
        guard lines[row].indices.contains(column) else { return nil }
        let first = lines[row][column]
        if first == "'" || first == "\"" { column += 1 }
        guard lines[row].indices.contains(column), !"'\"\\&!*|>".unicodeScalars.contains(lines[row][column]) else { return nil }
        lines[row][column] = marker
        return lines.map { line in
            var string = ""
            string.unicodeScalars.append(contentsOf: line)
            return string
        }.joined(separator: "\n")
    }

    /// A Yams error as an issue at its position.
    static func issue(for error: YamlError, in text: String, fileName: String) -> SpecIssue {
        func at(_ line: Int, _ column: Int, _ message: String) -> SpecIssue {
            SpecIssue(file: fileName, line: line, column: column, keyPath: "", message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            if character(in: text, at: mark) == "\t" {
                return at(mark.line, mark.column, "invalid YAML: a tab character here; YAML indents with spaces only")
            }
            var message = "invalid YAML: \(problem)"
            if let context {
                let sameLine = context.mark.line == mark.line && context.mark.column == mark.column
                message += " (\(context.text)" + (sameLine ? ")" : " at line \(context.mark.line), column \(context.mark.column))")
            }
            return at(mark.line, mark.column, message)
        case .reader(let problem, let offset, _, _):
            let (line, column) = offset.map { position(ofUTF8Offset: $0, in: text) } ?? (0, 0)
            return at(line, column, "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return at(context.mark.line, context.mark.column, "duplicate key \(duplicates.map { "'\(SpecText.excerpt($0))'" }.joined(separator: ", "))")
        default:
            return at(0, 0, "invalid YAML: \(error)")
        }
    }

    private static func character(in text: String, at mark: Mark) -> Unicode.Scalar? {
        guard mark.line >= 1, mark.column >= 1,
            let line = text.split(separator: "\n", maxSplits: mark.line, omittingEmptySubsequences: false).dropFirst(mark.line - 1).first
        else { return nil }
        let scalars = Array(line.unicodeScalars)
        return scalars.indices.contains(mark.column - 1) ? scalars[mark.column - 1] : nil
    }

    /// 1-based line and column (in Unicode scalars) of a UTF-8 byte offset.
    static func position(ofUTF8Offset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1, bytes = 0
        for scalar in text.unicodeScalars {
            if bytes >= offset { break }
            bytes += UTF8.width(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    private static func firstInvalidUTF8(in data: Data) -> (line: Int, column: Int) {
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var line = 1, column = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput, .error:
                return (line, column)
            }
        }
    }
}
