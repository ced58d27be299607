import Foundation
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// The contract every evaluator backend relies on: requests and results cross process
/// boundaries bit-exactly, and a worker that rebuilds the experiment from the sent spec
/// computes what the coordinator would have.
@Suite struct InnerRunExecutorTests {
    /// Every Double of a result, as bit patterns, in a fixed order.
    static func bits(_ r: InnerRunResult) -> [UInt64] {
        var all = [r.finalBest] + (r.bestPoint ?? []) + r.bestCurve + r.metrics.sorted { $0.key < $1.key }.map(\.value)
        for record in r.iterations {
            all += record.candidates.flatMap { $0 } + record.fitness
            all += (record.incumbent.map { $0.point + [$0.fitness] } ?? [])
            all += record.snapshot.flatMap(\.values)
        }
        return all.map(\.bitPattern)
    }

    @Test func resultsRoundTripBitExactly() throws {
        let payloadNaN = Double(bitPattern: 0x7FF8_0000_DEAD_BEEF)
        let specials: [Double] = [-0.0, .infinity, -.infinity, .nan, payloadNaN, .leastNonzeroMagnitude, 0.1 + 0.2, -.greatestFiniteMagnitude]
        var result = InnerRunResult(coordinates: RunCoordinates(
            phase: .train, generation: 3, individual: 5, taskIndex: 1, taskSeed: .max, repeatIndex: 2))
        result.kind = .lifetime
        result.iterations = [IterationRecord(
            iteration: 0, candidates: [specials, specials.reversed()], fitness: [payloadNaN, -0.0],
            incumbent: Incumbent(point: specials, fitness: 0.1 + 0.2, iteration: 0),
            snapshot: [RecordedArray(name: "mean", shape: [2, 4], values: specials, axes: ["a", "b"], description: "d", units: "mV")])]
        result.statuses = [[.ok, .nonFinite, .timeLimit, .error]]
        result.bestCurve = specials
        result.finalBest = -.infinity
        result.bestPoint = specials
        result.evaluations = 2
        result.failedEvaluations = 1
        result.firstEvaluationFailure = "iteration 0: fitness nan"
        result.stopReasons = ["population converged"]
        result.metrics = ["test_accuracy": payloadNaN, "loss": -0.0]
        let back = try WireFormat.decode(InnerRunResult.self, from: try WireFormat.encode(result))
        #expect(Self.bits(back) == Self.bits(result))
        #expect(back.coordinates == result.coordinates)
        #expect(back.kind == .lifetime)
        #expect(back.statuses == result.statuses)
        #expect(back.iterations.map(\.snapshot).first?.first?.shape == [2, 4])
        #expect(back.firstEvaluationFailure == result.firstEvaluationFailure && back.stopReasons == result.stopReasons)
        #expect(back.failure == nil && back.evaluations == 2 && back.failedEvaluations == 1)
    }

    struct Mixed: Codable, Equatable {
        var small: Int8 = .min
        var large: UInt64 = .max
        var negative: Int = .min
        var single: Float = -.nan
        var flags: [Bool] = [true, false]
        var holes: [Double?] = [nil, 1.5, nil]
        var byIndex: [Int: String] = [3: "three", -1: "minus one"]
        var reasons: [StopReason] = [.stepSizeBelow(quantity: "sigma", value: 1e-300, tolerance: 0), .populationConverged]
        var nested: [[Double]] = [[], [.pi, -0.0]]
        var text = "ünïcødé\u{0}"

        static func == (a: Mixed, b: Mixed) -> Bool {
            a.small == b.small && a.large == b.large && a.negative == b.negative
                && a.single.bitPattern == b.single.bitPattern && a.flags == b.flags
                && a.holes.map { $0?.bitPattern } == b.holes.map { $0?.bitPattern } && a.byIndex == b.byIndex
                && a.reasons == b.reasons && a.nested.map { $0.map(\.bitPattern) } == b.nested.map { $0.map(\.bitPattern) }
                && a.text == b.text
        }
    }

    @Test func everyCodableShapeRoundTrips() throws {
        let value = Mixed()
        let bytes = try WireFormat.encode(value)
        #expect(try WireFormat.decode(Mixed.self, from: bytes) == value)
        // Every truncation and a wrong header are errors, never a crash or a wrong value.
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: DecodingError.self) { try WireFormat.decode(Mixed.self, from: Array(bytes.prefix(length))) }
        }
        #expect(throws: DecodingError.self) { try WireFormat.decode(Mixed.self, from: Array("JSON".utf8) + bytes.dropFirst(4)) }
        #expect(throws: DecodingError.self) { try WireFormat.decode(InnerRunResult.self, from: bytes) }
    }

    /// A backend that does what the MPI workers do, in process: each job travels as a request,
    /// is run by a separate `Experiment` rebuilt from the sent spec, in scrambled order, and its
    /// result travels back through the wire format.
    struct RemoteLikeExecutor: InnerRunExecutor {
        var width: Int { 3 }

        func execute(_ jobs: [InnerRunJob], of experiment: Experiment) async -> [InnerRunResult] {
            let worker = try! Experiment(encodedSpec: try! experiment.encodedSpec())
            var results = [InnerRunResult?](repeating: nil, count: jobs.count)
            for index in jobs.indices.reversed() {
                let request = try! WireFormat.decode(InnerRunRequest.self, from: try! WireFormat.encode(jobs[index].request))
                let result = await worker.execute(request)
                results[index] = try! WireFormat.decode(InnerRunResult.self, from: try! WireFormat.encode(result))
            }
            return results.map { $0! }
        }
    }

    @Test func remoteWorkersWriteTheSameDatasetsAsTheLocalPool() async throws {
        let spec = try ExperimentTests.tinySpec()
        let local = ExperimentTests.temporaryFile("local.h5"), remote = ExperimentTests.temporaryFile("remote.h5")
        let a = try await Experiment(spec: spec).run(options: RunOptions(jobs: 2, outputPath: local))
        let b = try await Experiment(spec: spec).run(options: RunOptions(jobs: 1, outputPath: remote, executor: RemoteLikeExecutor()))
        #expect(a.evaluations == b.evaluations && a.bestFitness.bitPattern == b.bestFitness.bitPattern)
        #expect(b.recordingSeconds > 0 && b.recordingSeconds < b.elapsedSeconds)
        #expect(try ExperimentTests.sameDatasets(local, remote), "h5diff found differences between the local pool and remote-like workers")
    }

    @Test func anAppliedSpecIsNotSent() throws {
        let spec = try ExperimentTests.tinySpec()
        let changed = try spec.applying([(path: "inner.population", value: .int(10))])
        #expect(throws: Experiment.TransferError.self) { try Experiment(spec: changed).encodedSpec() }
        let sent = try Experiment(encodedSpec: try Experiment(spec: spec).encodedSpec())
        #expect(sent.spec == spec)
    }
}
