import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers


/// A spiking LIF reservoir on digit classification or delayed XOR, as an optimizee
/// (`optimizee.reservoir`).
///
/// **Network.** `excitatory` + `inhibitory` LIF neurons (one parameter set, constant drive
/// `drive_mv`), recurrent E and I synapses by fixed in-degree or probability (no autapses,
/// delay `delay_ms`), drawn from `network_seed` so every task sees the same reservoir (as the
/// L2L NEST reservoir with `rng_seed` 1). Stimulus sources (one Poisson source per pixel, or two
/// channels of `channel_size` for XOR) project with fixed in-degree `input_in_degree`; optional
/// Poisson background one-to-one. Each sample starts from potentials drawn in [reset, threshold),
/// rests `rest_ms`, then gets its stimulus.
///
/// **Task.** The task seed draws a class-balanced split (digits: ``DigitDataset/split``; XOR: the
/// four bit pairs, balanced) and the initial trainable weights. Every inner iteration draws a
/// batch and one noise seed from the iteration's stream, which all candidates share, so they see
/// the same samples and the same input spikes.
///
/// **Trainable sets.**
/// - `readout`: K × (N_E + 1) weights of a linear readout. The reservoir does not depend on them, so
///   each batch is simulated once per iteration and its features cached for all candidates.
/// - `reservoir_to_output`: per-synapse weights bulk → output clusters (`output_excitatory` E +
///   `output_inhibitory` I neurons per class, fixed in-degree `output_connection_fraction` of each
///   bulk population, four groups EE, EI, IE, II, plus fixed in-degree-2 synapses inside each
///   cluster). The bulk receives nothing from the outputs, so its spikes are simulated once per
///   iteration and cached; each candidate simulates only the output clusters, driven by those spike
///   trains as spike-train sources (exactly the spikes the whole network would produce).
/// - `global_scales`: input-rate, E-weight and I-weight scales (`LIFWeights.groupScales`);
///   each candidate simulates the bulk, and a ridge readout (λ `ridge`) fitted on one half of the
///   batch scores the other half, and vice versa.
///
/// **Outputs.** Class scores (readout values or cluster rate / `rate_scale_hz`), sample-major, or their
/// softmax; targets one-hot. Fitness −cross-entropy of the softmax or the fraction correct; NaN when
/// the network diverged or a score is not finite. ``finalReport(bestParameters:)`` gives
/// `test_accuracy`, `test_loss`, `train_accuracy`, `train_loss` on the task's whole split.
public struct ReservoirOptimizee: Optimizee {
    public let spec: ReservoirOptimizeeSpec
    public let taskSeed: UInt64
    public let train: [ReservoirSample]
    public let test: [ReservoirSample]
    public let parameterSpace: SearchSpace
    public let initialPoint: [Double]?
    /// The bulk: populations E, I; stimulus sources, then background sources.
    public let bulk: LIFNetwork
    /// The output clusters (`reservoir_to_output` only).
    let outputLayer: OutputLayer?
    let cache = ReservoirCache()
    public let batchSize: Int

    /// Number of stimulus sources.
    public var stimulusCount: Int {
        switch spec.task {
        case .digits: train.first?.stimulus.count ?? 0
        case .delayedXOR(let channelSize, _, _, _, _): 2 * channelSize
        }
    }
    public var classCount: Int { spec.classCount }

    static let splitStream: UInt64 = 1
    static let initializationStream: UInt64 = 2
    static let reportNoiseStream: UInt64 = 3

