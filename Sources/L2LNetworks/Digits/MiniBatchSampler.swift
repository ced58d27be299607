import L2LNumerics

/// Shuffled mini-batches of a fixed size, drawn epoch by epoch from a ``RandomStream``.
///
/// ```swift
/// var sampler = MiniBatchSampler(count: train.count, batchSize: 32, random: RandomStream(seed: 1))
/// for _ in 0..<100 {
///     let batch = train.selecting(sampler.nextIndices())   // 32 images
/// }
/// ```
///
/// Each epoch is one random permutation of `0..<count`, cut into consecutive
/// batches of `batchSize`. When fewer than `batchSize` indices remain, they are
/// dropped and a new epoch begins with a fresh permutation, so every batch has
/// exactly `batchSize` distinct images and, within an epoch, no image appears twice.
///
/// The sampler is a value with its stream inside (`Codable`), so an optimizer
/// state that holds it resumes bit for bit.
public struct MiniBatchSampler: Sendable, Codable, Equatable {
    /// Number of items sampled from (`0..<count`).
    public let count: Int
    /// Items per batch.
    public let batchSize: Int
    /// The current epoch, counted from 0.
    public private(set) var epoch: Int
    private var order: [Int]
    private var position: Int
    private var random: RandomStream

    /// Creates a sampler and draws the first epoch's permutation from `random`.
    /// - Precondition: `1 ≤ batchSize ≤ count`.
    public init(count: Int, batchSize: Int, random: RandomStream) {
        precondition(
            batchSize >= 1 && batchSize <= count,
            "MiniBatchSampler: batch size \(batchSize) must be in 1...\(count)")
        self.count = count
        self.batchSize = batchSize
        var random = random
        order = random.permutation(count)
        self.random = random
        epoch = 0
        position = 0
    }

    /// Batches per epoch, `count / batchSize` (the remainder is dropped).
    public var batchesPerEpoch: Int { count / batchSize }

    /// The indices of the next batch (`batchSize` distinct indices in `0..<count`).
    /// - Complexity: O(batchSize), plus O(count) at the start of an epoch.
    public mutating func nextIndices() -> [Int] {
        if position + batchSize > count {
            order = random.permutation(count)
            position = 0
            epoch += 1
        }
        defer { position += batchSize }
        return Array(order[position..<(position + batchSize)])
    }

    /// The next batch of `dataset` (which must have `count` images).
    public mutating func nextBatch(of dataset: DigitDataset) -> DigitDataset {
        precondition(dataset.count == count, "MiniBatchSampler: data set has \(dataset.count) images, sampler \(count)")
        return dataset.selecting(nextIndices())
    }
}
