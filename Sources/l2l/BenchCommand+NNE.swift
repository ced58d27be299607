import ArgumentParser
import L2L
import L2LBenchmarks
import L2LFigures
import L2LNumerics
import L2LOptimizees

/// `l2l bench nne`: genotypes of the NNE network scored per second on one core.
struct NNEBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nne",
        abstract: "Score NNE genotypes on the paper's network (784 → hidden ReLU, p = 0.1 → 10, W x of density β); compare with bench/nne/nne_eval.py.")

    @Option(help: "Hidden units (the paper: 1,000).") var hidden: Int = 1_000
    @Option(help: "Genes n.") var genes: Int = 4_000
    @Option(help: "Input → hidden edge probability.") var connectionProbability: Double = 0.1
    @Option(help: "β, the density of W.") var density: Double = 0.0025
    @Option(help: "Images per mini-batch.") var batch: Int = 100
    @Option(help: "Genotypes per timed generation.") var population: Int = 100
    @Option(help: "Generations timed (the median is reported).") var repeats: Int = 3
    @Flag(help: "Score genotypes one call each (how inner runs scored them before the batch hook).") var oneByOne = false
    @Option(help: "Genotypes per block of the batched scoring.") var blockSize: Int = 32
    @Flag(help: "Print the result as JSON.") var json = false

    func validate() throws {
        guard hidden >= 1, genes >= 1, batch >= 1, population >= 1, repeats >= 1 else {
            throw ValidationError("hidden, genes, batch, population and repeats must be at least 1")
        }
        guard connectionProbability > 0, connectionProbability <= 1, density > 0, density <= 1 else {
            throw ValidationError("connection probability and density must be in (0, 1]")
        }
    }

    func run() throws {
        BLASThreads.set(1)
        let result = NNEBenchmark.run(
            hidden: hidden, genes: genes, connectionProbability: connectionProbability, density: density, batch: batch,
            population: population, repeats: repeats, oneByOne: oneByOne, blockSize: max(1, blockSize))
        try report(result, json: json) {
            String(format: "NNE genotypes, h = %d, n = %d, β = %g, batch %d: %.1f genotypes/s (%.3f s per %d, median of %d)",
                   hidden, genes, density, batch, result.genotypesPerSecond, result.secondsPerGeneration, population, repeats)
        }
    }
}
