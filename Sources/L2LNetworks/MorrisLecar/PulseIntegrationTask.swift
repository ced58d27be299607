import L2LNumerics

/// The stimulus-integration and working-memory task for `MorrisLecarWorkingMemory`.
///
/// ```swift
/// let task = PulseIntegrationTask(seed: 7, trialCount: 4)
/// task.trials[0].onsets        // pulse onsets in the stimulus window, ms
/// task.targetTrace(trial: 0)   // pulses received so far × targetScale, at every sample time
/// ```
///
/// Each trial delivers k pulses (k uniform in `minimumPulses...maximumPulses`) of width
/// `pulseWidth` at random onsets inside `[0, stimulusWindow)`, at least `minimumGap` apart (onset
/// to onset), then nothing for `delay` ms. The network must count the pulses and hold the count:
/// the target at time t is `targetScale` × (number of pulses that have ended by t), so it rises in
/// steps during the stimulus and stays constant through the delay. This reconstructs the "stimulus
/// integration and working memory task" of Hazelden et al. 2023 (arXiv:2311.10869), whose exact
/// encoding and timing the abstract does not give (models.md §5: a design choice).
///
/// Everything random is drawn from `RandomStream(seed:).derived(PulseIntegrationTask.stream, trial)`.
public struct PulseIntegrationTask: Codable, Sendable, Equatable {
    /// Derivation component of the task's random stream ("pulses").
    public static let stream: UInt64 = 0x7075_6C73_6573

    /// One trial: its pulse onsets (ascending, ms).
    public struct Trial: Codable, Sendable, Equatable {
        /// Pulse onsets, ms.
        public var onsets: [Double]
        /// Number of pulses.
        public var count: Int { onsets.count }
    }

    /// The seed the trials were drawn from.
    public let seed: UInt64
    /// The trials.
    public let trials: [Trial]
    /// Stimulus window and delay, ms.
    public let stimulusWindow: Double, delay: Double
    /// Pulse width and the minimum onset-to-onset gap, ms.
    public let pulseWidth: Double, minimumGap: Double
    /// Range of the pulse count.
    public let minimumPulses: Int, maximumPulses: Int
    /// Readout sample spacing, ms.
    public let sampleInterval: Double
    /// Target per pulse (default 1/maximumPulses, so targets lie in [0, 1]).
    public let targetScale: Double

    /// Draws `trialCount` trials.
    /// - Parameters:
    ///   - seed: identifies the task; equal seeds give equal trials.
    ///   - trialCount: trials per evaluation (≥ 1).
    ///   - minimumPulses, maximumPulses: range of k (0 ≤ min ≤ max).
    ///   - stimulusWindow: ms (default 500). `delay`: ms (default 500).
    ///   - pulseWidth: ms (default 20). `minimumGap`: ms (default 60, ≥ pulseWidth).
    ///   - sampleInterval: ms (default 10).
    ///   - targetScale: target per pulse (default 1/maximumPulses).
    public init(seed: UInt64, trialCount: Int = 4, minimumPulses: Int = 1, maximumPulses: Int = 4,
                stimulusWindow: Double = 500, delay: Double = 500, pulseWidth: Double = 20,
                minimumGap: Double = 60, sampleInterval: Double = 10, targetScale: Double? = nil) {
        precondition(trialCount >= 1, "PulseIntegrationTask: trialCount must be ≥ 1, got \(trialCount)")
        precondition(0 <= minimumPulses && minimumPulses <= maximumPulses && maximumPulses >= 1,
                     "PulseIntegrationTask: need 0 ≤ minimumPulses ≤ maximumPulses, ≥ 1; got \(minimumPulses)…\(maximumPulses)")
        precondition(minimumGap >= pulseWidth && pulseWidth > 0, "PulseIntegrationTask: need minimumGap ≥ pulseWidth > 0")
        let slack = stimulusWindow - pulseWidth - Double(maximumPulses - 1) * minimumGap
        precondition(slack >= 0, "PulseIntegrationTask: \(maximumPulses) pulses do not fit in \(stimulusWindow) ms")
        self.seed = seed
        self.stimulusWindow = stimulusWindow
        self.delay = delay
        self.pulseWidth = pulseWidth
        self.minimumGap = minimumGap
        self.minimumPulses = minimumPulses
        self.maximumPulses = maximumPulses
        self.sampleInterval = sampleInterval
        self.targetScale = targetScale ?? 1 / Double(maximumPulses)
        let root = RandomStream(seed: seed)
        trials = (0..<trialCount).map { index in
            var rng = root.derived(PulseIntegrationTask.stream, UInt64(index))
            let k = minimumPulses + rng.nextInt(below: maximumPulses - minimumPulses + 1)
            let room = stimulusWindow - pulseWidth - Double(max(k - 1, 0)) * minimumGap
            let u = (0..<k).map { _ in rng.nextUniform(in: 0, room) }.sorted()
            return Trial(onsets: u.enumerated().map { $0.element + Double($0.offset) * minimumGap })
        }
    }

    /// Duration of one trial, ms.
    public var trialDuration: Double { stimulusWindow + delay }

    /// Sample times within a trial: Δ, 2Δ, …, ≤ trialDuration.
    public var sampleTimes: [Double] {
        var out: [Double] = []
        var k = 1
        while Double(k) * sampleInterval <= trialDuration + 1e-9 { out.append(Double(k) * sampleInterval); k += 1 }
        return out
    }

    /// The stimulus intervals of trial `index`.
    public func pulses(trial index: Int) -> [(start: Double, end: Double)] {
        trials[index].onsets.map { (start: $0, end: $0 + pulseWidth) }
    }

    /// The target at time `t` of trial `index`: targetScale × pulses ended by t.
    public func target(trial index: Int, at t: Double) -> Double {
        targetScale * Double(trials[index].onsets.filter { $0 + pulseWidth <= t + 1e-9 }.count)
    }

    /// The target at every sample time of trial `index`.
    public func targetTrace(trial index: Int) -> [Double] { sampleTimes.map { target(trial: index, at: $0) } }
}
