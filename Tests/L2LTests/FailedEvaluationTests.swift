import Foundation
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// An optimizee that throws on about 10% of evaluations and returns NaN on another few.
struct FlakyOptimizee: Optimizee {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "simulated solver failure" }
    }

    let parameterSpace = SearchSpace.box(count: 3, lower: -2, upper: 2)
    var initialPoint: [Double]? { nil }

    func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
        // The failure pattern depends on the point, not on the (shared) stream, so it varies per candidate.
        let hash = parameters.reduce(0.0) { $0 * 31 + $1 }
        let u = abs(sin(hash * 12.9898) * 43758.5453).truncatingRemainder(dividingBy: 1)
        if u < 0.10 { throw Failure() }
        if u < 0.13 { return Evaluation(fitness: .nan) }
        return Evaluation(fitness: -parameters.reduce(0) { $0 + $1 * $1 })
    }
}

/// A failing evaluation is a recorded outcome: the run goes on and reports it.
@Suite struct FailedEvaluationTests {
    @Test func runCompletesWithFailuresRecorded() async throws {
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 1, repeatIndex: 0)
        let result = await InnerRun.execute(
            optimizee: FlakyOptimizee(),
            algorithm: .registered(CrossEntropyMethod.self, .init(population: 20, eliteFraction: 0.2, noise: 0.01))!,
            iterations: 30, record: RecordSpec(), timeLimit: nil, coordinates: coordinates, root: RandomStream(seed: 9))
        #expect(result.failure == nil)
        #expect(result.iterations.count == 30)
        #expect(result.evaluations == 600)
        let statuses = result.statuses.flatMap { $0 }
        let errors = statuses.filter { $0 == .error }.count, nonFinite = statuses.filter { $0 == .nonFinite }.count
        #expect(errors > 20 && errors < 120, "errors: \(errors) of 600")
        #expect(nonFinite > 0)
        #expect(result.failedEvaluations == errors + nonFinite)
        #expect(result.firstEvaluationFailure?.contains("simulated solver failure") == true
                || result.firstEvaluationFailure?.contains("fitness nan") == true)
        // Failures were told as −∞ and never became the best; the run still converged.
        for (record, status) in zip(result.iterations, result.statuses) {
            for (f, s) in zip(record.fitness, status) where s != .ok { #expect(f == -.infinity) }
        }
        #expect(result.finalBest > -1e-2, "best \(result.finalBest)")
    }

    @Test func slowEvaluationsPastTheLimitFail() async throws {
        struct Slow: Optimizee {
            let parameterSpace = SearchSpace.box(count: 1, lower: 0, upper: 1)
            var initialPoint: [Double]? { nil }
            func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
                if parameters[0] > 0.5 { Thread.sleep(forTimeInterval: 0.15) }
                return Evaluation(fitness: parameters[0])
            }
        }
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 1, repeatIndex: 0)
        let result = await InnerRun.execute(
            optimizee: Slow(), algorithm: .registered(CrossEntropyMethod.self, .init(population: 6))!, iterations: 2, record: RecordSpec(),
            timeLimit: 0.05, coordinates: coordinates, root: RandomStream(seed: 2))
        let slow = zip(result.iterations.flatMap(\.candidates), result.statuses.flatMap { $0 })
        #expect(slow.contains { $0.0[0] > 0.5 })
        for (candidate, status) in slow {
            #expect((candidate[0] > 0.5) == (status == .timeLimit), "x = \(candidate[0]) status \(status)")
        }
        #expect(result.finalBest <= 0.5)
    }
}