    /// - Parameter data: the run's digit-data cache (an experiment shares one across its inner runs).
    public init(spec: ReservoirOptimizeeSpec, taskSeed: UInt64, data: DigitDataCache = DigitDataCache()) throws {
        self.spec = spec
        self.taskSeed = taskSeed
        var splitRandom = RandomStream(seed: taskSeed).derived(Self.splitStream)
        switch spec.task {
        case let .digits(set, directory, digits, _):
            let all = try data.dataset(.shipped(set, dataDirectory: directory), digits: digits)
            let (trainSet, testSet) = try all.split(
                trainPerClass: spec.trainPerClass, testPerClass: spec.testPerClass, random: &splitRandom)
            func samples(_ d: DigitDataset) -> [ReservoirSample] {
                let labels = d.classIndices
                return (0..<d.count).map { i in
                    let image = d.image(i)
                    let brightest = image.max() ?? 0
                    return ReservoirSample(label: labels[i], stimulus: image.map { brightest > 0 ? $0 / brightest : 0 })
                }
            }
            train = samples(trainSet)
            test = samples(testSet)
        case .delayedXOR:
            func samples(_ perClass: Int) -> [ReservoirSample] {
                var list: [ReservoirSample] = []
                for k in 0..<perClass {
                    let same = k % 2 == 0 ? [0.0, 0.0] : [1.0, 1.0]
                    let differ = k % 2 == 0 ? [0.0, 1.0] : [1.0, 0.0]
                    list.append(ReservoirSample(label: 0, stimulus: same))
                    list.append(ReservoirSample(label: 1, stimulus: differ))
                }
                let order = splitRandom.permutation(list.count)
                return order.map { list[$0] }
            }
            train = samples(spec.trainPerClass)
            test = samples(spec.testPerClass)
        }
        batchSize = spec.batchSize == 0 ? train.count : min(spec.batchSize, train.count)
        let stimuli = spec.task.stimulusCount(pixels: train.first?.stimulus.count ?? 0)
        bulk = Self.buildBulk(spec, stimulusCount: stimuli)
        var initRandom = RandomStream(seed: taskSeed).derived(Self.initializationStream)
        let k = spec.classCount
        switch spec.trainable {
        case .readout:
            outputLayer = nil
            let bound = spec.readoutBound
            parameterSpace = .box(count: k * (spec.excitatory + 1), lower: -bound, upper: bound, namePrefix: "readout")
            initialPoint = [Double](repeating: 0, count: k * (spec.excitatory + 1))
        case .reservoirToOutput:
            let layer = OutputLayer(spec, bulk: bulk)
            outputLayer = layer
            let bound = spec.outputWeightBound
            parameterSpace = .box(count: layer.trainableCount, lower: -bound, upper: bound, namePrefix: "w_out")
            initialPoint = layer.fromExcitatory.map { excitatory in
                let w = (excitatory ? spec.outputWeightMean : -spec.outputWeightMean)
                    + spec.outputWeightStd * initRandom.nextGaussian()
                return min(max(w, -bound), bound)
            }
        case .globalScales:
            outputLayer = nil
            parameterSpace = SearchSpace(["input_rate_scale", "excitatory_scale", "inhibitory_scale"].map {
                SearchDimension(name: $0, kind: .real, lower: 0, upper: spec.scaleBound)
            })
            initialPoint = [1, 1, 1]
        }
    }

    // MARK: Network

    /// Weight groups of the bulk graph.
    enum BulkGroup: Int { case input = 0, excitatory, inhibitory, background }

    static func neuronParameters(_ spec: ReservoirOptimizeeSpec) -> LIFParameters {
        LIFParameters(
            tauM: spec.tauMMs, capacitance: spec.capacitancePf, restingPotential: 0, threshold: spec.thresholdMv,
            reset: spec.resetMv, refractoryPeriod: spec.refractoryMs,
            externalCurrent: spec.driveMv * spec.capacitancePf / spec.tauMMs, synapse: spec.synapse,
            tauSynExcitatory: spec.tauSynMs, tauSynInhibitory: spec.tauSynMs)
    }

