import L2LOptimizees
/// The version of l2l written into every result file.
public enum L2LVersion {
    public static let current = "0.1.0"
}
