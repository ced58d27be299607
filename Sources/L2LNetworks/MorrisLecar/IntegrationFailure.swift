/// Why an ODE integration was abandoned: a failed evaluation, reported instead of a crash.
///
/// Networks of conductance-based neurons are stiff near spikes, and trained weights can drive
/// them into regimes an explicit adaptive method cannot follow (Hazelden et al. 2023,
/// arXiv:2311.10869, report that backpropagation through such networks diverges). Every case
/// carries the simulated time (ms) at which it happened.
public enum IntegrationFailure: Error, Equatable, Sendable, Codable, CustomStringConvertible {
    /// A NaN or infinity appeared in the state or in the error estimate.
    case nonFinite(time: Double)
    /// The step the error control asked for fell below the minimum step.
    case stepSizeUnderflow(time: Double, step: Double)
    /// More rejected steps in a row than allowed (the error cannot be brought under the tolerance).
    case tooManyRejectedSteps(time: Double, count: Int)
    /// The total step budget was spent before the end time (typically a very stiff system).
    case stepBudgetExhausted(time: Double, steps: Int)
    /// A state component left the physically sensible box (|V| beyond the bound, in mV).
    case stateOutOfBounds(time: Double, value: Double)

    /// The simulated time of the failure, ms.
    public var time: Double {
        switch self {
        case .nonFinite(let t), .stepSizeUnderflow(let t, _), .tooManyRejectedSteps(let t, _),
             .stepBudgetExhausted(let t, _), .stateOutOfBounds(let t, _):
            return t
        }
    }

    public var description: String {
        switch self {
        case .nonFinite(let t): return "non-finite state at t = \(t) ms"
        case .stepSizeUnderflow(let t, let h): return "step size underflow (h = \(h) ms) at t = \(t) ms"
        case .tooManyRejectedSteps(let t, let n): return "\(n) rejected steps in a row at t = \(t) ms"
        case .stepBudgetExhausted(let t, let n): return "step budget of \(n) exhausted at t = \(t) ms"
        case .stateOutOfBounds(let t, let v): return "state \(v) out of bounds at t = \(t) ms"
        }
    }
}
