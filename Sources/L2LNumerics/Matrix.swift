import CLAPACK

/// A dense, row-major matrix of `Double`, with products through BLAS (OpenBLAS).
///
/// ```swift
/// var a = Matrix(rows: 2, columns: 2)
/// a[0, 0] = 2; a[1, 1] = 3
/// let b = a * Matrix.identity(2)        // cblas_dgemm
/// let y = a * [1.0, 1.0]                // cblas_dgemv → [2, 3]
/// ```
///
/// Small and value-typed: it exists for the handful of linear-algebra steps the
/// optimizers and task families need (covariance factors, rotations), not as a
/// general array library. Element `(i, j)` is `elements[i * columns + j]`.
/// Shape mismatches are programming errors and trap with a message; failures of a
/// decomposition on valid shapes throw ``LinearAlgebraError``.
///
/// Equality is exact, element by element (NaN ≠ NaN), as for `[Double]`.
public struct Matrix: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Row-major storage, `rows * columns` values.
    public private(set) var elements: [Double]

    /// A `rows × columns` matrix filled with `value` (zero by default).
    /// - Precondition: `rows >= 0`, `columns >= 0`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        elements = Array(repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix over the given row-major elements.
    /// - Precondition: `elements.count == rows * columns`.
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
        precondition(
            elements.count == rows * columns,
            "Matrix: \(elements.count) elements cannot fill \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from its rows, e.g. `Matrix([[1, 2], [3, 4]])`.
    /// - Precondition: all rows have the same length.
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(
            rowArrays.allSatisfy { $0.count == columns }, "Matrix: rows of unequal length")
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    /// The `dimension × dimension` identity.
    public static func identity(_ dimension: Int) -> Matrix {
        var m = Matrix(rows: dimension, columns: dimension)
        for i in 0..<dimension { m.elements[i * dimension + i] = 1 }
        return m
    }

    /// A square matrix with `values` on its diagonal.
    public static func diagonal(_ values: [Double]) -> Matrix {
        let n = values.count
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.elements[i * n + i] = values[i] }
        return m
    }

    /// Element at `(row, column)`.
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(
                row >= 0 && row < rows && column >= 0 && column < columns,
                "Matrix: index (\(row), \(column)) outside \(rows)×\(columns)")
            return elements[row * columns + column]
        }
        set {
            precondition(
                row >= 0 && row < rows && column >= 0 && column < columns,
                "Matrix: index (\(row), \(column)) outside \(rows)×\(columns)")
            elements[row * columns + column] = newValue
        }
    }

    /// `true` when the matrix has as many rows as columns.
    public var isSquare: Bool { rows == columns }

    /// Row `index` as an array.
    public func row(_ index: Int) -> [Double] {
        precondition(index >= 0 && index < rows, "Matrix: row \(index) outside 0..<\(rows)")
        return Array(elements[(index * columns)..<((index + 1) * columns)])
    }

    /// Column `index` as an array.
    public func column(_ index: Int) -> [Double] {
        precondition(index >= 0 && index < columns, "Matrix: column \(index) outside 0..<\(columns)")
        return (0..<rows).map { elements[$0 * columns + index] }
    }

    /// The rows as nested arrays.
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// The main diagonal (length `min(rows, columns)`).
    public var diagonal: [Double] {
        (0..<Swift.min(rows, columns)).map { elements[$0 * columns + $0] }
    }

    /// The transpose.
    /// - Complexity: O(rows × columns).
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { t.elements[j * rows + i] = elements[i * columns + j] }
        }
        return t
    }

    /// Calls `body` with mutable access to the row-major storage.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
    ) rethrows -> R {
        try elements.withUnsafeMutableBufferPointer(body)
    }

    private enum CodingKeys: String, CodingKey { case rows, columns, elements }

    /// Decodes `{rows, columns, elements}`, rejecting a shape the elements do not fill.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try c.decode(Int.self, forKey: .rows)
        let columns = try c.decode(Int.self, forKey: .columns)
        let elements = try c.decode([Double].self, forKey: .elements)
        guard rows >= 0, columns >= 0, elements.count == rows * columns else {
            throw DecodingError.dataCorruptedError(
                forKey: .elements, in: c,
                debugDescription: "\(elements.count) elements cannot fill \(rows)×\(columns)")
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    public var description: String {
        "Matrix(\(rows)×\(columns): \(rowArrays))"
    }
}

// MARK: - Arithmetic

