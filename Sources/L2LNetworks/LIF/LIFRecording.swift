/// What a `LIFSimulator` records besides spike counts.
public struct LIFRecordingOptions: Sendable, Equatable, Codable {
    /// Neurons whose individual spikes (time, sender) are stored; nil stores none
    /// (NEST `spike_recorder` connected to these neurons).
    public var spikes: Range<Int>?
    /// Width of the bins of the population spike counts, ms; nil records no bins.
    public var binMs: Double?

    public init(spikes: Range<Int>? = nil, binMs: Double? = nil) {
        self.spikes = spikes
        self.binMs = binMs
    }
}

/// Spikes and rates recorded by a `LIFSimulator`.
///
/// - `counts`: spikes per neuron since the last `reset`, the basis of per-neuron and
///   population rates.
/// - `spikeSteps`, `senders`: individual spikes of the recorded neurons, in the order they
///   occurred (step ascending, then neuron) — NEST's `events["times"]`, `events["senders"]`.
/// - `binnedCounts`: population spike counts per bin, `[bin][population]` flattened.
public struct LIFRecording: Sendable, Equatable {
    /// Number of neurons.
    public let neuronCount: Int
    /// Number of populations.
    public let populationCount: Int
    /// Time step, ms.
    public let dt: Double
    /// Spike counts per neuron.
    public internal(set) var counts: [Int]
    /// Step of each recorded spike (time = step · dt).
    public internal(set) var spikeSteps: [Int32] = []
    /// Neuron of each recorded spike.
    public internal(set) var senders: [Int32] = []
    /// Completed bins of population counts: `binnedCounts[bin * populationCount + population]`.
    public internal(set) var binnedCounts: [Int] = []
    /// Steps counted since the last reset.
    public internal(set) var steps: Int = 0

    init(neuronCount: Int, populationCount: Int, dt: Double) {
        self.neuronCount = neuronCount
        self.populationCount = populationCount
        self.dt = dt
        counts = [Int](repeating: 0, count: neuronCount)
    }

    /// Forgets everything recorded so far (e.g. after a warm-up).
    public mutating func reset() {
        for k in counts.indices { counts[k] = 0 }
        spikeSteps.removeAll(keepingCapacity: true)
        senders.removeAll(keepingCapacity: true)
        binnedCounts.removeAll(keepingCapacity: true)
        steps = 0
    }

    /// Counts one step's spikes (neuron indices, ascending) and stores those of `window`'s neurons.
    mutating func add(spikes: UnsafeBufferPointer<Int32>, step: Int, window: Range<Int>?) {
        counts.withUnsafeMutableBufferPointer { c in
            for i in spikes { c[Int(i)] += 1 }
        }
        if let window {
            for i in spikes where window.contains(Int(i)) {
                spikeSteps.append(Int32(truncatingIfNeeded: step))
                senders.append(i)
            }
        }
        steps += 1
    }

    /// Spikes of `neuron` since the last reset.
    public func count(neuron: Int) -> Int { counts[neuron] }

    /// Total spikes of `neurons` (all neurons by default).
    public func totalSpikes(neurons: Range<Int>? = nil) -> Int {
        var total = 0
        for i in neurons ?? 0..<neuronCount { total += counts[i] }
        return total
    }

    /// Mean firing rate of `neurons` over the recorded time, Hz.
    public func meanRate(neurons: Range<Int>? = nil) -> Double {
        let n = (neurons ?? 0..<neuronCount).count
        guard n > 0, steps > 0 else { return 0 }
        return Double(totalSpikes(neurons: neurons)) / Double(n) / (Double(steps) * dt / 1000)
    }

    /// Number of completed bins.
    public var binCount: Int { populationCount == 0 ? 0 : binnedCounts.count / populationCount }

    /// Population spike count in `bin`.
    public func binnedCount(bin: Int, population: Int) -> Int {
        binnedCounts[bin * populationCount + population]
    }

    /// Spike times (ms) and senders of the recorded spikes.
    public func spikes() -> (times: [Double], senders: [Int]) {
        (spikeSteps.map { Double($0) * dt }, senders.map { Int($0) })
    }
}
