/// What a `LIFSimulator` records besides spike counts.
public struct LIFRecordingOptions: Sendable, Equatable, Codable {
    /// Neurons whose individual spikes (time, sender, member) are stored; nil stores none
    /// (NEST `spike_recorder` connected to these neurons).
    public var spikes: Range<Int>?
    /// Width of the bins of the population spike counts, ms; nil records no bins.
    public var binMs: Double?

    public init(spikes: Range<Int>? = nil, binMs: Double? = nil) {
        self.spikes = spikes
        self.binMs = binMs
    }
}

/// Spikes and rates recorded by a `LIFSimulator` for every member of its batch.
///
/// - `counts`: spikes per neuron and member since the last `reset`, the basis of
///   per-neuron and population rates.
/// - `spikeSteps`, `senders`, `members`: individual spikes of the recorded neurons, in the
///   order they occurred (step ascending, then neuron, then member) — NEST's
///   `events["times"]`, `events["senders"]` with the batch member added.
/// - `binnedCounts`: population spike counts per bin, `[bin][member][population]` flattened.
public struct LIFRecording: Sendable, Equatable {
    /// Batch size.
    public let batch: Int
    /// Number of neurons.
    public let neuronCount: Int
    /// Number of populations.
    public let populationCount: Int
    /// Time step, ms.
    public let dt: Double
    /// Spike counts, neuron-major with the member innermost: `counts[neuron * batch + member]`.
    public internal(set) var counts: [Int]
    /// Step of each recorded spike (time = step · dt).
    public internal(set) var spikeSteps: [Int32] = []
    /// Neuron of each recorded spike.
    public internal(set) var senders: [Int32] = []
    /// Batch member of each recorded spike.
    public internal(set) var members: [Int32] = []
    /// Completed bins of population counts: `binnedCounts[(bin * batch + member) * populationCount + population]`.
    public internal(set) var binnedCounts: [Int] = []
    /// Steps counted since the last reset.
    public internal(set) var steps: Int = 0

    init(batch: Int, neuronCount: Int, populationCount: Int, dt: Double) {
        self.batch = batch
        self.neuronCount = neuronCount
        self.populationCount = populationCount
        self.dt = dt
        counts = [Int](repeating: 0, count: batch * neuronCount)
    }

    /// Forgets everything recorded so far (e.g. after a warm-up).
    public mutating func reset() {
        for k in counts.indices { counts[k] = 0 }
        spikeSteps.removeAll(keepingCapacity: true)
        senders.removeAll(keepingCapacity: true)
        members.removeAll(keepingCapacity: true)
        binnedCounts.removeAll(keepingCapacity: true)
        steps = 0
    }

    /// Spikes of `neuron` in `member` since the last reset.
    public func count(neuron: Int, member: Int = 0) -> Int { counts[neuron * batch + member] }

    /// Total spikes of `member` in `neurons` (all neurons by default).
    public func totalSpikes(member: Int = 0, neurons: Range<Int>? = nil) -> Int {
        var total = 0
        for i in neurons ?? 0..<neuronCount { total += counts[i * batch + member] }
        return total
    }

    /// Mean firing rate of `neurons` in `member` over the recorded time, Hz.
    public func meanRate(member: Int = 0, neurons: Range<Int>? = nil) -> Double {
        let n = (neurons ?? 0..<neuronCount).count
        guard n > 0, steps > 0 else { return 0 }
        return Double(totalSpikes(member: member, neurons: neurons)) / Double(n) / (Double(steps) * dt / 1000)
    }

    /// Number of completed bins.
    public var binCount: Int { populationCount == 0 ? 0 : binnedCounts.count / (batch * populationCount) }

    /// Population spike count in `bin` for `member`.
    public func binnedCount(bin: Int, member: Int = 0, population: Int) -> Int {
        binnedCounts[(bin * batch + member) * populationCount + population]
    }

    /// Spike times (ms) and senders of one member's recorded spikes.
    public func spikes(member: Int = 0) -> (times: [Double], senders: [Int]) {
        var times: [Double] = []
        var who: [Int] = []
        for k in members.indices where Int(members[k]) == member {
            times.append(Double(spikeSteps[k]) * dt)
            who.append(Int(senders[k]))
        }
        return (times, who)
    }
}
