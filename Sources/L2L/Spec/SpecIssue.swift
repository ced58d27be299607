import L2LOptimizees
/// One problem found in a spec, with its position in the file.
public struct SpecIssue: Sendable, Equatable, CustomStringConvertible {
    /// The spec's file name as given to the loader.
    public var file: String
    /// 1-based line; 0 if unknown.
    public var line: Int
    /// 1-based column (in Unicode scalars); 0 if unknown.
    public var column: Int
    /// Dotted key path, sequence indices as `[i]`, e.g. `outer.search_space[1].low`; empty for syntax errors.
    public var keyPath: String
    /// What is wrong, and when possible how to fix it.
    public var message: String

    public init(file: String, line: Int, column: Int, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// `quickstart.yaml:14:7: error: outer.search_space[1].low: expected a number, got 'abc'`.
    public var description: String {
        let position = line > 0 ? "\(file):\(line):\(column > 0 ? column : 1)" : file
        let path = keyPath.isEmpty ? "" : "\(keyPath): "
        return "\(position): error: \(path)\(message)"
    }
}

/// All problems found in a spec (never empty when thrown).
public struct SpecErrors: Error, Sendable, CustomStringConvertible {
    public var issues: [SpecIssue]

    public init(issues: [SpecIssue]) {
        self.issues = issues
    }

    /// One issue per line.
    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
