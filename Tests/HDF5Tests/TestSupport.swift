import Foundation
import Testing

@testable import HDF5

/// Helpers shared by the HDF5 tests.
enum TestSupport {
    /// A fresh path for an HDF5 file in the temporary directory.
    static func temporaryPath(_ stem: String = "test") -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("hdf5tests-\(stem)-\(UUID().uuidString).h5").path
    }

    /// Removes a temporary file (ignoring errors).
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The result of running an external command.
    struct CommandResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `arguments` through `/usr/bin/env` and captures its output, or nil if it cannot start.
    static func run(_ arguments: [String]) -> CommandResult? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            return nil
        }
        // Read before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a Python snippet with `python3 -c`.
    static func python(_ script: String, _ arguments: String...) -> CommandResult? {
        run(["python3", "-c", script] + arguments)
    }

    /// Whether `python3 -c "import h5py"` works.
    static let h5pyAvailable: Bool = {
        guard let result = python("import h5py"), result.status == 0 else {
            print("note: python3 with h5py is not available; skipping h5py interoperability tests")
            return false
        }
        return true
    }()

    /// Whether `h5dump` is on PATH.
    static let h5dumpAvailable: Bool = {
        guard let result = run(["h5dump", "--version"]), result.status == 0 else {
            print("note: h5dump is not available; skipping h5dump checks")
            return false
        }
        return true
    }()
}
