import Foundation
import HDF5
import L2LNetworks
import L2LNumerics
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// `optimizee.classifier`: the spec keys and their errors, the task family, evaluation shapes,
/// and a tiny ensemble Kalman filter run on the 8×8 digits.
@Suite struct ClassifierOptimizeeTests {
    static let dataDirectory = SpecTestSupport.repositoryRoot.appendingPathComponent("data").path

    /// A valid classifier spec; line numbers matter for the position tests.
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
          classifier:
            dataset: digits8x8
            data_directory: \(dataDirectory)
            digits: [0, 1, 2]
            hidden_layers: [16]
            train_per_class: 20
            test_per_class: 10
            batch_size: 16
        tasks:
          train: {count: 1}
          test: {count: 1}

        """

    static func classifierSpec(
        digits: [UInt8]? = nil, hidden: [Int] = [16], train: Int = 20, test: Int = 10, batch: Int = 16,
        bound: Double = 2, outputs: FeedForwardNetwork.OutputKind = .probabilities
    ) -> ClassifierOptimizeeSpec {
        ClassifierOptimizeeSpec(
            dataset: .shipped(.digits8x8, dataDirectory: dataDirectory), digits: digits,
            network: FeedForwardNetwork.Specification(hiddenLayers: hidden), trainPerClass: train,
            testPerClass: test, batchSize: batch, weightBound: bound, outputs: outputs)
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

    // MARK: Spec

    @Test func specParsesWithDefaults() throws {
        let spec = try SpecLoader.parse(Self.spec, fileName: "spec.yaml")
        #expect(spec.optimizee == .classifier(ClassifierOptimizeeSpec(
            dataset: .shipped(.digits8x8, dataDirectory: Self.dataDirectory), digits: [0, 1, 2],
            network: FeedForwardNetwork.Specification(hiddenLayers: [16]), trainPerClass: 20, testPerClass: 10,
            batchSize: 16, weightBound: 5, outputs: .probabilities, fitness: .crossEntropy)))

        let minimal = try SpecLoader.parse(Self.spec.replacingOccurrences(
            of: "    data_directory: \(Self.dataDirectory)\n    digits: [0, 1, 2]\n    hidden_layers: [16]\n    train_per_class: 20\n    test_per_class: 10\n    batch_size: 16\n",
            with: "    hidden_layers: []\n"), fileName: "spec.yaml")
        guard case .classifier(let c) = minimal.optimizee else { Issue.record("not a classifier"); return }
        #expect(c.dataset == .shipped(.digits8x8, dataDirectory: "data"))
        #expect(c.digits == nil && c.network.hiddenLayers.isEmpty && c.network.activation == .relu && c.network.initialization == nil)
        #expect(c.trainPerClass == 100 && c.testPerClass == 50 && c.batchSize == 32 && c.weightBound == 5)

        let idx = try SpecLoader.parse(Self.spec.replacingOccurrences(
            of: "dataset: digits8x8\n    data_directory: \(Self.dataDirectory)\n",
            with: "dataset: idx\n    images: mnist/train-images-idx3-ubyte\n    labels: mnist/train-labels-idx1-ubyte\n    activation: tanh\n    initialization: kaiming\n    outputs: logits\n    fitness: accuracy\n    weight_bound: 1.5\n"),
            fileName: "spec.yaml")
        guard case .classifier(let i) = idx.optimizee else { Issue.record("not a classifier"); return }
        #expect(i.dataset == .idx(images: "mnist/train-images-idx3-ubyte", labels: "mnist/train-labels-idx1-ubyte"))
        #expect(i.network == FeedForwardNetwork.Specification(hiddenLayers: [16], activation: .tanh, initialization: .kaiming))
        #expect(i.outputs == .logits && i.fitness == .accuracy && i.weightBound == 1.5)
    }

    @Test func searchAndApplyClassifierKeys() throws {
        let text = Self.spec.replacingOccurrences(
            of: "    - {path: inner.gamma, kind: log_uniform, low: 0.001, high: 1}",
            with: "    - {path: inner.gamma, kind: log_uniform, low: 0.001, high: 1}\n    - {path: optimizee.classifier.batch_size, kind: integer, low: 8, high: 32}")
        let spec = try SpecLoader.parse(text, fileName: "spec.yaml")
        let applied = try spec.applying([(path: "optimizee.classifier.batch_size", value: .int(24))])
        guard case .classifier(let c) = applied.optimizee else { Issue.record("not a classifier"); return }
        #expect(c.batchSize == 24)
        expect(single(Self.spec.replacingOccurrences(of: "path: inner.gamma", with: "path: optimizee.classifier.hidden_layers")),
               7, 14, "outer.search_space[0].path", "is a list")
    }

    @Test func badDigitClassIsPositioned() {
        expect(single(Self.spec.replacingOccurrences(of: "digits: [0, 1, 2]", with: "digits: [0, 1, 12]")),
               16, 20, "optimizee.classifier.digits[2]", "expected an integer in [0, 9]")
        expect(single(Self.spec.replacingOccurrences(of: "digits: [0, 1, 2]", with: "digits: [0, 1, 1]")),
               16, 20, "optimizee.classifier.digits[2]", "digit 1 is listed twice")
        expect(single(Self.spec.replacingOccurrences(of: "digits: [0, 1, 2]", with: "digits: [3]")),
               16, 13, "optimizee.classifier.digits", "at least 2")
        expect(single(Self.spec.replacingOccurrences(of: "hidden_layers: [16]", with: "hidden_layers: [16, 0]")),
               17, 25, "optimizee.classifier.hidden_layers[1]", "expected an integer")
        expect(single(Self.spec.replacingOccurrences(of: "hidden_layers: [16]", with: "hidden_layers: 16")),
               17, 20, "optimizee.classifier.hidden_layers", "expected a list of integers")
    }

    @Test func unknownDatasetIsPositioned() {
        expect(single(Self.spec.replacingOccurrences(of: "dataset: digits8x8", with: "dataset: digits8")),
               14, 14, "optimizee.classifier.dataset", "'digits8' is not one of digits8x8, mnist5k, idx; did you mean 'digits8x8'?")
        expect(single(Self.spec.replacingOccurrences(of: "activation", with: "x").replacingOccurrences(of: "batch_size: 16", with: "batch_size: 16\n    activation: sigmoid")),
               21, 17, "optimizee.classifier.activation", "not one of relu, tanh")
    }

    @Test func missingIdxPathsArePositioned() {
        let idx = Self.spec.replacingOccurrences(
            of: "dataset: digits8x8\n    data_directory: \(Self.dataDirectory)\n", with: "dataset: idx\n")
        let issues = SpecTestSupport.issues(idx)
        #expect(issues.count == 2, "\(issues)")
        expect(issues.first, 14, 5, "optimizee.classifier.images", "missing required key 'images' under optimizee.classifier (idx)")
        expect(issues.last, 14, 5, "optimizee.classifier.labels", "missing required key 'labels'")
        // A data directory belongs to the shipped sets; IDX paths to `idx`.
        expect(single(Self.spec.replacingOccurrences(of: "dataset: digits8x8", with: "dataset: idx\n    images: a\n    labels: b")),
               17, 5, "optimizee.classifier.data_directory", "belongs to datasets digits8x8, mnist5k")
        expect(single(Self.spec.replacingOccurrences(of: "batch_size: 16", with: "batch_size: 16\n    images: a")),
               21, 5, "optimizee.classifier.images", "belongs to dataset idx")
    }

    @Test func countsMustFitTheDataSet() {
        expect(single(Self.spec.replacingOccurrences(of: "train_per_class: 20", with: "train_per_class: 170")),
               18, 22, "optimizee.classifier.train_per_class", "= 180 exceeds the 177 images of digit 2 in digits8x8")
        expect(single(Self.spec.replacingOccurrences(of: "batch_size: 16", with: "batch_size: 61")),
               20, 17, "optimizee.classifier.batch_size", "batch_size 61 exceeds the 60 training images")
        expect(single(Self.spec.replacingOccurrences(of: "    test_per_class: 10\n", with: "    test_per_class: 0\n")),
               19, 21, "optimizee.classifier.test_per_class", "expected an integer in [1, 1000000]")
    }

    @Test func everyClassifierKeyIsDocumented() {
        let markdown = SpecReference.markdown()
        for key in SpecSchema.classifier.keys + SpecSchema.datasetVariant.cases.flatMap(\.keys) {
            #expect(markdown.contains("| `\(key.name)` |"), "\(key.name)")
        }
        #expect(markdown.contains("## `optimizee.classifier`") && markdown.contains("### `dataset: idx`"))
    }

    // MARK: Task family and shapes

    @Test func differentTaskSeedsDrawDifferentSamples() throws {
        let spec = Self.classifierSpec()
        let a = try ClassifierOptimizee(spec: spec, taskSeed: 0)
        let again = try ClassifierOptimizee(spec: spec, taskSeed: 0)
        let b = try ClassifierOptimizee(spec: spec, taskSeed: 1)
        #expect(a.train == again.train && a.test == again.test && a.initialPoint == again.initialPoint)
        #expect(a.train != b.train && a.test != b.test && a.initialPoint != b.initialPoint)
        // Class-balanced, with the sizes asked for.
        #expect(a.train.classCounts == Array(repeating: 20, count: 10) && a.test.classCounts == Array(repeating: 10, count: 10))
        #expect(a.parameterSpace.count == 64 * 16 + 16 + 16 * 10 + 10)
        #expect(a.parameterSpace.lowerBounds.allSatisfy { $0 == -2 } && a.parameterSpace.upperBounds.allSatisfy { $0 == 2 })
    }

    @Test func outputsAndTargetsHaveTheRightShapes() throws {
        let optimizee = try ClassifierOptimizee(spec: Self.classifierSpec(digits: [3, 5, 8], batch: 7), taskSeed: 4)
        #expect(optimizee.classCount == 3 && optimizee.train.classes == [3, 5, 8])
        let point = try #require(optimizee.initialPoint)
        var random = RandomStream(seed: 9)
        var same = random
        let evaluation = try optimizee.evaluate(point, random: &random)
        let outputs = try #require(evaluation.outputs), targets = try #require(evaluation.targets)
        #expect(outputs.count == 7 * 3 && targets.count == 7 * 3)
        for s in 0..<7 {
            let row = outputs[(s * 3)..<(s * 3 + 3)], target = targets[(s * 3)..<(s * 3 + 3)]
            #expect(abs(row.reduce(0, +) - 1) < 1e-12 && row.allSatisfy { $0 > 0 })
            #expect(target.reduce(0, +) == 1 && target.allSatisfy { $0 == 0 || $0 == 1 })
        }
        // The fitness is minus the batch's mean cross-entropy of those probabilities.
        var crossEntropy = 0.0
        for (p, y) in zip(outputs, targets) where y == 1 { crossEntropy -= log(p) }
        #expect(abs(evaluation.fitness + crossEntropy / 7) < 1e-9)
        // Common random numbers: the same stream gives the same batch, another stream another.
        let repeated = try optimizee.evaluate(point, random: &same)
        #expect(repeated.targets == targets && repeated.outputs == outputs)
        var other = RandomStream(seed: 10)
        #expect(try optimizee.evaluate(point, random: &other).outputs != outputs)

        let logits = try ClassifierOptimizee(spec: Self.classifierSpec(digits: [3, 5, 8], batch: 7, outputs: .logits), taskSeed: 4)
        var again = RandomStream(seed: 9)
        let raw = try #require(try logits.evaluate(point, random: &again).outputs)
        let softmax = (0..<7).flatMap { FeedForwardNetwork.softmax(Array(raw[($0 * 3)..<($0 * 3 + 3)])) }
        #expect(zip(softmax, outputs).allSatisfy { abs($0 - $1) < 1e-12 })

        let whole = try ClassifierOptimizee(spec: Self.classifierSpec(digits: [3, 5, 8], batch: 0), taskSeed: 4)
        var any = RandomStream(seed: 1)
        #expect(try whole.evaluate(point, random: &any).targets?.count == 20 * 3 * 3)

        let report = optimizee.finalReport(bestParameters: point)
        #expect(Set(report.keys) == ["test_accuracy", "test_loss", "train_accuracy", "train_loss"])
        #expect(report["test_accuracy"].map { (0...1).contains($0) } == true)
    }

    @Test func dataIsLoadedOncePerFilePair() throws {
        let cache = DigitDataCache()
        let dataset = ClassifierOptimizeeSpec.Dataset.shipped(.digits8x8, dataDirectory: Self.dataDirectory)
        let all = try cache.dataset(dataset, digits: nil)
        let some = try cache.dataset(dataset, digits: [1, 2])
        _ = try cache.dataset(dataset, digits: nil)
        #expect(cache.loadCount == 1)
        #expect(all.count == 1797 && all.pixelMaximum == 1 && some.classes == [1, 2])
        #expect(throws: ClassifierOptimizeeError.self) {
            _ = try cache.dataset(.shipped(.digits8x8, dataDirectory: "/nonexistent/data"), digits: nil)
        }
    }

    // MARK: Training

    /// A tiny ensemble Kalman filter run: the mean data misfit of the last iterations is well
    /// below that of the first, and the incumbent classifies held-out digits far above chance.
    @Test func tinyEnsembleKalmanRunLowersTheMisfit() async throws {
        let optimizee = try ClassifierOptimizee(
            spec: Self.classifierSpec(digits: [0, 1, 2], hidden: [8], train: 30, test: 20, batch: 20, bound: 2), taskSeed: 3)
        let algorithm = OptimizerAlgorithm.ensembleKalmanFilter(
            EnsembleKalmanFilter.Configuration(ensembleSize: 30, gamma: 0.1, initialSpread: 0.05, covariance: .none))
        let coordinates = RunCoordinates(phase: .test, generation: 0, individual: 0, taskIndex: 0, taskSeed: 3, repeatIndex: 0)
        let result = await InnerRun.execute(
            optimizee: optimizee, algorithm: algorithm, iterations: 40,
            record: RecordSpec(candidates: false, state: true, covariance: .none), timeLimit: nil,
            coordinates: coordinates, root: RandomStream(seed: 1))
        #expect(result.failure == nil && result.failedEvaluations == 0)
        #expect(result.iterations.count == 40)
        let misfits = result.iterations.map { record in
            Statistics.mean(record.snapshot.first { $0.name == "misfit" }?.values ?? [.nan])
        }
        let start = Statistics.mean(Array(misfits.prefix(3))), end = Statistics.mean(Array(misfits.suffix(3)))
        #expect(end < 0.5 * start, "misfit \(start) → \(end)")
        let initial = optimizee.finalReport(bestParameters: try #require(optimizee.initialPoint))["test_accuracy"] ?? 1
        let final = try #require(result.metrics["test_accuracy"])
        #expect(final > 0.8 && final > initial + 0.3, "test accuracy \(initial) → \(final)")
        #expect(result.bestCurve.last! > result.bestCurve.first!)
    }

    /// With `outer.fitness_metric` the run summary reports that metric on the held-out tasks, the
    /// mean of the test runs' own values (not their final batch fitness).
    @Test func summaryReportsTheFitnessMetricOnHeldOutTasks() async throws {
        let text = Self.spec.replacingOccurrences(of: "  iterations: 2\n", with: "  iterations: 2\n  population: 3\n  fitness_metric: train_accuracy\n")
        let spec = try SpecLoader.parse(text, fileName: "metric.yaml")
        let path = ExperimentTests.temporaryFile("metric.h5")
        let summary = try await Experiment(spec: spec).run(options: RunOptions(jobs: 2, outputPath: path))
        let metric = try #require(summary.testMetric)
        #expect(metric.name == "train_accuracy")
        let file = try HDF5File.open(path)
        defer { file.close() }
        let test = try file.root.openGroup("test")
        let tuned = try test.openDataset("metric_train_accuracy").read(as: Double.self)
        let baseline = try test.openDataset("baseline_metric_train_accuracy").read(as: Double.self)
        #expect(metric.tuned == Statistics.mean(tuned) && metric.baseline == Statistics.mean(baseline))
        #expect(metric.tuned > 0.3 && metric.tuned <= 1, "\(metric)")
        #expect(summary.testMean < 0)  // the final fitness is −cross-entropy, not the metric
        #expect(try SpecLoader.parse(Self.spec, fileName: "plain.yaml").outer.fitnessMetric == nil)
    }

    /// Opt-in measurement of a full-scale inner run (not part of the normal test run), e.g.
    /// `L2L_CLASSIFIER_FULL=enkf,200,0.1,0.02,500,64 swift test --filter fullScaleAccuracy`
    /// (enkf: ensemble size, γ, initial spread, iterations, batch size) or
    /// `L2L_CLASSIFIER_FULL=es,100,0.005,0.002,2000,64` (openai_es: population, σ, learning rate,
    /// iterations, batch size). Trains 64-32-10 on the 8×8 digits (100 train / 50 test images per
    /// class, task seed 1000, weight bound 5) and prints the incumbent's run metrics.
    @Test func fullScaleAccuracy() async throws {
        guard let setting = ProcessInfo.processInfo.environment["L2L_CLASSIFIER_FULL"] else { return }
        let fields = setting.split(separator: ",")
        let v = fields.dropFirst().compactMap { Double($0) }
        guard v.count == 5, let kind = fields.first, kind == "enkf" || kind == "es" else {
            Issue.record("L2L_CLASSIFIER_FULL=enkf|es,a,b,c,iterations,batch")
            return
        }
        let optimizee = try ClassifierOptimizee(
            spec: Self.classifierSpec(hidden: [32], train: 100, test: 50, batch: Int(v[4]), bound: 5), taskSeed: 1000)
        let algorithm: OptimizerAlgorithm = kind == "enkf"
            ? .ensembleKalmanFilter(EnsembleKalmanFilter.Configuration(
                ensembleSize: Int(v[0]), gamma: v[1], initialSpread: v[2], covariance: .none))
            : .registered(OpenAIEvolutionStrategy.self, OpenAIEvolutionStrategy.Configuration(population: Int(v[0]), sigma: v[1], learningRate: v[2]))!
        let clock = ContinuousClock()
        let start = clock.now
        let result = await InnerRun.execute(
            optimizee: optimizee, algorithm: algorithm, iterations: Int(v[3]),
            record: RecordSpec(candidates: false, state: false, covariance: .none), timeLimit: nil,
            coordinates: RunCoordinates(phase: .test, generation: 0, individual: 0, taskIndex: 0, taskSeed: 1000, repeatIndex: 0),
            root: RandomStream(seed: 1))
        print("full scale \(setting): \(result.metrics.sorted { $0.key < $1.key }), best fitness \(result.finalBest), \(clock.now - start)")
    }
}
