import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// `optimizee.reservoir`: spec keys and their errors, determinism, a tiny EnKF readout run on two
/// digit classes, the delayed-XOR task, and diverging weights as failed evaluations.
@Suite struct ReservoirOptimizeeTests {
    static let dataDirectory = SpecTestSupport.repositoryRoot.appendingPathComponent("data").path

    /// A valid reservoir spec; line numbers matter for the position tests.
    static let spec = """
        name: t
        seed: 1
        outer:
          optimizer: ga
          iterations: 2
          search_space:
            - {path: inner.gamma, kind: log_uniform, low: 0.001, high: 1}
        inner:
          optimizer: enkf
          iterations: 3
          ensemble_size: 10
        optimizee:
          reservoir:
            task: digits
            data_directory: \(dataDirectory)
            digits: [0, 1]
            excitatory: 40
            inhibitory: 10
            presentation_ms: 50
        tasks:
          train: {count: 1}
          test: {count: 1}

        """

    /// A tiny reservoir on the 8×8 digits.
    static func digitsSpec(_ digits: [UInt8] = [0, 1], trainable: ReservoirOptimizeeSpec.Trainable = .readout) -> ReservoirOptimizeeSpec {
        var s = ReservoirOptimizeeSpec(task: .digits(dataset: .digits8x8, dataDirectory: dataDirectory, digits: digits, presentationMs: 50))
        s.trainable = trainable
        s.excitatory = 60
        s.inhibitory = 15
        s.trainPerClass = 20
        s.testPerClass = 20
        s.batchSize = 20
        s.dtMs = 0.2
        s.outputExcitatory = 4
        s.outputInhibitory = 1
        s.outputWeightMean = 1
        return s
    }

    static func xorSpec() -> ReservoirOptimizeeSpec {
        var s = ReservoirOptimizeeSpec(task: .delayedXOR(channelSize: 5, pulseMs: 20, gapMs: 30, readoutDelayMs: 20, readoutWindowMs: 20))
        s.excitatory = 40
        s.inhibitory = 10
        s.trainPerClass = 6
        s.testPerClass = 4
        s.batchSize = 8
        s.backgroundRateHz = 500
        s.dtMs = 0.2
        return s
    }

