import L2LNumerics

/// Where an inner run sits in an experiment, and the random stream that belongs to it.
///
/// Every random number of an inner run derives from `(seed, phase, generation,
/// individual, task seed, repeat)`, never from the order in which runs are scheduled,
/// so any `--jobs` gives identical results.
public struct RunCoordinates: Sendable, Hashable, Codable, Comparable {
    /// Which part of the experiment a run belongs to.
    public enum Phase: String, Sendable, Hashable, Codable {
        /// A training run scoring an outer individual.
        case train
        /// A held-out run of the best hyperparameters found.
        case test
        /// A held-out run of the spec's own (untuned) hyperparameters, for comparison.
        case baseline
    }

    public var phase: Phase
    /// Outer generation (0 for test and baseline runs).
    public var generation: Int
    /// Index of the outer individual (0 for test and baseline runs).
    public var individual: Int
    /// Index of the task in its family.
    public var taskIndex: Int
    /// The task's seed (what defines the task).
    public var taskSeed: UInt64
    /// Repeat index on the same task.
    public var repeatIndex: Int

    public init(phase: Phase, generation: Int, individual: Int, taskIndex: Int, taskSeed: UInt64, repeatIndex: Int) {
        self.phase = phase
        self.generation = generation
        self.individual = individual
        self.taskIndex = taskIndex
        self.taskSeed = taskSeed
        self.repeatIndex = repeatIndex
    }

    /// The group name of this run in the HDF5 file, e.g. `g0003_i0012_t0001_r00`.
    public var groupName: String {
        switch phase {
        case .train:
            "g\(pad(generation, 4))_i\(pad(individual, 4))_t\(pad(taskIndex, 4))_r\(pad(repeatIndex, 2))"
        case .test, .baseline:
            "t\(pad(taskIndex, 4))_r\(pad(repeatIndex, 2))"
        }
    }

    /// This run's stream, derived from the experiment's root stream.
    public func stream(root: RandomStream) -> RandomStream {
        let phaseCode: UInt64 = switch phase {
        case .train: 2
        case .test: 3
        case .baseline: 4
        }
        return root.derived(phaseCode, UInt64(generation), UInt64(individual), taskSeed, UInt64(repeatIndex))
    }

    public static func < (a: RunCoordinates, b: RunCoordinates) -> Bool {
        (a.phase.rawValue, a.generation, a.individual, a.taskIndex, a.repeatIndex)
            < (b.phase.rawValue, b.generation, b.individual, b.taskIndex, b.repeatIndex)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// Fixed sub-stream labels, so that adding a new consumer never shifts another's numbers.
public enum StreamLabel {
    public static let outerOptimizer: UInt64 = 1
    public static let innerOptimizer: UInt64 = 10
    public static let evaluation: UInt64 = 11
    public static let lifetime: UInt64 = 12
    /// Fresh training episodes of an iteration (``EpisodeDraws/fresh``), below the iteration's evaluation stream.
    public static let episodes: UInt64 = 13
    /// The validation draws that re-score an inner run's best points (`inner.rescore_top`), below the run's stream.
    public static let validation: UInt64 = 14
}