    static func buildBulk(_ spec: ReservoirOptimizeeSpec, stimulusCount: Int) -> LIFNetwork {
        let ne = spec.excitatory, ni = spec.inhibitory, n = ne + ni
        let background = spec.backgroundRateHz > 0 ? n : 0
        var random = RandomStream(seed: spec.networkSeed).derived(1)
        var b = SynapseGraphBuilder(neuronCount: n, sourceCount: stimulusCount + background, dt: spec.dtMs)
        let e = 0..<ne, i = ne..<n, all = 0..<n
        for (from, weight, group) in [(e, spec.excitatoryWeight, BulkGroup.excitatory), (i, -spec.inhibitoryWeight, .inhibitory)] {
            for to in [e, i] {
                switch spec.connectivity {
                case .fixedInDegree:
                    let overlap = from == to ? 1 : 0
                    let degree = min(Int((spec.connectionProbability * Double(from.count)).rounded()), from.count - overlap)
                    if degree > 0 {
                        b.connectFixedInDegree(from: from, to: to, inDegree: degree, weight: .constant(weight), delay: spec.delayMs,
                                               group: group.rawValue, allowAutapses: false, allowMultapses: false, random: &random)
                    }
                case .probability:
                    b.connectProbability(from: from, to: to, probability: spec.connectionProbability, weight: .constant(weight),
                                         delay: spec.delayMs, group: group.rawValue, allowAutapses: false, random: &random)
                }
            }
        }
        if stimulusCount > 0 {
            b.connectFixedInDegree(from: n..<(n + stimulusCount), to: all, inDegree: spec.inputInDegree,
                                   weight: .constant(spec.inputWeight), delay: spec.delayMs, group: BulkGroup.input.rawValue,
                                   random: &random)
        }
        if background > 0 {
            b.connectOneToOne(from: (n + stimulusCount)..<(n + stimulusCount + n), to: all, weight: .constant(spec.backgroundWeight),
                              delay: spec.delayMs, group: BulkGroup.background.rawValue, random: &random)
        }
        let p = neuronParameters(spec)
        let sources = [LIFSource](repeating: .poisson(rateHz: 0), count: stimulusCount)
            + [LIFSource](repeating: .poisson(rateHz: spec.backgroundRateHz), count: background)
        return LIFNetwork(populations: [LIFPopulation(name: "E", count: ne, parameters: p),
                                        LIFPopulation(name: "I", count: ni, parameters: p)],
                          sources: sources, graph: b.build(), dt: spec.dtMs)
    }

    // MARK: Timeline

    /// When each stimulus rate vector starts (ms), the readout window and the total duration.
    public struct Timeline: Sendable, Equatable {
        public var segments: [(start: Double, rates: [Double])]
        public var window: Range<Double>

        public static func == (a: Timeline, b: Timeline) -> Bool {
            a.window == b.window && a.segments.count == b.segments.count
                && zip(a.segments, b.segments).allSatisfy { $0.start == $1.start && $0.rates == $1.rates }
        }
    }

    /// The stimulus timeline of `sample` (rates in Hz, before any rate scale).
    public func timeline(_ sample: ReservoirSample) -> Timeline {
        let rest = spec.restMs
        switch spec.task {
        case .digits(_, _, _, let presentation):
            return Timeline(segments: [(0, [Double](repeating: 0, count: sample.stimulus.count)),
                                       (rest, sample.stimulus.map { $0 * spec.inputRateHz })],
                            window: rest..<(rest + presentation))
        case let .delayedXOR(c, pulse, gap, delay, window):
            let off = [Double](repeating: 0, count: 2 * c)
            var a = off, b = off
            if sample.stimulus[0] > 0 { for j in 0..<c { a[j] = spec.inputRateHz } }
            if sample.stimulus[1] > 0 { for j in c..<(2 * c) { b[j] = spec.inputRateHz } }
            let secondEnd = rest + 2 * pulse + gap
            return Timeline(segments: [(0, off), (rest, a), (rest + pulse, off), (rest + pulse + gap, b), (secondEnd, off)],
                            window: (secondEnd + delay)..<(secondEnd + delay + window))
        }
    }

    // MARK: Simulation

    /// One sample's bulk simulation: E features and, when asked, every bulk neuron's spikes filed
    /// by step (built once, replayed into every candidate's output clusters).
    struct BulkRun: Sendable {
        var features: [Double]
        var spikeTrains: LIFSpikeSchedule?
    }

