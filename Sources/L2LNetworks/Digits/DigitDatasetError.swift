/// Why digit data could not be loaded or a subset could not be drawn.
///
/// Every case names the file (its path as given) or the class concerned and what
/// was expected, so a user who points a spec at the wrong file sees which one and
/// why:
///
/// ```
/// data/digits/mnist5k-images.idx3-ubyte: truncated: header promises 3920016 bytes, file has 1000
/// ```
public enum DigitDatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read at all (missing, unreadable).
    case unreadable(file: String, reason: String)
    /// The file is gzip-compressed; IDX files must be decompressed first (`gunzip`).
    case compressed(file: String)
    /// The file is shorter than its IDX header.
    case truncatedHeader(file: String, bytes: Int, needed: Int)
    /// The magic number is not the one for this kind of IDX file
    /// (`0x00000803` for unsigned-byte images, `0x00000801` for unsigned-byte labels).
    case badMagic(file: String, expected: UInt32, found: UInt32)
    /// A dimension in the header is zero.
    case invalidDimensions(file: String, dimensions: [Int])
    /// The file is shorter than its header promises.
    case truncated(file: String, expectedBytes: Int, actualBytes: Int)
    /// The file has bytes after the data its header describes.
    case trailingBytes(file: String, expectedBytes: Int, actualBytes: Int)
    /// The image and label files hold different numbers of items.
    case countMismatch(imagesFile: String, images: Int, labelsFile: String, labels: Int)
    /// A class has fewer images than a subset or split asks for.
    case notEnoughImages(digit: UInt8, available: Int, requested: Int)
    /// A requested digit is not a class of the data set.
    case unknownDigit(UInt8, classes: [UInt8])

    /// A one-line message naming the file or class and the problem.
    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .compressed(file):
            return "\(file): gzip-compressed; decompress it first (gunzip), IDX files are read uncompressed"
        case let .truncatedHeader(file, bytes, needed):
            return "\(file): truncated header: \(bytes) bytes, an IDX header needs \(needed)"
        case let .badMagic(file, expected, found):
            return "\(file): magic number 0x\(hex(found)), expected 0x\(hex(expected))"
        case let .invalidDimensions(file, dimensions):
            return "\(file): invalid dimensions \(dimensions)"
        case let .truncated(file, expected, actual):
            return "\(file): truncated: header promises \(expected) bytes, file has \(actual)"
        case let .trailingBytes(file, expected, actual):
            return "\(file): \(actual - expected) bytes after the \(expected) its header describes"
        case let .countMismatch(imagesFile, images, labelsFile, labels):
            return "\(imagesFile) holds \(images) images but \(labelsFile) holds \(labels) labels"
        case let .notEnoughImages(digit, available, requested):
            return "digit \(digit): \(requested) images requested, \(available) available"
        case let .unknownDigit(digit, classes):
            return "digit \(digit) is not a class of the data set (classes \(classes))"
        }
    }
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
