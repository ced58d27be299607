/// Spike trains of many sources filed by time step: the events `(step, source)` sorted by step,
/// then source, so a simulator walks the events of one step in O(events in that step) instead of
/// checking every source every step (the event-driven `spike_generator` of NEST).
///
/// ```swift
/// let schedule = LIFSpikeSchedule(trains: [[1.0, 2.5], [], [1.0]], dt: 0.1)
/// sim.setSpikeTrains(schedule, firstSource: 0)   // = setSpikeTrain for sources 0, 1, 2
/// ```
///
/// Build it once and reuse it for every simulator driven by the same trains (e.g. the recorded
/// spikes of a reservoir replayed into many candidates' output layers).
public struct LIFSpikeSchedule: Sendable, Equatable {
    /// Number of sources the schedule describes (source indices `0..<sourceCount`, relative).
    public let sourceCount: Int
    /// Events as `step << 32 | source`, sorted ascending (several spikes of one source in one
    /// step appear several times).
    public let events: [Int64]

    /// Files `trains[j]` (times in ms, any order) by step `round(t / dt)`, as `setSpikeTrain` does.
    public init(trains: [[Double]], dt: Double) {
        precondition(dt > 0 && dt.isFinite, "LIFSpikeSchedule: dt must be > 0, got \(dt)")
        var e: [Int64] = []
        e.reserveCapacity(trains.reduce(0) { $0 + $1.count })
        for (j, times) in trains.enumerated() {
            for t in times { e.append(Self.key(step: Int((t / dt).rounded()), source: j)) }
        }
        e.sort()
        sourceCount = trains.count
        events = e
    }

    /// From events already given as steps: `steps[q]` is the step of a spike of source
    /// `sources[q]` (any order; e.g. a recording's `spikeSteps` and `senders`).
    public init(sourceCount: Int, steps: [Int32], sources: [Int32]) {
        precondition(steps.count == sources.count, "LIFSpikeSchedule: \(steps.count) steps, \(sources.count) sources")
        var e = [Int64](repeating: 0, count: steps.count)
        var sorted = true
        for q in steps.indices {
            precondition(sources[q] >= 0 && Int(sources[q]) < sourceCount, "LIFSpikeSchedule: source \(sources[q]) out of range")
            e[q] = Self.key(step: Int(steps[q]), source: Int(sources[q]))
            if q > 0 && e[q] < e[q - 1] { sorted = false }
        }
        if !sorted { e.sort() }
        self.sourceCount = sourceCount
        events = e
    }

    /// Number of spikes.
    public var count: Int { events.count }

    @inline(__always)
    static func key(step: Int, source: Int) -> Int64 {
        (Int64(step) << 32) | Int64(source)
    }

    @inline(__always)
    static func step(_ key: Int64) -> Int { Int(key >> 32) }

    @inline(__always)
    static func source(_ key: Int64) -> Int { Int(key & 0xFFFF_FFFF) }
}
