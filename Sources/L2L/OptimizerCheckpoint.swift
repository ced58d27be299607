import Foundation
import L2LOptimizers
import L2LOptimizees

/// Saving an optimizer's state as JSON and restoring it, so a resumed run continues bit for bit.
///
/// JSON keeps every `Double` exactly (shortest round-trip form); NaN and ±∞, which a
/// state may hold, are written as strings.
enum OptimizerCheckpoint {
    static func encode(_ optimizer: any Optimizer) throws -> String {
        String(decoding: try encoder.encode(optimizer.state), as: UTF8.self)
    }

    /// An optimizer of the same kind and configuration as `fresh`, at the saved state.
    static func restore(_ fresh: any Optimizer, from json: String) throws -> any Optimizer {
        try fresh.restored(from: Data(json.utf8))
    }

    /// A decoding failure in a few words: which key or value, where.
    static func explain(_ error: any Error) -> String {
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "" : " at \(path)"
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: return "JSON without the key '\(key.stringValue)'\(at(context))"
        case .typeMismatch(let type, let context)?: return "JSON with a value that is not \(type)\(at(context))"
        case .valueNotFound(let type, let context)?: return "JSON with a missing \(type)\(at(context))"
        case .dataCorrupted(let context)?: return "not valid JSON\(at(context)): \(context.debugDescription)"
        default: return "\(error)"
        }
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}

extension OptimizerCheckpoint {
    /// The state in the binary ``WireFormat`` (every `Double` as its bit pattern, arrays of them in
    /// one block), base64: what an inner run stopped at a rung carries to its next segment. JSON
    /// formats each number as text, which for an EnKF ensemble (J × D values) took a large part of
    /// a short segment's time.
    static func encodeCompact(_ optimizer: any Optimizer) throws -> String {
        Data(try optimizer.wireState()).base64EncodedString()
    }

    /// An optimizer of the same kind and configuration as `fresh`, at a state from ``encodeCompact(_:)``.
    static func restoreCompact(_ fresh: any Optimizer, from text: String) throws -> any Optimizer {
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "a saved inner-optimizer state that is not base64"))
        }
        return try fresh.restored(fromWire: [UInt8](data))
    }
}

extension Optimizer {
    fileprivate func wireState() throws -> [UInt8] { try WireFormat.encode(state) }

    fileprivate func restored(fromWire bytes: [UInt8]) throws -> any Optimizer {
        try Self(configuration: configuration, space: space, state: WireFormat.decode(State.self, from: bytes))
    }

    fileprivate func restored(from data: Data) throws -> any Optimizer {
        let state = try OptimizerCheckpoint.decoder.decode(State.self, from: data)
        return try Self(configuration: configuration, space: space, state: state)
    }
}
