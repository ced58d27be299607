import Testing
@testable import L2L

/// `l2l validate`'s run-time estimate counts the inner iterations a run really makes.
@Suite struct SpecRunTimeTests {
    static func spec(searching entry: String) throws -> ExperimentSpec {
        try SpecLoader.parse("""
            name: estimate
            seed: 1
            outer:
              optimizer: grid
              iterations: 1
              population: 2
              points: 2
              search_space:
                - \(entry)
            inner: {optimizer: openai_es, iterations: 10, population: 4}
            optimizee:
              function: {name: sphere, dimension: 2}
            tasks: {train: {count: 1}, test: {count: 1}}
            """, fileName: "estimate.yaml")
    }

    @Test func aSearchedIterationCountIsTakenAtTheMiddleOfItsRange() throws {
        let curve = try Self.spec(searching: "{path: inner.iterations, kind: integer, low: 1, high: 1200}")
        #expect(SpecRunTime.meanInnerIterations(curve) == 600.5)
        let other = try Self.spec(searching: "{path: inner.sigma, kind: log_uniform, low: 0.01, high: 0.1}")
        #expect(SpecRunTime.meanInnerIterations(other) == 10)
        // The whole estimate follows: 1,200 searched iterations cost ~60× the spec's own 10.
        let (slow, fast) = (SpecRunTime.estimate(for: curve, cores: 1), SpecRunTime.estimate(for: other, cores: 1))
        #expect(slow != nil && fast != nil)
        if let slow, let fast {
            let perEvaluation = slow.seconds / slow.evaluationSeconds / (fast.seconds / fast.evaluationSeconds)
            #expect(abs(perEvaluation - 60.05) < 1e-6)
        }
    }
}
