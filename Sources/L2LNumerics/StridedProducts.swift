import CLAPACK

/// Products and solves on raw, strided row-major memory, for kernels that keep their own layouts
/// (the simulators and classifiers of L2LNetworks work on column blocks of shared buffers).
///
/// With ``Matrix`` this is the only code that calls CBLAS/LAPACKE: other modules reach the
/// BLAS through L2LNumerics, so the choice of BLAS (and of its kernels, ``BLASInfo``) lives in one place.
public enum StridedProducts {
    /// Whether an operand is read as stored or transposed.
    public enum Operand: Sendable {
        case asStored
        case transposed

        var cblas: CBLAS_TRANSPOSE { self == .asStored ? CblasNoTrans : CblasTrans }
    }

    /// `C ← α · op(A) · op(B) + β · C` on row-major memory (`cblas_dgemm`): `op(A)` is `m × k`,
    /// `op(B)` is `k × n`, `C` is `m × n`, with leading dimensions `lda`, `ldb`, `ldc` (elements
    /// between rows as stored).
    /// - Complexity: O(m n k).
    public static func multiply(
        _ a: UnsafePointer<Double>, _ opA: Operand = .asStored, lda: Int,
        _ b: UnsafePointer<Double>, _ opB: Operand = .asStored, ldb: Int,
        into c: UnsafeMutablePointer<Double>, ldc: Int,
        m: Int, n: Int, k: Int, alpha: Double = 1, beta: Double = 0
    ) {
        if m == 0 || n == 0 { return }
        cblas_dgemm(
            CblasRowMajor, opA.cblas, opB.cblas, blasint(m), blasint(n), blasint(k), alpha,
            a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// ``multiply(_:_:lda:_:_:ldb:into:ldc:m:n:k:alpha:beta:)`` in single precision (`cblas_sgemm`),
    /// for kernels that run in float (and for their limit).
    /// - Complexity: O(m n k).
    public static func multiply(
        _ a: UnsafePointer<Float>, _ opA: Operand = .asStored, lda: Int,
        _ b: UnsafePointer<Float>, _ opB: Operand = .asStored, ldb: Int,
        into c: UnsafeMutablePointer<Float>, ldc: Int,
        m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
    ) {
        if m == 0 || n == 0 { return }
        cblas_sgemm(
            CblasRowMajor, opA.cblas, opB.cblas, blasint(m), blasint(n), blasint(k), alpha,
            a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// Solves `A · X = B` in place for a general square `A` (`n × n`, row-major, overwritten by
    /// its LU factors) and `B` (`n × k`, row-major, overwritten by `X`): `LAPACKE_dgesv`, LU with
    /// partial pivoting.
    /// - Throws: `.singular` when `U` has an exact zero on its diagonal, `.illegalArgument`
    ///   for NaN entries.
    /// - Complexity: O(2n³/3 + 2n² k).
    public static func solveGeneral(
        _ a: UnsafeMutablePointer<Double>, n: Int, _ b: UnsafeMutablePointer<Double>, rightHandSides k: Int
    ) throws(LinearAlgebraError) {
        if n == 0 || k == 0 { return }
        var pivots = [LapackInt](repeating: 0, count: n)
        let info = pivots.withUnsafeMutableBufferPointer { ip in
            LAPACKE_dgesv(LAPACK_ROW_MAJOR, LapackInt(n), LapackInt(k), a, LapackInt(n), ip.baseAddress, b, LapackInt(k))
        }
        try LinearAlgebraError.check(info, routine: "dgesv", positive: .singular)
    }
}
