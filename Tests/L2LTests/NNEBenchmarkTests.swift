import Testing
@testable import L2L
@testable import L2LBenchmarks
@testable import L2LOptimizees

/// `l2l bench nne` at a tiny size: the shape of its result, not its speed.
@Suite struct NNEBenchmarkTests {
    @Test func tinyBenchmarkReportsARate() {
        let result = NNEBenchmark.run(hidden: 8, genes: 50, density: 0.05, batch: 5, population: 4, repeats: 2)
        #expect(result.inputs == 784 && result.classes == 10 && result.samples.count == 2)
        #expect(result.links > 80 && result.nonzeros > 0)
        #expect(result.genotypesPerSecond > 0 && result.genotypesPerSecond.isFinite)
        #expect(abs(result.genotypesPerSecond * result.secondsPerGeneration - 4) < 1e-9)
    }
}