    /// Simulates the bulk on `sample` with Poisson inputs from `seed`; `scales` are the global
    /// scales (input rate, E, I). Diverged members give NaN features.
    func simulateBulk(_ sample: ReservoirSample, seed: UInt64, scales: [Double]? = nil, spikeTrains: Bool) -> BulkRun {
        let ne = spec.excitatory, n = bulk.neuronCount
        let groups = bulk.graph.groupCount
        let weights: LIFWeights = scales.map { .groupScales(Array([1, $0[1], $0[2], 1].prefix(groups))) } ?? .shared
        let record: Range<Int>? = spikeTrains ? 0..<n : (spec.features == .filtered ? 0..<ne : nil)
        let sim = LIFSimulator(network: bulk, weights: weights, seed: seed,
                               recording: LIFRecordingOptions(spikes: record))
        var potentials = RandomStream(seed: seed).derived(1)
        sim.randomizePotentials(low: spec.resetMv, high: spec.thresholdMv, random: &potentials)
        let rateScale = scales?[0] ?? 1
        let plan = timeline(sample)
        let startCounts = run(sim, plan) { segment in
            sim.setPoissonRates(segment.map { $0 * rateScale })
        }
        if sim.isDiverged {
            return BulkRun(features: [Double](repeating: .nan, count: ne), spikeTrains: nil)
        }
        let features: [Double]
        let seconds = (plan.window.upperBound - plan.window.lowerBound) / 1000
        switch spec.features {
        case .counts:
            features = (0..<ne).map { Double(sim.recording.counts[$0] - startCounts[$0]) / max(seconds, 1e-9) / spec.rateScaleHz }
        case .filtered:
            var trace = [Double](repeating: 0, count: ne)
            let spikes = sim.recording.spikes()
            let end = plan.window.upperBound, tau = spec.filterTauMs
            for (t, who) in zip(spikes.times, spikes.senders) where who < ne && t <= end {
                trace[who] += exp(-(end - t) / tau)
            }
            features = trace.map { $0 / (tau / 1000) / spec.rateScaleHz }
        }
        var trains: LIFSpikeSchedule?
        if spikeTrains {
            // Recorded in step order, senders ascending within a step: already the schedule's order.
            trains = LIFSpikeSchedule(sourceCount: n, steps: sim.recording.spikeSteps, sources: sim.recording.senders)
        }
        return BulkRun(features: features, spikeTrains: trains)
    }

    /// Runs `sim` through `plan`, calling `apply` at each segment start; returns the spike counts at
    /// the window's start (the simulation stops at its end).
    func run(_ sim: LIFSimulator, _ plan: Timeline, apply: ([Double]) -> Void) -> [Int] {
        var events: [(time: Double, kind: Int, segment: Int)] = plan.segments.enumerated().map { ($1.start, 1, $0) }
        events.append((plan.window.lowerBound, 0, -1))
        events.append((plan.window.upperBound, 2, -1))
        events.sort { ($0.time, $0.kind) < ($1.time, $1.kind) }
        var startCounts: [Int] = []
        for event in events {
            if event.time > plan.window.upperBound { break }
            let target = Int((event.time / spec.dtMs).rounded())
            if target > sim.step { sim.run(steps: target - sim.step) }
            switch event.kind {
            case 0: startCounts = sim.recording.counts
            case 1: apply(plan.segments[event.segment].rates)
            default: break
            }
            if event.kind == 2 { break }
        }
        return startCounts
    }

    /// The noise seed of sample `index` under an iteration's noise seed.
    static func sampleSeed(_ noise: UInt64, _ index: Int) -> UInt64 {
        var r = RandomStream(seed: noise).derived(UInt64(index))
        return r.next()
    }

    /// Bulk runs of `indices` of `samples` under `noise`, cached under `key` (one entry per kind).
    func bulkRuns(_ samples: [ReservoirSample], indices: [Int], noise: UInt64, key: ReservoirCache.Key) -> [BulkRun] {
        if let cached = cache.lookup(key) { return cached }
        let trains = spec.trainable == .reservoirToOutput
        let runs = indices.map { simulateBulk(samples[$0], seed: Self.sampleSeed(noise, $0), spikeTrains: trains) }
        cache.store(key, runs)
        return runs
    }

    // MARK: Scoring

    /// Class scores of the linear readout `parameters` on `features`.
    func readoutScores(_ parameters: [Double], _ features: [Double]) -> [Double] {
        let f = spec.excitatory
        return (0..<classCount).map { c in
            let row = c * (f + 1)
            var s = parameters[row + f]
            for j in 0..<f { s += parameters[row + j] * features[j] }
            return s
        }
    }

