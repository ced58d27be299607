import L2LNetworks
import L2LNumerics
import L2LOptimizers

/// A recurrent Morris–Lecar network on the pulse-integration / working-memory task
/// (`optimizee.morris_lecar`). See ``MorrisLecarOptimizee``.
public struct MorrisLecarOptimizeeSpec: Sendable, Equatable {
    /// The excitability class of every neuron (YAML `neuron_class`).
    public enum NeuronClass: String, Sendable, Equatable, CaseIterable {
        /// Rinzel & Ermentrout's class I set (SNIC onset, arbitrarily low rates).
        case classI = "class_i"
        /// The original Morris–Lecar class II set (Hopf onset, a minimum rate).
        case classII = "class_ii"

        /// The neuron parameters.
        public var parameters: MorrisLecarParameters { self == .classI ? .classI : .classII }

        /// The default bias current: 38 µA/cm² for class I (below the SNIC at ≈ 39.96), 95 % of the
        /// Hopf current for class II.
        public var defaultBiasCurrent: Double {
            switch self {
            case .classI: 38
            case .classII: ((MorrisLecarParameters.classII.hopfCurrent() ?? 90) * 0.95 * 100).rounded() / 100
            }
        }
    }

    public var neurons = 10
    public var neuronClass: NeuronClass = .classI
    /// Bias current of every neuron, µA/cm².
    public var biasCurrent = 38.0
    /// Synaptic activation rate α, 1/ms.
    public var synapseRiseRate = 0.5
    /// Synaptic decay τ_s, ms.
    public var synapseDecayMs = 150.0
    /// Time constant of the rate proxy the readout uses, ms.
    public var rateTimeConstantMs = 100.0
    public var relativeTolerance = 1e-5
    public var absoluteTolerance = 1e-5
    /// Largest integrator step, ms.
    public var maximumStepMs = 2.0
    /// Step budget of one integration between breakpoints.
    public var maximumSteps = 200_000
    public var recurrentBound = 10.0
    public var inputBound = 40.0
    public var readoutBound = 20.0
    public var readoutBiasBound = 1.0
    /// Trials per evaluation (the training pulse sequence of a task).
    public var trials = 4
    /// Whether the training trials are the task seed's fixed sequence or a sequence drawn fresh at
    /// each inner iteration (YAML `episode_draws`).
    public var episodeDraws: EpisodeDraws = .fixed
    /// Trials of the held-out sequence scored by the final report.
    public var testTrials = 4
    public var minimumPulses = 1
    public var maximumPulses = 4
    public var stimulusWindowMs = 500.0
    public var delayMs = 500.0
    public var pulseWidthMs = 20.0
    public var minimumGapMs = 60.0
    public var sampleIntervalMs = 10.0

    public init() {}

    /// The network model the spec describes.
    public var workingMemory: MorrisLecarWorkingMemory {
        MorrisLecarWorkingMemory(
            neuronCount: neurons, neuron: neuronClass.parameters,
            synapse: MorrisLecarSynapse(riseRate: synapseRiseRate, decayTime: synapseDecayMs,
                                        rateTimeConstant: rateTimeConstantMs),
            biasCurrent: biasCurrent,
            options: AdaptiveIntegratorOptions(relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance,
                                               maximumStep: maximumStepMs, maximumSteps: maximumSteps),
            recurrentBound: recurrentBound, inputBound: inputBound, readoutBound: readoutBound,
            readoutBiasBound: readoutBiasBound)
    }

    /// The pulse sequence drawn from `seed` with `trialCount` trials.
    public func task(seed: UInt64, trialCount: Int) -> PulseIntegrationTask {
        PulseIntegrationTask(seed: seed, trialCount: trialCount, minimumPulses: minimumPulses, maximumPulses: maximumPulses,
                             stimulusWindow: stimulusWindowMs, delay: delayMs, pulseWidth: pulseWidthMs,
                             minimumGap: minimumGapMs, sampleInterval: sampleIntervalMs)
    }
}

/// A recurrent network of conductance-based Morris–Lecar neurons trained to count pulses and hold
/// the count through a delay (``MorrisLecarWorkingMemory`` on a ``PulseIntegrationTask``), as an
/// optimizee (`optimizee.morris_lecar`).
///
/// **Parameters**: the flat layout of ``MorrisLecarWorkingMemory`` (recurrent weights W row-major,
/// input weights u, readout weights c, readout bias), each block within its symmetric bound.
/// **Task**: each task seed draws its own training pulse sequence (`trials` trials), its own
/// held-out sequence (`test_trials`) and the initial weights (``MorrisLecarWorkingMemory/initialParameters(seed:)``).
/// Every candidate sees the same trials: the task seed's sequence, or with `episode_draws: fresh` a
/// sequence of `trials` trials drawn at each inner iteration from its stream (``EpisodeDraws``).
/// **Fitness** −MSE of the readout against the target count trace; `outputs`/`targets` are the
/// readout and target traces, trial after trial (for the EnKF). A diverged integration is a
/// fitness of −∞ (recorded as a failed evaluation), never a crash.
/// **Final report**: `test_mse` on the held-out sequence, `train_mse` on the training one, and
/// `test_failed` (1 when the held-out simulation diverged).
public struct MorrisLecarOptimizee: Optimizee {
    public let spec: MorrisLecarOptimizeeSpec
    public let taskSeed: UInt64
    public let model: MorrisLecarWorkingMemory
    /// The training pulse sequence.
    public let task: PulseIntegrationTask
    /// The held-out pulse sequence of the final report.
    public let testTask: PulseIntegrationTask
    public let parameterSpace: SearchSpace
    public let initialPoint: [Double]?

