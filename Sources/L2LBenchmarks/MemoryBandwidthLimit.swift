/// The memory bandwidth one core reaches on a buffer of a given size, measured: a streaming
/// read-modify-write `x[i] = a·x[i] + b` (8 bytes read and 8 written per element), the best of
/// `repeats` passes. A buffer that fits a cache level gives that level's bandwidth, so a
/// benchmark measures at the size of its own working set (`bench lif`: the ring buffer).
public enum MemoryBandwidthLimit {
    /// GB/s (10⁹ bytes read plus written per second) over a buffer of `bytes` bytes.
    /// - Precondition: `bytes ≥ 64`.
    public static func measure(bytes: Int, repeats: Int = 5) -> Double {
        precondition(bytes >= 64, "MemoryBandwidthLimit: buffer of \(bytes) bytes")
        let count = bytes / 8
        let x = UnsafeMutablePointer<Double>.allocate(capacity: count)
        defer { x.deallocate() }
        x.initialize(repeating: 1, count: count)
        // Enough passes per timing for ≥ 64 MB of traffic, so the clock's resolution does not matter.
        let passes = max(1, (64 << 20) / (2 * bytes))
        let clock = ContinuousClock()
        var best = Double.infinity
        var checksum = 0.0
        for _ in 0..<max(1, repeats) {
            let start = clock.now
            for _ in 0..<passes {
                for i in 0..<count { x[i] = 0.5 * x[i] + 0.5 }
            }
            best = min(best, (clock.now - start).seconds)
            checksum += x[count - 1]
        }
        precondition(checksum.isFinite)
        return 16 * Double(count) * Double(passes) / best / 1e9
    }
}
