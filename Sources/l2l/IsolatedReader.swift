import ArgumentParser
import Foundation

/// Reads result files in a child process first, so that a file damaged where libhdf5 does not
/// look (its global heap, for one: `H5HG_read` copies through a null pointer when a stored
/// string's heap entry is corrupt) ends in a clear error instead of a crash of `l2l` itself.
///
/// `inspect` and `plot` run themselves again as a child (the same arguments, with
/// `L2L_ISOLATED_READER` set) and pass its output and exit status on; `resume` first has a child
/// read the file's summary. A child killed by a signal means the file crashed the library.
enum IsolatedReader {
    static let marker = "L2L_ISOLATED_READER"

    /// Whether this process is the child that reads (or isolation is switched off with
    /// `L2L_ISOLATED_READER=0`).
    static var readsDirectly: Bool { ProcessInfo.processInfo.environment[marker] != nil }

    /// Runs `l2l arguments` as a child reader with stdout and stderr passed through (or stdout
    /// discarded) and returns its exit status; throws `ExitCode(1)` after saying which file is
    /// damaged when the child died by a signal.
    static func run(_ arguments: [String], file: String, discardingOutput: Bool = false) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment[marker] = "1"
        environment["SWIFT_BACKTRACE"] = "enable=no"  // a crash of the child is reported by this process
        process.environment = environment
        if discardingOutput {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        do {
            try process.run()
        } catch {
            return -1  // cannot spawn (no /proc): the caller reads in-process
        }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            printError("error: \(file) is damaged: reading it crashed libhdf5 (signal \(process.terminationStatus)); "
                + "the file cannot be read (a copy from before the damage, or the run again, is needed)")
            throw ExitCode(ExitStatus.runtimeError)
        }
        return process.terminationStatus
    }

    /// For `resume`: a child reads the file's summary first (not under MPI, whose ranks should
    /// not start processes); a normal read error is left for the caller to report.
    static func checkReadable(_ file: String) throws {
        guard !readsDirectly, ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_SIZE"] == nil,
              ProcessInfo.processInfo.environment["PMI_RANK"] == nil
        else { return }
        _ = try run(["inspect", "--json", file], file: file, discardingOutput: true)
    }

    /// For `inspect` and `plot`: unless this is the child, runs the command as a child and
    /// exits with its status. Returns only in the child (or where no child can be started).
    static func delegate(file: String) throws {
        guard !readsDirectly else {
            // Fault injection for the test of this path (Tests/python/test_edges.py): the reader dies
            // as libhdf5 does on some damaged files.
            if ProcessInfo.processInfo.environment["L2L_TEST_READER_CRASH"] == "1" {
                UnsafeMutablePointer<Int>(bitPattern: 8)!.pointee = 1  // a real SIGSEGV, as in libhdf5
            }
            return
        }
        let status = try run(Array(CommandLine.arguments.dropFirst()), file: file)
        guard status >= 0 else { return }
        throw ExitCode(status)
    }
}
