import Testing
import L2LNumerics
@testable import L2LNetworks

/// Connection rules: exact in-degrees, statistical counts, reproducibility.
@Suite struct LIFGraphTests {
    @Test(arguments: [true, false])
    func fixedInDegreeIsExact(multapses: Bool) {
        var random = RandomStream(seed: 3)
        var b = SynapseGraphBuilder(neuronCount: 60, sourceCount: 10, dt: 0.1)
        b.connectFixedInDegree(from: 0..<40, to: 0..<60, inDegree: 7, weight: .constant(1), delay: 1,
                               allowAutapses: false, allowMultapses: multapses, random: &random)
        b.connectFixedInDegree(from: 60..<70, to: 20..<60, inDegree: 3, weight: .normal(mean: 5, std: 1), delay: 2,
                               group: 1, random: &random)
        let g = b.build()
        #expect(g.inDegrees(from: 0..<40) == [Int](repeating: 7, count: 60))
        #expect(g.inDegrees(from: 60..<70) == [Int](repeating: 0, count: 20) + [Int](repeating: 3, count: 40))
        #expect(g.synapseCount == 60 * 7 + 40 * 3 && g.groupCount == 2)
        for p in 0..<g.nodeCount {
            let row = Int(g.rowStart[p])..<Int(g.rowStart[p + 1])
            for s in row { #expect(p >= 40 || Int(g.target[s]) != p, "autapse at \(p)") }
            if !multapses && p < 40 {
                // No target appears twice in the row of an E source.
                let targets = row.map { g.target[$0] }
                #expect(Set(targets).count == targets.count)
            }
        }
        #expect(g.delaySteps.allSatisfy { $0 == 10 || $0 == 20 })
    }

    @Test func connectionProbabilityCountIsWithinBounds() {
        for seed in UInt64(0)..<5 {
            var random = RandomStream(seed: seed)
            var b = SynapseGraphBuilder(neuronCount: 200, dt: 0.1)
            b.connectProbability(from: 0..<200, to: 0..<200, probability: 0.1, weight: .constant(1), delay: 1,
                                 random: &random)
            let pairs = 200.0 * 199.0
            let mean = pairs * 0.1, sd = (pairs * 0.1 * 0.9).squareRoot()
            #expect(abs(Double(b.synapseCount) - mean) < 5 * sd, "seed \(seed): \(b.synapseCount) synapses, expected \(mean) ± \(sd)")
        }
    }

    @Test func sameSeedSameGraphOtherSeedOtherGraph() {
        func graph(_ seed: UInt64) -> SynapseGraph {
            var random = RandomStream(seed: seed)
            var b = SynapseGraphBuilder(neuronCount: 100, dt: 0.1)
            b.connectFixedInDegree(from: 0..<80, to: 0..<100, inDegree: 8, weight: .normal(mean: 1, std: 0.2),
                                   delay: 1.5, random: &random)
            b.connectProbability(from: 80..<100, to: 0..<100, probability: 0.2, weight: .constant(-1), delay: 1,
                                 random: &random)
            return b.build()
        }
        #expect(graph(9) == graph(9))
        #expect(graph(9) != graph(10))
        #expect(LIFBenchmark.network(drive: 24, seed: 4).graph == LIFBenchmark.network(drive: 24, seed: 4).graph)
    }

    @Test func csrRowsHoldEverySynapseOnceInBuilderOrder() {
        var b = SynapseGraphBuilder(neuronCount: 3, sourceCount: 1, dt: 0.1)
        b.connect(from: 2, to: 0, weight: 1, delay: 0.1)
        b.connect(from: 3, to: 1, weight: -2, delay: 0.3, group: 2)
        b.connect(from: 2, to: 1, weight: 3, delay: 0.2)
        b.connect(from: 0, to: 2, weight: 4, delay: 0.0)    // rounded up to one step
        let g = b.build()
        #expect(g.rowStart == [0, 1, 1, 3, 4])
        #expect(g.target == [2, 0, 1, 1])
        #expect(g.weight == [4, 1, 3, -2])
        #expect(g.delaySteps == [1, 1, 2, 3])
        #expect(g.receptor == [.excitatory, .excitatory, .excitatory, .inhibitory])
        #expect(g.rowOrder([10, 20, 30, 40]) == [40, 10, 30, 20])
        #expect(g.groupCount == 3)
    }
}
