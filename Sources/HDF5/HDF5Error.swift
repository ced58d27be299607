import CHDF5
import Foundation

/// An error reported by libhdf5 (or detected by this wrapper before calling it).
///
/// It records the failing operation (usually the C function name, such as
/// `"H5Fopen"`), the file or object path involved, and the messages of the
/// HDF5 error stack at the time of failure, outermost first.
public struct HDF5Error: Error, CustomStringConvertible, Sendable, Equatable {
    /// The operation that failed, e.g. `"H5Fopen"` or `"H5Dwrite"`.
    public var operation: String
    /// The file name or object path the operation was applied to.
    public var object: String
    /// The HDF5 error-stack messages, outermost (API level) first.
    public var messages: [String]

    /// Creates an error from its parts.
    public init(operation: String, object: String, messages: [String]) {
        self.operation = operation
        self.object = object
        self.messages = messages
    }

    /// One readable line, e.g.
    /// `H5Fopen(results/x.h5): unable to open file: ... errno = 2, error message = 'No such file or directory' ...`.
    public var description: String {
        // One line: collapse whitespace, drop repeats and messages that a
        // deeper message repeats with more detail.
        let normalized = messages.map {
            $0.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }.filter { !$0.isEmpty }
        var kept: [String] = []
        for (index, message) in normalized.enumerated() {
            let repeated = normalized[(index + 1)...].contains { $0.hasPrefix(message) }
            if !repeated && !kept.contains(message) { kept.append(message) }
        }
        let detail = kept.isEmpty ? "failed" : kept.joined(separator: ": ")
        return "\(operation)(\(object)): \(detail)"
    }

    /// Builds an error from the current thread's HDF5 error stack and clears it.
    ///
    /// Must be called while holding ``HDF5Library/withLock(_:)``, immediately
    /// after the failing call.
    static func fromStack(operation: String, object: String) -> HDF5Error {
        final class Collector {
            var messages: [String] = []
        }
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        H5Ewalk2(chdf5_e_default(), H5E_WALK_DOWNWARD, { _, entry, clientData in
            guard let entry, let clientData else { return 0 }
            let collector = Unmanaged<Collector>.fromOpaque(clientData).takeUnretainedValue()
            if let desc = entry.pointee.desc {
                let text = String(cString: desc).trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { collector.messages.append(text) }
            }
            return 0
        }, context)
        withExtendedLifetime(collector) {}
        H5Eclear2(chdf5_e_default())
        return HDF5Error(operation: operation, object: object, messages: collector.messages)
    }
}

/// Throws an ``HDF5Error`` built from the error stack if `status` is negative.
@discardableResult
func check<T: BinaryInteger>(_ status: T, _ operation: String, _ object: String) throws(HDF5Error) -> T {
    if status < 0 {
        throw HDF5Error.fromStack(operation: operation, object: object)
    }
    return status
}
