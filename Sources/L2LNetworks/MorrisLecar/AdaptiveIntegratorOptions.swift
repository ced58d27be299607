/// Error tolerances, step limits and divergence guards of `DormandPrince54`.
///
/// The defaults suit Morris–Lecar networks in ms and mV: relative tolerance 1e-6, absolute 1e-6,
/// a 2 ms step cap (spikes last tens of ms), at most 2,000,000 steps per integration.
public struct AdaptiveIntegratorOptions: Codable, Sendable, Equatable {
    /// Relative tolerance of the local error estimate.
    public var relativeTolerance: Double
    /// Absolute tolerance of the local error estimate.
    public var absoluteTolerance: Double
    /// First trial step, ms (0: chosen from the tolerances and the first derivative).
    public var initialStep: Double
    /// Largest step, ms.
    public var maximumStep: Double
    /// Smallest step before `IntegrationFailure.stepSizeUnderflow`, ms.
    public var minimumStep: Double
    /// Accepted plus rejected steps allowed in one `integrate` call before `.stepBudgetExhausted`.
    public var maximumSteps: Int
    /// Consecutive rejections allowed before `.tooManyRejectedSteps`.
    public var maximumConsecutiveRejections: Int
    /// PI controller: exponent β on the previous error (Hairer, Nørsett & Wanner, *Solving ODEs I*,
    /// §II.4, dopri5: β = 0.04; 0 gives the classical I controller).
    public var beta: Double
    /// Safety factor on the proposed step.
    public var safety: Double

    /// - Parameters: as the properties.
    public init(relativeTolerance: Double = 1e-6, absoluteTolerance: Double = 1e-6, initialStep: Double = 0,
                maximumStep: Double = 2, minimumStep: Double = 1e-10, maximumSteps: Int = 2_000_000,
                maximumConsecutiveRejections: Int = 50, beta: Double = 0.04, safety: Double = 0.9) {
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.initialStep = initialStep
        self.maximumStep = maximumStep
        self.minimumStep = minimumStep
        self.maximumSteps = maximumSteps
        self.maximumConsecutiveRejections = maximumConsecutiveRejections
        self.beta = beta
        self.safety = safety
    }
}
