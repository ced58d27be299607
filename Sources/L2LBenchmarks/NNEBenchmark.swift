import Foundation
import L2L
import L2LNetworks
import L2LNumerics
import L2LOptimizees

/// Times the evaluation of NNE genotypes on the paper's network (`l2l bench nne`): genotypes
/// scored per second on one core.
///
/// The network is that of Gorantla et al. (2019, §3.1): 784 inputs, a hidden ReLU layer of
/// `hidden` units on a sparse random input graph (edge probability `connectionProbability`,
/// 0.1), 10 softmax outputs, link weights `W x` for a genotype x of `genes` genes and W of
/// density β. One evaluation is what an NNE generation does per genotype: `W x`, the forward
/// pass on a mini-batch of `batch` images and the cross-entropy, accuracy and δₓ. Pixels are
/// uniform in [0, 1) (the cost does not depend on their values); genotypes are drawn with
/// p = ½. BLAS runs on one thread and the population on one core.
public enum NNEBenchmark {
    /// One measurement.
    public struct Result: Codable, Sendable {
        public var implementation = "l2l"
        public var inputs: Int
        public var hidden: Int
        public var classes: Int
        public var genes: Int
        public var connectionProbability: Double
        public var density: Double
        public var batch: Int
        public var population: Int
        public var repeats: Int
        /// Whether genotypes were scored one call each on a batch gathered once, as an inner run's
        /// ``GenotypeClassifierOptimizee`` does, instead of the whole population in one call.
        public var oneByOne: Bool
        /// Links m (input graph + hidden → output) and nonzeros of W.
        public var links: Int
        public var nonzeros: Int
        /// Median seconds to score the whole population once.
        public var secondsPerGeneration: Double
        /// `population / secondsPerGeneration`.
        public var genotypesPerSecond: Double
        /// All measured seconds.
        public var samples: [Double]
        /// Floating-point operations to score one genotype (``flops(network:batch:)``).
        public var flopsPerGenotype: Double
        /// `flopsPerGenotype × genotypesPerSecond`, in GFLOP/s.
        public var achievedGFLOPS: Double
        /// The limit: this core's rate on a large dense product (``DenseProductLimit``), GFLOP/s.
        public var limitGFLOPS: Double
        /// Genotypes per second at the limit: `limitGFLOPS / flopsPerGenotype`.
        public var limitGenotypesPerSecond: Double
        /// `achievedGFLOPS / limitGFLOPS`.
        public var fractionOfLimit: Double
    }

    /// Operations to score one genotype on a mini-batch of `batch` images: `W x` (2 per nonzero of
    /// W), the hidden products (2 per input link and image), the logits (2 per hidden unit, class
    /// and image); the loss is negligible.
    public static func flops(network: GenotypeNetwork, batch: Int) -> Double {
        2 * Double(network.generator.nonzeroCount) + 2 * Double(batch) * Double(network.hiddenLinkCount)
            + 2 * Double(batch) * Double(network.hidden) * Double(network.classes)
    }

    public static func run(
        hidden: Int = 1_000, genes: Int = 4_000, connectionProbability: Double = 0.1, density: Double = 0.0025,
        batch: Int = 100, population: Int = 100, repeats: Int = 3, oneByOne: Bool = false, blockSize: Int = 32, seed: UInt64 = 1
    ) -> Result {
        let inputs = 784, classes = 10
        var random = RandomStream(seed: seed)
        let network = GenotypeNetwork(
            inputs: inputs, hidden: hidden, classes: classes, genes: genes, connectionProbability: connectionProbability,
            density: density, random: &random)
        let images = Matrix(rows: batch, columns: inputs, elements: (0..<(batch * inputs)).map { _ in random.nextUniform() })
        let labels = (0..<batch).map { $0 % classes }
        let genotypes = (0..<population).map { _ in (0..<genes).map { _ in random.nextUniform() < 0.5 ? 1.0 : 0.0 } }
        _ = network.evaluate(genotypes: Array(genotypes.prefix(2)), inputs: images, classIndices: labels)  // warm-up
        var samples: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<repeats {
            let start = clock.now
            let scores: [GenotypeEvaluation]
            if oneByOne {
                let gathered = network.gather(images)
                scores = genotypes.flatMap { network.evaluate(genotypes: [$0], gathered: gathered, classIndices: labels) }
            } else {
                scores = network.evaluate(genotypes: genotypes, inputs: images, classIndices: labels, blockSize: blockSize, threads: 1)
            }
            samples.append((clock.now - start).seconds)
            precondition(scores.count == population)
        }
        let median = Statistics.median(samples)
        let work = flops(network: network, batch: batch)
        let limit = DenseProductLimit.measure()
        return Result(
            inputs: inputs, hidden: hidden, classes: classes, genes: genes, connectionProbability: connectionProbability,
            density: density, batch: batch, population: population, repeats: repeats, oneByOne: oneByOne, links: network.linkCount,
            nonzeros: network.generator.nonzeroCount, secondsPerGeneration: median,
            genotypesPerSecond: Double(population) / median, samples: samples, flopsPerGenotype: work,
            achievedGFLOPS: work * Double(population) / median / 1e9, limitGFLOPS: limit,
            limitGenotypesPerSecond: limit * 1e9 / work, fractionOfLimit: work * Double(population) / median / 1e9 / limit)
    }
}