    /// Ridge readout (dual form, centred): fitted on `fit`, scores of `predict`.
    func ridgeScores(fit: [(features: [Double], label: Int)], predict: [[Double]]) -> [[Double]] {
        let k = classCount
        let nanRow = [Double](repeating: .nan, count: k)
        guard !fit.isEmpty, fit.allSatisfy({ $0.features.allSatisfy(\.isFinite) }) else {
            return predict.map { _ in nanRow }
        }
        let f = fit[0].features.count, m = fit.count
        var mean = [Double](repeating: 0, count: f)
        for s in fit { for j in 0..<f { mean[j] += s.features[j] / Double(m) } }
        var yMean = [Double](repeating: 0, count: k)
        for s in fit { yMean[s.label] += 1 / Double(m) }
        let centred = fit.map { s in (0..<f).map { s.features[$0] - mean[$0] } }
        var gram = Matrix(rows: m, columns: m)
        for a in 0..<m {
            for b in a..<m {
                var dot = 0.0
                for j in 0..<f { dot += centred[a][j] * centred[b][j] }
                gram[a, b] = dot
                gram[b, a] = dot
            }
            gram[a, a] += spec.ridge
        }
        var y = Matrix(rows: m, columns: k)
        for (a, s) in fit.enumerated() { for c in 0..<k { y[a, c] = (c == s.label ? 1 : 0) - yMean[c] } }
        guard let alpha = try? gram.positiveDefiniteSolution(for: y) else { return predict.map { _ in nanRow } }
        return predict.map { x in
            guard x.allSatisfy(\.isFinite) else { return nanRow }
            let kernel = centred.map { row in (0..<f).reduce(0.0) { $0 + row[$1] * (x[$1] - mean[$1]) } }
            return (0..<k).map { c in yMean[c] + (0..<m).reduce(0.0) { $0 + kernel[$1] * alpha[$1, c] } }
        }
    }

    /// Output-cluster scores of weights `parameters` for one sample's bulk spikes.
    func clusterScores(_ parameters: [Double], _ run: BulkRun, _ sample: ReservoirSample, seed: UInt64) -> [Double] {
        guard let layer = outputLayer, let trains = run.spikeTrains else {
            return [Double](repeating: .nan, count: classCount)
        }
        return layer.scores(weights: parameters, spikeTrains: trains, plan: timeline(sample), seed: seed, optimizee: self)
    }

    /// Outputs, targets and fitness of per-sample `scores`.
    func evaluation(scores: [[Double]], labels: [Int]) -> (evaluation: Evaluation, accuracy: Double, loss: Double) {
        let k = classCount, b = scores.count
        var outputs = [Double](repeating: 0, count: b * k)
        var targets = [Double](repeating: 0, count: b * k)
        var loss = 0.0, correct = 0
        for s in 0..<b {
            let row = scores[s], y = labels[s]
            targets[s * k + y] = 1
            guard row.allSatisfy(\.isFinite) else {
                loss = .nan
                for c in 0..<k { outputs[s * k + c] = .nan }
                continue
            }
            var best = 0
            for c in 0..<k where row[c] > row[best] { best = c }
            // A tie (e.g. all clusters silent) counts as wrong.
            if best == y && row.filter({ $0 == row[best] }).count == 1 { correct += 1 }
            let maximum = row.max()!
            let sum = row.reduce(0.0) { $0 + exp($1 - maximum) }
            loss += maximum + log(sum) - row[y]
            for c in 0..<k {
                outputs[s * k + c] = spec.outputs == .probabilities ? exp(row[c] - maximum) / sum : row[c]
            }
        }
        let meanLoss = b == 0 ? 0 : loss / Double(b)
        let accuracy = loss.isNaN ? Double.nan : (b == 0 ? 0 : Double(correct) / Double(b))
        let fitness = spec.fitness == .crossEntropy ? -meanLoss : accuracy
        return (Evaluation(fitness: fitness, outputs: outputs, targets: targets), accuracy, meanLoss)
    }

    /// The batch an evaluation with `random` uses: indices into ``train``.
    public func batchIndices(random: inout RandomStream) -> [Int] {
        if batchSize >= train.count { return Array(0..<train.count) }
        var order = Array(0..<train.count)
        for i in 0..<batchSize { order.swapAt(i, i + random.nextInt(below: train.count - i)) }
        return Array(order[..<batchSize])
    }

