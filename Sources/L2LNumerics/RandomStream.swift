import Foundation

/// A seeded, splittable pseudo-random stream (xoshiro256**, Blackman & Vigna 2018).
///
/// Every random decision in l2l draws from a `RandomStream` derived from the run's
/// coordinates — `(seed, generation, individual, task, repeat)` — never from the
/// order in which threads happen to be scheduled, so results are identical for
/// any `--jobs`.
///
/// ```swift
/// var rng = RandomStream(seed: 42).derived(StreamPurpose.inner, 3, 7)
/// let u = rng.nextUniform()      // in [0, 1)
/// let z = rng.nextGaussian()     // standard normal
/// ```
///
/// The state is four 64-bit words; it is `Codable` so an optimizer's state,
/// RNG included, can be saved and resumed bit for bit.
public struct RandomStream: RandomNumberGenerator, Codable, Sendable, Hashable {
    /// The generator's internal state (never all zero).
    public private(set) var words: [UInt64]
    /// The seed material this stream started from; `derived(_:)` hashes it, not the
    /// current position, so a child stream does not depend on how much was drawn.
    public let origin: UInt64

    /// Creates a stream from a seed, expanding it with SplitMix64.
    public init(seed: UInt64) {
        origin = seed
        var mixer = seed
        var state = (0..<4).map { _ in RandomStream.splitMix64(&mixer) }
        if state.allSatisfy({ $0 == 0 }) { state[0] = 0x9E37_79B9_7F4A_7C15 }
        words = state
    }

    /// Restores a stream from saved state words and its origin.
    /// - Precondition: four words, not all zero.
    public init(words: [UInt64], origin: UInt64) {
        precondition(words.count == 4 && words.contains { $0 != 0 }, "RandomStream needs four words, not all zero")
        self.words = words
        self.origin = origin
    }

    /// A child stream identified by `components`, independent of this stream's position.
    ///
    /// Derivation hashes the stream's `origin` with the components, so
    /// `derived(1, 2)` is the same whether called before or after drawing numbers.
    public func derived(_ components: UInt64...) -> RandomStream {
        derived(components)
    }

    /// A child stream identified by `components` (array form).
    public func derived(_ components: [UInt64]) -> RandomStream {
        var h = RandomStream.mix(origin ^ 0x243F_6A88_85A3_08D3)
        for c in components {
            h = RandomStream.mix(h ^ RandomStream.mix(c &+ 0x9E37_79B9_7F4A_7C15))
        }
        return RandomStream(seed: h)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = RandomStream.rotl(words[1] &* 5, 7) &* 9
        let t = words[1] << 17
        words[2] ^= words[0]
        words[3] ^= words[1]
        words[1] ^= words[2]
        words[0] ^= words[3]
        words[2] ^= t
        words[3] = RandomStream.rotl(words[3], 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [low, high).
    public mutating func nextUniform(in low: Double, _ high: Double) -> Double {
        low + (high - low) * nextUniform()
    }

    /// A standard normal deviate (Box–Muller; no cached spare, so the state stays four words).
    public mutating func nextGaussian() -> Double {
        var u1 = nextUniform()
        while u1 <= .leastNormalMagnitude { u1 = nextUniform() }
        let u2 = nextUniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A uniform integer in `0..<bound` without modulo bias.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound, got \(bound)")
        return Int(next(upperBound: UInt64(bound)))
    }

    /// A random permutation of `0..<count` (Fisher–Yates).
    public mutating func permutation(_ count: Int) -> [Int] {
        var p = Array(0..<count)
        if count < 2 { return p }
        for i in stride(from: count - 1, to: 0, by: -1) {
            p.swapAt(i, nextInt(below: i + 1))
        }
        return p
    }

    static func splitMix64(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        return mix(x)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
