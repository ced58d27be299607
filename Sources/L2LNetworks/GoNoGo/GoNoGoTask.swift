/// The two responses of a Go/No-Go trial.
public enum GoNoGoAction: String, Codable, Sendable, CaseIterable {
    /// Respond (lick, press).
    case go
    /// Withhold.
    case noGo
}

/// Outcomes and the cue–contingency of the Go/No-Go task with a reversal (models.md §6).
///
/// ```swift
/// let task = GoNoGoTask()
/// task.isGoCue(0, reversed: false)             // true: cue 0 is the Go cue before the reversal
/// task.reward(cue: 0, action: .go, reversed: true)   // −1: after the reversal cue 0 is No-Go
/// ```
///
/// Two cues; before the reversal cue 0 means Go and cue 1 No-Go, afterwards the mapping swaps
/// (a set-shift, Sales et al. 2019, *PLoS Comput. Biol.* 15:e1006267; the reversal Go/No-Go case
/// study of Mei, Rodriguez-Garcia, Takeuchi, Wainstein, Hubig, Mohsenzadeh & Ramaswamy 2025,
/// arXiv:2501.06762). Payoffs: hit +1, miss 0, false alarm −1, correct rejection 0 (the project's
/// working definition, models.md §6).
public struct GoNoGoTask: Codable, Sendable, Equatable {
    /// Reward of a hit (Go cue, go).
    public var hit: Double
    /// Reward of a miss (Go cue, withhold).
    public var miss: Double
    /// Reward of a false alarm (No-Go cue, go).
    public var falseAlarm: Double
    /// Reward of a correct rejection (No-Go cue, withhold).
    public var correctRejection: Double
    /// Probability that a trial shows cue 0.
    public var cueZeroProbability: Double

    /// - Parameters: as the properties (defaults +1, 0, −1, 0, ½).
    public init(hit: Double = 1, miss: Double = 0, falseAlarm: Double = -1, correctRejection: Double = 0,
                cueZeroProbability: Double = 0.5) {
        self.hit = hit
        self.miss = miss
        self.falseAlarm = falseAlarm
        self.correctRejection = correctRejection
        self.cueZeroProbability = cueZeroProbability
    }

    /// Number of cues (2).
    public static let cueCount = 2

    /// Whether `cue` calls for a response.
    public func isGoCue(_ cue: Int, reversed: Bool) -> Bool { (cue == 0) != reversed }

    /// The correct action for `cue`.
    public func correctAction(cue: Int, reversed: Bool) -> GoNoGoAction { isGoCue(cue, reversed: reversed) ? .go : .noGo }

    /// The payoff of `action` on `cue`.
    public func reward(cue: Int, action: GoNoGoAction, reversed: Bool) -> Double {
        switch (isGoCue(cue, reversed: reversed), action) {
        case (true, .go): return hit
        case (true, .noGo): return miss
        case (false, .go): return falseAlarm
        case (false, .noGo): return correctRejection
        }
    }
}
