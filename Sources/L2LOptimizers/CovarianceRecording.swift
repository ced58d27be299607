/// Which parameter covariance an optimizer records per iteration (spec key `record.covariance`).
///
/// Shared by `EnsembleKalmanFilter` and `CMAES`:
/// - `full`: `covariance`, D×D. Refused at construction above `max_full_covariance` parameters
///   (8·D² bytes per iteration: 7.2 GB for D = 30,000).
/// - `diagonal`: `covariance_diagonal`, D (the variances).
/// - `lowRank` (`"low_rank"`): for the EnKF, `anomalies`, the D×J ensemble anomaly matrix
///   A = [u_1 − ū, …, u_J − ū] with C = A Aᵀ/(J − 1), from which any covariance entry can be
///   rebuilt (C_ik = Σ_j A_ij A_kj /(J − 1)). CMA-ES has no low-rank representation and records
///   the diagonal instead, as `covariance_diagonal`.
/// - `none`: nothing.
public enum CovarianceRecording: String, Codable, Sendable, CaseIterable {
    case full
    case diagonal
    case lowRank = "low_rank"
    case none

    /// Default largest dimension D for which `full` is accepted (8·D² bytes = 32 MB per record).
    public static let defaultMaxFullDimension = 2_000

    /// Throws `invalidConfiguration` naming `covariance` when `full` is asked for more than
    /// `maxFullDimension` parameters.
    func validate(dimension d: Int, maxFullDimension: Int, optimizer: String) throws(OptimizerError) {
        guard self == .full, d > maxFullDimension else { return }
        let gigabytes = 8 * Double(d) * Double(d) / 1e9
        let size = gigabytes >= 0.1 ? "\((gigabytes * 10).rounded() / 10) GB" : "\((gigabytes * 1e4).rounded() / 10) MB"
        throw .invalidConfiguration(
            optimizer: optimizer, key: "covariance", value: "full",
            expected: "full covariance of D = \(d) parameters needs \(size) per iteration; "
                + "use low_rank or raise max_full_covariance (now \(maxFullDimension))")
    }
}