    static let trainStream: UInt64 = 1
    static let testStream: UInt64 = 2
    static let initializationStream: UInt64 = 3

    public init(spec: MorrisLecarOptimizeeSpec, taskSeed: UInt64) {
        self.spec = spec
        self.taskSeed = taskSeed
        let root = RandomStream(seed: taskSeed)
        func seed(_ label: UInt64) -> UInt64 {
            var stream = root.derived(label)
            return stream.next()
        }
        model = spec.workingMemory
        task = spec.task(seed: seed(Self.trainStream), trialCount: spec.trials)
        testTask = spec.task(seed: seed(Self.testStream), trialCount: spec.testTrials)
        var dimensions: [SearchDimension] = []
        dimensions.reserveCapacity(model.parameterCount)
        let n = model.neuronCount
        for block in MorrisLecarWorkingMemory.Block.allCases {
            let bound = model.bound(of: block)
            let range = model.range(of: block)
            for index in range {
                let offset = index - range.lowerBound
                let name: String
                switch block {
                case .recurrent: name = "w_\(offset / n)_\(offset % n)"
                case .input: name = "u_\(offset)"
                case .readout: name = "c_\(offset)"
                case .readoutBias: name = "b_out"
                }
                dimensions.append(SearchDimension(name: name, kind: .real, lower: -bound, upper: bound))
            }
        }
        parameterSpace = SearchSpace(dimensions)
        initialPoint = model.initialParameters(seed: seed(Self.initializationStream))
    }

    public func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
        guard parameters.count == model.parameterCount else {
            throw MorrisLecarOptimizeeError.parameterCount(expected: model.parameterCount, got: parameters.count)
        }
        let e = model.evaluate(parameters: parameters, task: trainingTask(iteration: random))
        return Evaluation(fitness: e.failure == nil ? e.fitness : -.infinity, outputs: e.outputs, targets: e.targets)
    }

    /// The training trials of an evaluation handed `iteration` (the iteration's stream): the task
    /// seed's `task`, or with `episode_draws: fresh` a sequence of `trials` trials drawn from it.
    public func trainingTask(iteration: RandomStream) -> PulseIntegrationTask {
        spec.episodeDraws.episodes(fixed: [task], count: 1, iteration: iteration) { stream, _ in
            spec.task(seed: stream.next(), trialCount: spec.trials)
        }[0]
    }

    public func finalReport(bestParameters: [Double]) -> [String: Double] {
        guard bestParameters.count == model.parameterCount else { return [:] }
        let test = model.evaluate(parameters: bestParameters, task: testTask)
        let train = model.evaluate(parameters: bestParameters, task: task)
        return ["test_mse": test.meanSquaredError.isFinite ? test.meanSquaredError : .nan,
                "train_mse": train.meanSquaredError.isFinite ? train.meanSquaredError : .nan,
                "test_failed": test.failure == nil ? 0 : 1]
    }

    /// The readout of the incumbent and of the initial weights on every held-out trial, against the
    /// target staircase, with the pulse onsets (`final/<name>` when `record.artifacts` is on): the
    /// paper's figure of readout traces holding the count through the delay.
    public func finalArtifacts(bestParameters: [Double]) -> [RecordedArray] {
        guard bestParameters.count == model.parameterCount else { return [] }
        let times = testTask.sampleTimes, trials = testTask.trials.count
        let length = trials * times.count
        // A diverged simulation stops early: pad with NaN.
        func padded(_ values: [Double]) -> [Double] {
            Array(values.prefix(length)) + [Double](repeating: .nan, count: max(0, length - values.count))
        }
        func readout(_ name: String, _ parameters: [Double], _ who: String) -> RecordedArray {
            RecordedArray(name: name, shape: [trials, times.count],
                          values: padded(model.evaluate(parameters: parameters, task: testTask).outputs),
                          axes: ["trial", "sample"], description: "readout Σ cᵢrᵢ + b of \(who) on each held-out trial, at `sample_time`")
        }
        var arrays = [readout("readout", bestParameters, "the trained network")]
        if let prior = initialPoint { arrays.append(readout("prior_readout", prior, "the initial weights")) }
        let onsets = (0..<trials).flatMap { index in
            let trial = testTask.trials[index].onsets
            return trial + [Double](repeating: .nan, count: testTask.maximumPulses - trial.count)
        }
        return arrays + [
            RecordedArray(name: "target", shape: [trials, times.count], values: (0..<trials).flatMap { testTask.targetTrace(trial: $0) },
                          axes: ["trial", "sample"], description: "target: pulses ended so far × target scale (1 / max_pulses)"),
            RecordedArray(name: "sample_time", shape: [times.count], values: times, axes: ["sample"],
                          description: "time of each sample from the trial's start", units: "ms"),
            RecordedArray(name: "pulse_onset", shape: [trials, testTask.maximumPulses], values: onsets, axes: ["trial", "pulse"],
                          description: "onset of each pulse of the held-out trial (NaN: fewer pulses); each lasts pulse_width_ms",
                          units: "ms"),
            .scalar("pulse_width", testTask.pulseWidth, description: "duration of each pulse", units: "ms"),
            .scalar("stimulus_window", testTask.stimulusWindow, description: "pulses fall in [0, stimulus_window); the delay follows",
                    units: "ms"),
        ]
    }
}

/// Why a Morris–Lecar optimizee cannot be evaluated.
public enum MorrisLecarOptimizeeError: Error, Equatable, CustomStringConvertible {
    case parameterCount(expected: Int, got: Int)

    public var description: String {
        switch self {
        case let .parameterCount(expected, got): "morris_lecar: \(got) parameters, the network has \(expected)"
        }
    }
}
