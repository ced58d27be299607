import L2LNetworks

/// Read-only data an experiment loads once and shares with every inner run's optimizee.
public final class OptimizeeResources: Sendable {
    /// Digit images by file and digit subset.
    public let digits = DigitDataCache()

    public init() {}
}
