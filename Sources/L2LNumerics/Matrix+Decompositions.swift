import CLAPACK

/// A LAPACK routine reported failure (its `info` return code is non-zero).
///
/// Shape errors are programming errors and trap instead; this error is for
/// inputs of the right shape that the routine cannot handle: a matrix that is
/// not positive definite, a NaN entry (LAPACKE's NaN check reports it as an
/// illegal argument), or an eigen solver that did not converge.
public struct LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, read from the sign and meaning of `info`.
    public enum Kind: String, Sendable, Equatable {
        /// `info < 0`: argument number `-info` was illegal (LAPACKE: includes NaN entries).
        case illegalArgument
        /// `info > 0` from `dpotrf`/`dposv`: the leading minor of order `info` is not positive.
        case notPositiveDefinite
        /// `info > 0` from `dsyevd`: the eigen solver failed to converge.
        case noConvergence
        /// `info > 0` from `dgetrf`: `U[info, info]` is exactly zero (only where a solve needs it).
        case singular
    }

    /// LAPACK routine that failed, e.g. `"dpotrf"`.
    public var routine: String
    /// The routine's `info` code.
    public var info: Int
    public var kind: Kind

    public init(routine: String, info: Int, kind: Kind) {
        self.routine = routine
        self.info = info
        self.kind = kind
    }

    /// Classifies a non-zero `info` of `routine`.
    static func check(_ info: LapackInt, routine: String, positive: Kind) throws(LinearAlgebraError) {
        if info == 0 { return }
        throw LinearAlgebraError(
            routine: routine, info: Int(info), kind: info < 0 ? .illegalArgument : positive)
    }

    public var description: String {
        switch kind {
        case .illegalArgument: "\(routine): argument \(-info) is illegal or contains NaN (info = \(info))"
        case .notPositiveDefinite: "\(routine): leading minor of order \(info) is not positive definite"
        case .noConvergence: "\(routine): failed to converge (info = \(info))"
        case .singular: "\(routine): matrix is singular (U[\(info), \(info)] = 0)"
        }
    }
}

/// LAPACKE's `lapack_int` (a macro Swift does not import): 32-bit with the LP64 OpenBLAS/LAPACKE of Debian.
typealias LapackInt = Int32

private let upperChar = CChar(UInt8(ascii: "U"))
private let lowerChar = CChar(UInt8(ascii: "L"))
private let vectorsChar = CChar(UInt8(ascii: "V"))

extension Matrix {
    /// The lower-triangular Cholesky factor `L` with `self = L Lᵀ` (`LAPACKE_dpotrf`).
    ///
    /// Only the lower triangle of `self` is read; the result's upper triangle is zero.
    /// - Precondition: square.
    /// - Throws: `.notPositiveDefinite` when `self` is not (numerically) positive definite.
    /// - Complexity: O(n³/3).
    public func cholesky() throws(LinearAlgebraError) -> Matrix {
        precondition(isSquare, "cholesky: matrix is \(rows)×\(columns), not square")
        let n = rows
        var a = self
        if n == 0 { return a }
        let info = a.withUnsafeMutableBufferPointer { p in
            LAPACKE_dpotrf(LAPACK_ROW_MAJOR, lowerChar, LapackInt(n), p.baseAddress, LapackInt(n))
        }
        try LinearAlgebraError.check(info, routine: "dpotrf", positive: .notPositiveDefinite)
        for i in 0..<n {
            for j in (i + 1)..<n { a[i, j] = 0 }
        }
        return a
    }

    /// Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix
    /// (`LAPACKE_dsyevd`, divide and conquer).
    ///
    /// Only the upper triangle of `self` is read. Column `j` of `vectors` belongs to `values[j]`,
    /// so `self = vectors · diag(values) · vectorsᵀ`.
    /// - Precondition: square.
    /// - Complexity: O(n³).
    public func symmetricEigendecomposition() throws(LinearAlgebraError) -> (values: [Double], vectors: Matrix) {
        precondition(isSquare, "symmetricEigendecomposition: matrix is \(rows)×\(columns), not square")
        let n = rows
        var a = self
        var w = [Double](repeating: 0, count: n)
        if n == 0 { return (w, a) }
        let info = a.withUnsafeMutableBufferPointer { p in
            w.withUnsafeMutableBufferPointer { wp in
                LAPACKE_dsyevd(
                    LAPACK_ROW_MAJOR, vectorsChar, upperChar, LapackInt(n), p.baseAddress, LapackInt(n),
                    wp.baseAddress)
            }
        }
        try LinearAlgebraError.check(info, routine: "dsyevd", positive: .noConvergence)
        return (w, a)
    }

