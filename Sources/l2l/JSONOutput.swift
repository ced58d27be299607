import Foundation

/// The JSON that `inspect --json` and `validate --json` print: snake_case keys, sorted, slashes
/// unescaped, non-finite numbers as the strings "nan", "inf" and "-inf" (JSON has no such numbers).
enum JSONOutput {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }
}
