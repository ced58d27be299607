/// The exit statuses of `l2l` (also in README.md, "Exit status").
enum ExitStatus {
    /// The command line is malformed (swift-argument-parser's usage error).
    static let usage: Int32 = 64
    /// A spec (or `--set`) is invalid or cannot run here.
    static let specError: Int32 = 65
    /// The run stopped on an error (I/O, a damaged result file); the file keeps completed generations.
    static let runtimeError: Int32 = 1
    /// The run completed, but every inner run or every outer individual failed.
    static let nothingWorked: Int32 = 3
    /// Interrupted by SIGINT (SIGTERM: 143); `l2l resume` continues. Set by the result store's
    /// `Interruption` handler.
    static let interrupted: Int32 = 130
}