    /// Thin QR factorization `self = Q R` of an `m × n` matrix with `m ≥ n`
    /// (`LAPACKE_dgeqrf` then `LAPACKE_dorgqr`).
    ///
    /// `Q` is `m × n` with orthonormal columns, `R` is `n × n` upper triangular; the
    /// signs of `R`'s diagonal are whatever Householder reflections give (not normalized).
    /// - Precondition: `rows >= columns`.
    /// - Complexity: O(m n²).
    public func qrDecomposition() throws(LinearAlgebraError) -> (q: Matrix, r: Matrix) {
        precondition(rows >= columns, "qrDecomposition: needs rows ≥ columns, got \(rows)×\(columns)")
        let m = rows, n = columns
        var a = self
        var tau = [Double](repeating: 0, count: n)
        if n == 0 { return (Matrix(rows: m, columns: 0), Matrix(rows: 0, columns: 0)) }
        let info = a.withUnsafeMutableBufferPointer { p in
            tau.withUnsafeMutableBufferPointer { t in
                LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, LapackInt(m), LapackInt(n), p.baseAddress, LapackInt(n), t.baseAddress)
            }
        }
        try LinearAlgebraError.check(info, routine: "dgeqrf", positive: .illegalArgument)
        var r = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in i..<n { r[i, j] = a[i, j] }
        }
        let info2 = a.withUnsafeMutableBufferPointer { p in
            tau.withUnsafeMutableBufferPointer { t in
                LAPACKE_dorgqr(
                    LAPACK_ROW_MAJOR, LapackInt(m), LapackInt(n), LapackInt(n), p.baseAddress, LapackInt(n),
                    t.baseAddress)
            }
        }
        try LinearAlgebraError.check(info2, routine: "dorgqr", positive: .illegalArgument)
        return (a, r)
    }

    /// The solution `X` of `self · X = B` for symmetric positive definite `self`
    /// (`LAPACKE_dposv`, Cholesky). Only the lower triangle of `self` is read.
    /// - Precondition: square, `b.rows == rows`.
    /// - Throws: `.notPositiveDefinite` when the factorization fails.
    /// - Complexity: O(n³/3 + n² k).
    public func positiveDefiniteSolution(for b: Matrix) throws(LinearAlgebraError) -> Matrix {
        precondition(isSquare, "positiveDefiniteSolution: matrix is \(rows)×\(columns), not square")
        precondition(b.rows == rows, "positiveDefiniteSolution: right-hand side has \(b.rows) rows, need \(rows)")
        let n = rows, k = b.columns
        var a = self
        var x = b
        if n == 0 || k == 0 { return x }
        let info = a.withUnsafeMutableBufferPointer { p in
            x.withUnsafeMutableBufferPointer { xp in
                LAPACKE_dposv(
                    LAPACK_ROW_MAJOR, lowerChar, LapackInt(n), LapackInt(k), p.baseAddress, LapackInt(n),
                    xp.baseAddress, LapackInt(k))
            }
        }
        try LinearAlgebraError.check(info, routine: "dposv", positive: .notPositiveDefinite)
        return x
    }

    /// The solution `x` of `self · x = b` for symmetric positive definite `self` (`LAPACKE_dposv`).
    public func positiveDefiniteSolution(for b: [Double]) throws(LinearAlgebraError) -> [Double] {
        try positiveDefiniteSolution(for: Matrix(rows: b.count, columns: 1, elements: b)).elements
    }

    /// The determinant, from an LU factorization with partial pivoting (`LAPACKE_dgetrf`).
    /// An exactly singular matrix gives 0.
    /// - Precondition: square.
    /// - Complexity: O(n³).
    public func determinant() throws(LinearAlgebraError) -> Double {
        precondition(isSquare, "determinant: matrix is \(rows)×\(columns), not square")
        let n = rows
        if n == 0 { return 1 }
        var a = self
        var pivots = [LapackInt](repeating: 0, count: n)
        let info = a.withUnsafeMutableBufferPointer { p in
            pivots.withUnsafeMutableBufferPointer { ip in
                LAPACKE_dgetrf(LAPACK_ROW_MAJOR, LapackInt(n), LapackInt(n), p.baseAddress, LapackInt(n), ip.baseAddress)
            }
        }
        if info > 0 { return 0 }
        try LinearAlgebraError.check(info, routine: "dgetrf", positive: .singular)
        var det = 1.0
        for i in 0..<n {
            det *= a[i, i]
            if Int(pivots[i]) != i + 1 { det = -det }
        }
        return det
    }
}