    /// Class scores of `parameters` on `samples[indices]` with noise `noise`; `key` caches the
    /// bulk runs (nil: no cache).
    func scores(_ parameters: [Double], _ samples: [ReservoirSample], _ indices: [Int], noise: UInt64,
                key: ReservoirCache.Key?) -> [[Double]] {
        switch spec.trainable {
        case .readout:
            let runs = key.map { bulkRuns(samples, indices: indices, noise: noise, key: $0) }
                ?? indices.map { simulateBulk(samples[$0], seed: Self.sampleSeed(noise, $0), spikeTrains: false) }
            return runs.map { readoutScores(parameters, $0.features) }
        case .reservoirToOutput:
            let runs = key.map { bulkRuns(samples, indices: indices, noise: noise, key: $0) }
                ?? indices.map { simulateBulk(samples[$0], seed: Self.sampleSeed(noise, $0), spikeTrains: true) }
            return zip(indices, runs).map { index, run in
                clusterScores(parameters, run, samples[index], seed: Self.sampleSeed(noise, index) &+ 1)
            }
        case .globalScales:
            guard parameters.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                return indices.map { _ in [Double](repeating: .nan, count: classCount) }
            }
            let features = indices.map {
                simulateBulk(samples[$0], seed: Self.sampleSeed(noise, $0), scales: parameters, spikeTrains: false).features
            }
            // Cross-fitted halves: each half is scored by a readout fitted on the other.
            var result = [[Double]](repeating: [], count: indices.count)
            let halves = [Array(stride(from: 0, to: indices.count, by: 2)), Array(stride(from: 1, to: indices.count, by: 2))]
            for (h, part) in halves.enumerated() {
                let other = halves[1 - h]
                let fitted = ridgeScores(fit: other.map { (features[$0], samples[indices[$0]].label) },
                                         predict: part.map { features[$0] })
                for (q, position) in part.enumerated() { result[position] = fitted[q] }
            }
            return result
        }
    }

    public func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
        guard parameters.count == parameterSpace.count else {
            throw ReservoirOptimizeeError.parameterCount(expected: parameterSpace.count, got: parameters.count)
        }
        let indices = batchIndices(random: &random)
        let noise = random.next()
        let all = scores(parameters, train, indices, noise: noise, key: .init(noise: noise, kind: 0))
        return evaluation(scores: all, labels: indices.map { train[$0].label }).evaluation
    }

    /// Accuracy and mean cross-entropy of `parameters` on `samples`, all of them, with the task's
    /// fixed report noise.
    public func measure(_ parameters: [Double], on samples: [ReservoirSample], isTest: Bool) -> (accuracy: Double, loss: Double) {
        let noise = reportNoise(isTest: isTest)
        let all = Array(samples.indices)
        let s: [[Double]]
        if spec.trainable == .globalScales {
            // The ridge readout is fitted on the whole training split and scores `samples`.
            guard parameters.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return (.nan, .nan) }
            let trainNoise = reportNoise(isTest: false)
            let fit = train.indices.map {
                (simulateBulk(train[$0], seed: Self.sampleSeed(trainNoise, $0), scales: parameters, spikeTrains: false).features,
                 train[$0].label)
            }
            let features = isTest
                ? all.map { simulateBulk(samples[$0], seed: Self.sampleSeed(noise, $0), scales: parameters, spikeTrains: false).features }
                : fit.map { $0.0 }
            s = ridgeScores(fit: fit, predict: features)
        } else {
            s = scores(parameters, samples, all, noise: noise, key: .init(noise: noise, kind: isTest ? 2 : 1))
        }
        let result = evaluation(scores: s, labels: samples.map(\.label))
        return (result.accuracy, result.loss)
    }

    /// The fixed noise seed of the final report on the training or test split.
    func reportNoise(isTest: Bool) -> UInt64 {
        var r = RandomStream(seed: taskSeed).derived(Self.reportNoiseStream, isTest ? 1 : 0)
        return r.next()
    }

    public func finalReport(bestParameters: [Double]) -> [String: Double] {
        guard bestParameters.count == parameterSpace.count else { return [:] }
        let onTest = measure(bestParameters, on: test, isTest: true)
        let onTrain = measure(bestParameters, on: train, isTest: false)
        return ["test_accuracy": onTest.accuracy, "test_loss": onTest.loss,
                "train_accuracy": onTrain.accuracy, "train_loss": onTrain.loss]
    }
}
