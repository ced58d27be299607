import L2LNetworks

/// Read-only data an experiment loads once and shares with every inner run's optimizee.
public final class OptimizeeResources: Sendable {
    /// Digit images by file and digit subset.
    public let digits: DigitDataCache
    /// Where relative data paths of the spec are looked up (see ``DataSearchPath``).
    public let dataSearchPath: DataSearchPath

    public init(dataSearchPath: DataSearchPath = .workingDirectory) {
        self.dataSearchPath = dataSearchPath
        digits = DigitDataCache(searchPath: dataSearchPath)
    }
}
