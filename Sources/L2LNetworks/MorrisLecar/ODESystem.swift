/// A system of ordinary differential equations dy/dt = f(t, y) for the integrators in this folder.
///
/// Conformers write the derivative into a caller-owned buffer, so an integration step allocates
/// nothing. `boundViolation` lets a model declare a physically sensible box (e.g. |V| ≤ 1,000 mV)
/// whose violation ends the integration with `IntegrationFailure.stateOutOfBounds`.
public protocol ODESystem {
    /// Number of state components.
    var dimension: Int { get }
    /// Writes f(t, y) into `derivative` (both of length `dimension`).
    func derivative(time: Double, state: UnsafeBufferPointer<Double>, into derivative: UnsafeMutableBufferPointer<Double>)
    /// The offending value if `state` is outside the model's sensible box, else nil.
    func boundViolation(_ state: UnsafeBufferPointer<Double>) -> Double?
}

extension ODESystem {
    /// No bounds by default.
    public func boundViolation(_ state: UnsafeBufferPointer<Double>) -> Double? { nil }
}
