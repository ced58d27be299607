import Foundation

/// Where relative data paths in a spec (`data_directory`, `images`, `labels`) are looked up, so a
/// spec runs from any working directory.
///
/// A relative path is tried, in order, against the spec file's directory and each of its parent
/// directories (so `experiments/x.yaml` finds the repository's `data/`), the working directory,
/// and each directory of the `L2L_DATA_PATH` environment variable (colon-separated; for an
/// installed binary, e.g. `L2L_DATA_PATH=/opt/l2l/share`). The first candidate that exists wins;
/// an absolute path is used as it is.
///
/// ```swift
/// let search = DataSearchPath(specDirectory: "/home/me/l2l/experiments")
/// search.resolve("data", containing: "digits/digits8x8-images.idx3-ubyte")  // "/home/me/l2l/data"
/// ```
public struct DataSearchPath: Sendable, Equatable, CustomStringConvertible {
    /// Absolute directories, in lookup order, without duplicates.
    public private(set) var directories: [String]

    /// The environment variable naming extra data directories.
    public static let environmentVariable = "L2L_DATA_PATH"

    /// The search path for a spec in `specDirectory` (nil: no spec file, e.g. a spec given as text).
    public init(specDirectory: String?, workingDirectory: String = FileManager.default.currentDirectoryPath,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        var found: [String] = []
        func add(_ path: String) {
            let standardized = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workingDirectory, isDirectory: true))
                .standardizedFileURL.path
            if !found.contains(standardized) { found.append(standardized) }
        }
        if let specDirectory {
            var url = URL(fileURLWithPath: specDirectory, relativeTo: URL(fileURLWithPath: workingDirectory, isDirectory: true))
                .standardizedFileURL
            while true {
                add(url.path)
                let parent = url.deletingLastPathComponent().standardizedFileURL
                if parent.path == url.path || url.path == "/" { break }
                url = parent
            }
        }
        add(workingDirectory)
        for entry in (environment[Self.environmentVariable] ?? "").split(separator: ":") where !entry.isEmpty {
            add(String(entry))
        }
        directories = found
    }

    /// Only the working directory and `L2L_DATA_PATH`.
    public static var workingDirectory: DataSearchPath { DataSearchPath(specDirectory: nil) }

    /// The path to use for `path`: itself when absolute, else the first candidate under which
    /// `path/probe` (or `path` without a probe) exists; nil when none does.
    public func resolve(_ path: String, containing probe: String? = nil) -> String? {
        let fileManager = FileManager.default
        func exists(_ candidate: String) -> Bool {
            fileManager.fileExists(atPath: probe.map { (candidate as NSString).appendingPathComponent($0) } ?? candidate)
        }
        if path.hasPrefix("/") { return exists(path) ? path : nil }
        for directory in directories {
            let candidate = (directory as NSString).appendingPathComponent(path)
            if exists(candidate) { return candidate }
        }
        return nil
    }

    /// `path` resolved, or `path` unchanged when no candidate exists (loading then reports it).
    public func resolvedOrUnchanged(_ path: String, containing probe: String? = nil) -> String {
        resolve(path, containing: probe) ?? path
    }

    /// The directories, for messages: "the spec's directory and its parents, …".
    public var description: String { directories.joined(separator: ", ") }
}
