import L2LNumerics

extension DigitDataset {
    /// Only the images of the given digits, in their original order; ``classes``
    /// becomes the chosen digits (sorted), so a classifier for `[0, 1, 2]` has
    /// three outputs.
    ///
    /// - Parameter digits: the digits to keep, each a class of this data set.
    /// - Throws: ``DigitDatasetError/unknownDigit(_:classes:)`` for a digit that is not a class.
    /// - Complexity: O(count · pixelCount).
    public func restricted(toDigits digits: [UInt8]) throws -> DigitDataset {
        for digit in digits where !classes.contains(digit) {
            throw DigitDatasetError.unknownDigit(digit, classes: classes)
        }
        let keep = Set(digits)
        let kept = selecting(labels.indices.filter { keep.contains(labels[$0]) })
        return DigitDataset(
            images: kept.images, labels: kept.labels, width: width, height: height,
            classes: Array(keep).sorted(), pixelMaximum: pixelMaximum)
    }

    /// The original indices of each class's images, parallel to ``classes``.
    public var indicesByClass: [[Int]] {
        var groups = [[Int]](repeating: [], count: classCount)
        let table = classTable
        for (i, label) in labels.enumerated() { groups[table[Int(label)]].append(i) }
        return groups
    }

    /// A class-balanced random subset: `perClass` images of every class, drawn
    /// without replacement, returned in their original order.
    ///
    /// For each class in increasing order, a random permutation of the class's
    /// images (from `random`) is drawn and its first `perClass` are taken, so the
    /// subset is a pure function of the stream's state.
    ///
    /// - Parameters:
    ///   - perClass: images per class, ≥ 0.
    ///   - random: the stream the choice is drawn from (advanced).
    /// - Throws: ``DigitDatasetError/notEnoughImages(digit:available:requested:)``.
    /// - Complexity: O(count + perClass · classCount · pixelCount).
    public func subset(perClass: Int, random: inout RandomStream) throws -> DigitDataset {
        let (chosen, _) = try balancedIndices(first: perClass, second: 0, random: &random)
        return selecting(chosen)
    }

    /// A class-balanced split into disjoint training and test sets.
    ///
    /// Per class (in increasing order) one random permutation of the class's images
    /// is drawn; its first `trainPerClass` go to the training set and the next
    /// `testPerClass` to the test set. Both keep the original image order. Equal
    /// streams give equal splits; different streams give different splits (the
    /// "data seeds" of held-out tasks).
    ///
    /// - Parameters:
    ///   - trainPerClass: training images per class, ≥ 0.
    ///   - testPerClass: test images per class, ≥ 0.
    ///   - random: the stream the split is drawn from (advanced).
    /// - Throws: ``DigitDatasetError/notEnoughImages(digit:available:requested:)`` when
    ///   a class has fewer than `trainPerClass + testPerClass` images.
    public func split(
        trainPerClass: Int, testPerClass: Int, random: inout RandomStream
    ) throws -> (train: DigitDataset, test: DigitDataset) {
        let (train, test) = try balancedIndices(first: trainPerClass, second: testPerClass, random: &random)
        return (selecting(train), selecting(test))
    }

    /// A random split by fraction, ignoring classes: `round(fraction · count)`
    /// images (chosen by one permutation) form the first part, the rest the second,
    /// both in original order.
    /// - Precondition: `0 ≤ fraction ≤ 1`.
    public func split(fraction: Double, random: inout RandomStream) -> (first: DigitDataset, second: DigitDataset) {
        precondition(fraction >= 0 && fraction <= 1, "DigitDataset.split: fraction \(fraction) outside [0, 1]")
        let order = random.permutation(count)
        let cut = Int((fraction * Double(count)).rounded())
        return (selecting(order[..<cut].sorted()), selecting(order[cut...].sorted()))
    }

    /// The images in a random order (one permutation from `random`).
    public func shuffled(random: inout RandomStream) -> DigitDataset {
        selecting(random.permutation(count))
    }

    private func balancedIndices(
        first: Int, second: Int, random: inout RandomStream
    ) throws -> ([Int], [Int]) {
        precondition(first >= 0 && second >= 0, "DigitDataset: negative per-class count \(first), \(second)")
        var a: [Int] = [], b: [Int] = []
        for (k, group) in indicesByClass.enumerated() {
            guard group.count >= first + second else {
                throw DigitDatasetError.notEnoughImages(
                    digit: classes[k], available: group.count, requested: first + second)
            }
            let order = random.permutation(group.count)
            a += order[..<first].map { group[$0] }
            b += order[first..<(first + second)].map { group[$0] }
        }
        return (a.sorted(), b.sorted())
    }
}
