import L2LNumerics

/// A labelled set of small grey-level digit images, held in memory as one
/// row-major `count × pixels` matrix of `Double`.
///
/// ```swift
/// let data = URL(fileURLWithPath: "path/to/l2l/data")
/// var random = RandomStream(seed: 7)
/// let all = try DigitDataset.shipped(.mnist5k, dataDirectory: data).normalized()
/// let (train, test) = try all.restricted(toDigits: [0, 1, 2])
///     .split(trainPerClass: 200, testPerClass: 100, random: &random)
/// var batches = MiniBatchSampler(count: train.count, batchSize: 64, random: random.derived(1))
/// let batch = train.selecting(batches.nextIndices())
/// let x = batch.images                 // 64 × 784
/// let y = batch.oneHotTargets()        // 64 × 3
/// ```
///
/// Images come from IDX files (``loadIDX(images:labels:pixelMaximum:)``), of which
/// two are shipped in the repository's `data/digits/` (``ShippedDigitSet``). Every
/// operation that picks images takes a ``RandomStream``, so subsets, splits and
/// mini-batches are a pure function of the seed.
///
/// **Classes.** ``classes`` are the digit labels the data set distinguishes, in
/// increasing order; a network's output `k` stands for `classes[k]`. After
/// ``restricted(toDigits:)`` only the chosen digits remain and `classes` is that
/// list, so a 0/1/2 task has three outputs.
///
/// **Pixels.** Values are stored as read (0–255 for MNIST, 0–16 for the 8×8
/// digits); ``pixelMaximum`` is the value that means "full ink", and
/// ``normalized()`` divides by it to map pixels into [0, 1].
public struct DigitDataset: Sendable, Equatable {
    /// Image width in pixels.
    public let width: Int
    /// Image height in pixels.
    public let height: Int
    /// The images, one per row, each `height × width` pixels in row-major order.
    public private(set) var images: Matrix
    /// The digit label of each image (parallel to the rows of ``images``).
    public private(set) var labels: [UInt8]
    /// The labels this data set distinguishes, strictly increasing.
    public private(set) var classes: [UInt8]
    /// The pixel value standing for full ink (255 for MNIST, 16 for the 8×8 digits,
    /// 1 after ``normalized()``).
    public private(set) var pixelMaximum: Double

    /// Creates a data set from images and labels.
    ///
    /// - Parameters:
    ///   - images: `labels.count × (width · height)` row-major pixels.
    ///   - labels: one label per image; each must be in `classes`.
    ///   - width: image width, ≥ 1.
    ///   - height: image height, ≥ 1.
    ///   - classes: the labels distinguished, strictly increasing; by default the
    ///     distinct labels present.
    ///   - pixelMaximum: the pixel value for full ink, > 0.
    /// - Precondition: shapes agree, `classes` is strictly increasing and holds every label.
    public init(
        images: Matrix, labels: [UInt8], width: Int, height: Int, classes: [UInt8]? = nil,
        pixelMaximum: Double
    ) {
        precondition(width >= 1 && height >= 1, "DigitDataset: image size \(width)×\(height)")
        precondition(
            images.rows == labels.count && images.columns == width * height,
            "DigitDataset: \(images.rows)×\(images.columns) pixels for \(labels.count) images of \(width)×\(height)")
        precondition(pixelMaximum > 0 && pixelMaximum.isFinite, "DigitDataset: pixelMaximum \(pixelMaximum)")
        let classes = classes ?? Array(Set(labels)).sorted()
        precondition(
            zip(classes, classes.dropFirst()).allSatisfy { $0 < $1 },
            "DigitDataset: classes \(classes) are not strictly increasing")
        let known = Set(classes)
        precondition(labels.allSatisfy(known.contains), "DigitDataset: a label is not among classes \(classes)")
        self.width = width
        self.height = height
        self.images = images
        self.labels = labels
        self.classes = classes
        self.pixelMaximum = pixelMaximum
    }

    /// Number of images.
    public var count: Int { labels.count }

    /// Pixels per image, `width · height` (the input size of a classifier).
    public var pixelCount: Int { width * height }

    /// Number of classes (the output size of a classifier).
    public var classCount: Int { classes.count }

    /// Image `index` as `height · width` row-major pixels.
    public func image(_ index: Int) -> [Double] { images.row(index) }

    /// The class index (position in ``classes``) of every image.
    /// - Complexity: O(count).
    public var classIndices: [Int] {
        let table = classTable
        return labels.map { table[Int($0)] }
    }

    /// How many images each class has, parallel to ``classes``.
    /// - Complexity: O(count).
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classes.count)
        let table = classTable
        for label in labels { counts[table[Int(label)]] += 1 }
        return counts
    }

    /// One-hot targets, `count × classCount`: row `i` holds `on` in the column of
    /// image `i`'s class and `off` elsewhere.
    ///
    /// - Parameters:
    ///   - on: value for the true class (1 by default).
    ///   - off: value for the other classes (0 by default).
    public func oneHotTargets(on: Double = 1, off: Double = 0) -> Matrix {
        var targets = Matrix(rows: count, columns: classCount, repeating: off)
        let indices = classIndices
        targets.withUnsafeMutableBufferPointer { t in
            for (i, k) in indices.enumerated() { t[i * classCount + k] = on }
        }
        return targets
    }

    /// The data set with every pixel divided by ``pixelMaximum``, so values lie in
    /// [0, 1] (for data whose pixels lie in [0, pixelMaximum]); ``pixelMaximum`` becomes 1.
    /// - Complexity: O(count · pixelCount).
    public func normalized() -> DigitDataset {
        var copy = self
        let scale = 1 / pixelMaximum
        copy.images.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] *= scale }
        }
        copy.pixelMaximum = 1
        return copy
    }

    /// The images at `indices`, in that order (repeats allowed); classes are kept.
    /// - Precondition: every index is in `0..<count`.
    /// - Complexity: O(indices.count · pixelCount).
    public func selecting(_ indices: [Int]) -> DigitDataset {
        let n = pixelCount
        var pixels = [Double](repeating: 0, count: indices.count * n)
        images.elements.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                for (row, index) in indices.enumerated() {
                    precondition(index >= 0 && index < count, "DigitDataset: index \(index) outside 0..<\(count)")
                    let from = source.baseAddress! + index * n
                    (target.baseAddress! + row * n).update(from: from, count: n)
                }
            }
        }
        return DigitDataset(
            images: Matrix(rows: indices.count, columns: n, elements: pixels),
            labels: indices.map { labels[$0] }, width: width, height: height,
            classes: classes, pixelMaximum: pixelMaximum)
    }

    /// Class index of each label value 0…255 (−1 when not a class).
    var classTable: [Int] {
        var table = [Int](repeating: -1, count: 256)
        for (k, digit) in classes.enumerated() { table[Int(digit)] = k }
        return table
    }
}