extension Matrix {
    /// `α · op(self) · op(other)` with `op` an optional transpose (`cblas_dgemm`).
    ///
    /// - Parameters:
    ///   - other: right factor.
    ///   - transposingSelf: use `selfᵀ` instead of `self`.
    ///   - transposingOther: use `otherᵀ` instead of `other`.
    ///   - scale: the factor α (1 by default).
    /// - Precondition: inner dimensions agree.
    /// - Complexity: O(m n k).
    public func multiplied(
        by other: Matrix, transposingSelf: Bool = false, transposingOther: Bool = false,
        scale: Double = 1
    ) -> Matrix {
        let m = transposingSelf ? columns : rows
        let k = transposingSelf ? rows : columns
        let k2 = transposingOther ? other.columns : other.rows
        let n = transposingOther ? other.rows : other.columns
        precondition(k == k2, "Matrix product: inner dimensions \(k) and \(k2) differ")
        var result = Matrix(rows: m, columns: n)
        multiply(by: other, transposingSelf: transposingSelf, transposingOther: transposingOther, scale: scale,
                 into: &result)
        return result
    }

    /// `result = α · op(self) · op(other)` written into `result`'s storage, which is reused when it
    /// has the right shape and is uniquely referenced (no allocation, no zero fill); otherwise it is
    /// replaced by a new matrix. The same `cblas_dgemm` call as
    /// ``multiplied(by:transposingSelf:transposingOther:scale:)``, so the same bits.
    /// - Complexity: O(m n k).
    public func multiply(
        by other: Matrix, transposingSelf: Bool = false, transposingOther: Bool = false,
        scale: Double = 1, into result: inout Matrix
    ) {
        let m = transposingSelf ? columns : rows
        let k = transposingSelf ? rows : columns
        let k2 = transposingOther ? other.columns : other.rows
        let n = transposingOther ? other.rows : other.columns
        precondition(k == k2, "Matrix product: inner dimensions \(k) and \(k2) differ")
        if result.rows != m || result.columns != n { result = Matrix(rows: m, columns: n) }
        if m == 0 || n == 0 { return }
        if k == 0 {
            result = Matrix(rows: m, columns: n)
            return
        }
        elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                result.elements.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(
                        CblasRowMajor,
                        transposingSelf ? CblasTrans : CblasNoTrans,
                        transposingOther ? CblasTrans : CblasNoTrans,
                        blasint(m), blasint(n), blasint(k), scale,
                        a.baseAddress, blasint(Swift.max(columns, 1)),
                        b.baseAddress, blasint(Swift.max(other.columns, 1)),
                        0, c.baseAddress, blasint(Swift.max(n, 1)))
                }
            }
        }
    }

    /// `α · op(self) · x` (`cblas_dgemv`).
    /// - Precondition: `x.count` equals the number of columns of `op(self)`.
    /// - Complexity: O(rows × columns).
    public func multiplied(by x: [Double], transposingSelf: Bool = false, scale: Double = 1) -> [Double] {
        let inner = transposingSelf ? rows : columns
        let outer = transposingSelf ? columns : rows
        precondition(x.count == inner, "Matrix-vector product: \(x.count) entries for \(inner) columns")
        var y = [Double](repeating: 0, count: outer)
        if outer == 0 || inner == 0 { return y }
        elements.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    cblas_dgemv(
                        CblasRowMajor, transposingSelf ? CblasTrans : CblasNoTrans,
                        blasint(rows), blasint(columns), scale,
                        a.baseAddress, blasint(Swift.max(columns, 1)),
                        xp.baseAddress, 1, 0, yp.baseAddress, 1)
                }
            }
        }
        return y
    }

    /// Matrix product (`cblas_dgemm`).
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.multiplied(by: rhs) }

    /// Matrix-vector product (`cblas_dgemv`).
    public static func * (lhs: Matrix, rhs: [Double]) -> [Double] { lhs.multiplied(by: rhs) }

    /// Scalar multiple.
    public static func * (lhs: Double, rhs: Matrix) -> Matrix {
        Matrix(rows: rhs.rows, columns: rhs.columns, elements: rhs.elements.map { lhs * $0 })
    }

    /// Element-wise sum.
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "Matrix sum: shapes differ")
        return Matrix(rows: lhs.rows, columns: lhs.columns, elements: zip(lhs.elements, rhs.elements).map(+))
    }

    /// Element-wise difference.
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "Matrix difference: shapes differ")
        return Matrix(rows: lhs.rows, columns: lhs.columns, elements: zip(lhs.elements, rhs.elements).map(-))
    }

    /// Largest absolute element-wise difference, for tests and tolerances:
    /// ∞ for different shapes, NaN when any difference is NaN.
    public func maximumAbsoluteDifference(_ other: Matrix) -> Double {
        guard rows == other.rows && columns == other.columns else { return .infinity }
        var d = 0.0
        for (a, b) in zip(elements, other.elements) {
            let e = abs(a - b)
            if e.isNaN { return .nan }
            if e > d { d = e }
        }
        return d
    }
}