    private func single(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> SpecIssue? {
        let issues = SpecTestSupport.issues(text, sourceLocation: sourceLocation)
        #expect(issues.count == 1, "\(issues)", sourceLocation: sourceLocation)
        return issues.first
    }

    private func expect(
        _ issue: SpecIssue?, _ line: Int, _ column: Int, _ keyPath: String, _ fragment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(issue?.line == line, "\(String(describing: issue))", sourceLocation: sourceLocation)
        #expect(issue?.column == column, "\(String(describing: issue))", sourceLocation: sourceLocation)
        #expect(issue?.keyPath == keyPath, sourceLocation: sourceLocation)
        #expect(issue?.message.contains(fragment) == true, "\(String(describing: issue))", sourceLocation: sourceLocation)
    }

    private func appended(_ line: String) -> String {
        Self.spec.replacingOccurrences(of: "    presentation_ms: 50\n", with: "    presentation_ms: 50\n    \(line)\n")
    }

    // MARK: Spec

    @Test func specParsesWithDefaults() throws {
        let spec = try SpecLoader.parse(Self.spec, fileName: "spec.yaml")
        var expected = ReservoirOptimizeeSpec(task: .digits(dataset: .digits8x8, dataDirectory: Self.dataDirectory, digits: [0, 1], presentationMs: 50))
        expected.excitatory = 40
        expected.inhibitory = 10
        #expect(spec.optimizee == .reservoir(expected))

        let xor = try SpecLoader.parse(Self.spec.replacingOccurrences(
            of: "    task: digits\n    data_directory: \(Self.dataDirectory)\n    digits: [0, 1]\n", with: "    task: delayed_xor\n    gap_ms: 50\n    trainable: global_scales\n    synapse: alpha\n    connectivity: probability\n    network_seed: 7\n"
        ).replacingOccurrences(of: "    presentation_ms: 50\n", with: ""), fileName: "spec.yaml")
        guard case .reservoir(let r) = xor.optimizee else { Issue.record("not a reservoir"); return }
        #expect(r.task == .delayedXOR(channelSize: 10, pulseMs: 20, gapMs: 50, readoutDelayMs: 20, readoutWindowMs: 20))
        #expect(r.trainable == .globalScales && r.synapse == .alpha && r.connectivity == .probability && r.networkSeed == 7)
        #expect(r.classCount == 2)

        // Network constants can be searched and applied.
        let searched = try SpecLoader.parse(Self.spec.replacingOccurrences(
            of: "    - {path: inner.gamma, kind: log_uniform, low: 0.001, high: 1}",
            with: "    - {path: inner.gamma, kind: log_uniform, low: 0.001, high: 1}\n    - {path: optimizee.reservoir.input_rate_hz, kind: uniform, low: 20, high: 200}"),
            fileName: "spec.yaml")
        let applied = try searched.applying([(path: "optimizee.reservoir.input_rate_hz", value: .double(55))])
        guard case .reservoir(let a) = applied.optimizee else { Issue.record("not a reservoir"); return }
        #expect(a.inputRateHz == 55)
    }

    @Test func badValuesArePositioned() {
        expect(single(appended("reset_mv: 25")), 20, 15, "optimizee.reservoir.reset_mv", "reset_mv (25) must lie below threshold_mv (20)")
        expect(single(appended("connection_probability: 0")), 20, 29, "optimizee.reservoir.connection_probability", "(0, 1]")
        expect(single(appended("trainable: weights")), 20, 16, "optimizee.reservoir.trainable",
               "not one of readout, reservoir_to_output, global_scales")
        expect(single(appended("channel_size: 4")), 20, 5, "optimizee.reservoir.channel_size", "belongs to task delayed_xor")
        expect(single(appended("batch_size: 41")), 20, 17, "optimizee.reservoir.batch_size", "batch_size 41 exceeds the 40 training samples")
        expect(single(appended("train_per_class: 170")), 20, 22, "optimizee.reservoir.train_per_class",
               "= 180 exceeds the 178 images of digit 0 in digits8x8")
        expect(single(Self.spec.replacingOccurrences(of: "excitatory: 40", with: "excitatory: 100000")),
               17, 17, "optimizee.reservoir.excitatory", "synapses")
        expect(single(Self.spec.replacingOccurrences(of: "task: digits", with: "task: digit")),
               14, 11, "optimizee.reservoir.task", "not one of digits, delayed_xor")
        expect(single(Self.spec.replacingOccurrences(of: "digits: [0, 1]", with: "digits: [1, 1]")),
               16, 17, "optimizee.reservoir.digits[1]", "digit 1 is listed twice")
        // Exactly one optimizee kind.
        let two = Self.spec.replacingOccurrences(of: "optimizee:\n", with: "optimizee:\n  function: {name: sphere, dimension: 2}\n")
        #expect(SpecTestSupport.issues(two).contains { $0.message.contains("only one of") })
    }

    @Test func everyReservoirKeyIsDocumented() {
        let markdown = SpecReference.markdown()
        for key in SpecSchema.reservoir.keys + SpecSchema.reservoirTaskVariant.cases.flatMap(\.keys) {
            #expect(markdown.contains("| `\(key.name)` |"), "\(key.name)")
        }
        #expect(markdown.contains("## `optimizee.reservoir`") && markdown.contains("### `task: delayed_xor`"))
    }

    // MARK: Determinism and shapes

    @Test func sameSeedGivesTheSameOutputs() throws {
        for trainable in ReservoirOptimizeeSpec.Trainable.allCases {
            let spec = Self.digitsSpec([0, 1, 2], trainable: trainable)
            let a = try ReservoirOptimizee(spec: spec, taskSeed: 5)
            let b = try ReservoirOptimizee(spec: spec, taskSeed: 5)
            #expect(a.train == b.train && a.test == b.test && a.initialPoint == b.initialPoint)
            var draw = RandomStream(seed: 3)
            let point = try #require(a.initialPoint).map { $0 + 0.05 * draw.nextGaussian() }
            var r1 = RandomStream(seed: 11), r2 = r1, r3 = r1
            let first = try a.evaluate(point, random: &r1)
            let again = try a.evaluate(point, random: &r2)   // from the cache
            let fresh = try b.evaluate(point, random: &r3)   // another instance, simulated anew
            #expect(first == again && first == fresh, "\(trainable)")
            #expect(first.outputs?.count == 20 * 3 && first.targets?.count == 20 * 3)
            #expect(first.fitness.isFinite, "\(trainable): \(first.fitness)")
            var other = RandomStream(seed: 12)
            #expect(try a.evaluate(point, random: &other).outputs != first.outputs, "\(trainable)")
        }
        let output = try ReservoirOptimizee(spec: Self.digitsSpec([0, 1, 2], trainable: .reservoirToOutput), taskSeed: 0)
        // 3 clusters × (4 E + 1 I) neurons, in-degree round(0.4·60) = 24 from E and round(0.4·15) = 6 from I.
        #expect(output.parameterSpace.count == 3 * 5 * (24 + 6))
        let readout = try ReservoirOptimizee(spec: Self.digitsSpec([0, 1, 2]), taskSeed: 0)
        #expect(readout.parameterSpace.count == 3 * 61)
    }

    // MARK: Training

    /// A tiny EnKF run on digits 0/1 trains the readout: the misfit drops and held-out accuracy
    /// rises well above chance.
    @Test func tinyEnsembleKalmanRunTrainsTheReadout() async throws {
        let optimizee = try ReservoirOptimizee(spec: Self.digitsSpec([0, 1]), taskSeed: 2)
        let algorithm = OptimizerAlgorithm.ensembleKalmanFilter(
            EnsembleKalmanFilter.Configuration(ensembleSize: 20, gamma: 0.1, initialSpread: 0.05, covariance: .none))
        let coordinates = RunCoordinates(phase: .test, generation: 0, individual: 0, taskIndex: 0, taskSeed: 2, repeatIndex: 0)
        let result = await InnerRun.execute(
            optimizee: optimizee, algorithm: algorithm, iterations: 25,
            record: RecordSpec(candidates: false, state: true, covariance: .none), timeLimit: nil,
            coordinates: coordinates, root: RandomStream(seed: 1))
        #expect(result.failure == nil && result.failedEvaluations == 0)
        let misfits = result.iterations.map { record in
            Statistics.mean(record.snapshot.first { $0.name == "misfit" }?.values ?? [.nan])
        }
        let start = Statistics.mean(Array(misfits.prefix(2))), end = Statistics.mean(Array(misfits.suffix(2)))
        #expect(end < 0.7 * start, "misfit \(start) → \(end)")
        let initial = optimizee.finalReport(bestParameters: try #require(optimizee.initialPoint))["test_accuracy"] ?? 1
        let final = try #require(result.metrics["test_accuracy"])
        #expect(initial <= 0.5 && final >= 0.85, "test accuracy \(initial) → \(final)")
        print("reservoir readout EnKF: misfit \(start) → \(end), test accuracy \(initial) → \(final), metrics \(result.metrics)")
    }

    // MARK: Delayed XOR

    @Test func delayedXORTargetsAreRight() throws {
        let optimizee = try ReservoirOptimizee(spec: Self.xorSpec(), taskSeed: 9)
        #expect(optimizee.train.count == 12 && optimizee.test.count == 8 && optimizee.stimulusCount == 10)
        for sample in optimizee.train + optimizee.test {
            let (a, b) = (Int(sample.stimulus[0]), Int(sample.stimulus[1]))
            #expect(sample.label == a ^ b)
        }
        // Balanced, all four bit pairs present.
        #expect(optimizee.train.filter { $0.label == 1 }.count == 6)
        #expect(Set(optimizee.train.map(\.stimulus)).count == 4)
        // Timeline: A pulses on channel 0 at rest, B on channel 1 after the gap; the window starts
        // readout_delay_ms after the second pulse.
        let plan = optimizee.timeline(ReservoirSample(label: 1, stimulus: [1, 0]))
        #expect(plan.segments.map(\.start) == [0, 20, 40, 70, 90])
        #expect(plan.segments[1].rates == [Double](repeating: 100, count: 5) + [Double](repeating: 0, count: 5))
        #expect(plan.segments[3].rates.allSatisfy { $0 == 0 })
        #expect(plan.window == 110..<130)
        let both = optimizee.timeline(ReservoirSample(label: 0, stimulus: [1, 1]))
        #expect(both.segments[3].rates == [Double](repeating: 0, count: 5) + [Double](repeating: 100, count: 5))
        // Evaluation targets are the batch's one-hot XOR labels.
        var random = RandomStream(seed: 4)
        var copy = random
        let evaluation = try optimizee.evaluate(try #require(optimizee.initialPoint), random: &random)
        let indices = optimizee.batchIndices(random: &copy)
        let targets = try #require(evaluation.targets)
        #expect(targets == indices.flatMap { optimizee.train[$0].label == 1 ? [0.0, 1] : [1.0, 0] })
    }

    // MARK: Divergence

    @Test func divergingWeightsAreFailedEvaluations() throws {
        let scales = try ReservoirOptimizee(spec: Self.digitsSpec([0, 1], trainable: .globalScales), taskSeed: 0)
        var random = RandomStream(seed: 1)
        let blownUp = try scales.evaluate([1, 1e308, 1e308], random: &random)
        #expect(blownUp.fitness.isNaN)
        #expect(blownUp.outputs?.allSatisfy(\.isNaN) == true)
        let output = try ReservoirOptimizee(spec: Self.digitsSpec([0, 1], trainable: .reservoirToOutput), taskSeed: 0)
        var point = try #require(output.initialPoint)
        for k in point.indices { point[k] = .infinity }
        var again = RandomStream(seed: 1)
        #expect(try output.evaluate(point, random: &again).fitness.isNaN)
        #expect(output.finalReport(bestParameters: point)["test_accuracy"]?.isNaN == true)
        #expect(throws: ReservoirOptimizeeError.self) { try output.evaluate([1, 2], random: &again) }
    }
}
