import Foundation
import Testing
@testable import L2LNumerics

@Suite struct MatrixTests {
    static func randomMatrix(_ rows: Int, _ columns: Int, _ random: inout RandomStream) -> Matrix {
        Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { _ in random.nextGaussian() })
    }

    static func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for j in 0..<b.columns {
                var s = 0.0
                for k in 0..<a.columns { s += a[i, k] * b[k, j] }
                c[i, j] = s
            }
        }
        return c
    }

    @Test func storageIsRowMajor() {
        let m = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(m.rows == 2 && m.columns == 3)
        #expect(m[1, 0] == 4 && m[0, 2] == 3)
        #expect(m.elements == [1, 2, 3, 4, 5, 6])
        #expect(m.transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(m.row(1) == [4, 5, 6] && m.column(2) == [3, 6])
        #expect(Matrix.identity(3).diagonal == [1, 1, 1])
    }

    @Test(arguments: [(1, 1, 1), (3, 4, 5), (7, 2, 9), (16, 16, 16)])
    func dgemmMatchesNaiveProduct(shape: (Int, Int, Int)) {
        var r = RandomStream(seed: 11).derived(UInt64(shape.0), UInt64(shape.1), UInt64(shape.2))
        let a = Self.randomMatrix(shape.0, shape.1, &r)
        let b = Self.randomMatrix(shape.1, shape.2, &r)
        let expected = Self.naiveProduct(a, b)
        let error = (a * b).maximumAbsoluteDifference(expected)
        #expect(error < 1e-12, "max |dgemm − naive| = \(error)")
        let viaTransposes = a.transposed.multiplied(by: b.transposed, transposingSelf: true, transposingOther: true)
        #expect(viaTransposes.maximumAbsoluteDifference(expected) < 1e-12)
        let x = (0..<shape.1).map { _ in r.nextGaussian() }
        let y = a * x
        let yNaive = Self.naiveProduct(a, Matrix(rows: shape.1, columns: 1, elements: x)).elements
        #expect(zip(y, yNaive).allSatisfy { abs($0 - $1) < 1e-12 })
        let yT = a.multiplied(by: y, transposingSelf: true)
        let yTNaive = Self.naiveProduct(a.transposed, Matrix(rows: shape.0, columns: 1, elements: y)).elements
        #expect(zip(yT, yTNaive).allSatisfy { abs($0 - $1) < 1e-10 })
    }

    /// `multiply(by:into:)` gives `multiplied(by:)`'s bits, writes into the given storage when its
    /// shape fits and it is not shared (no new allocation), and replaces it otherwise.
    @Test func productIntoExistingStorageEqualsTheNewProduct() {
        var r = RandomStream(seed: 5)
        let a = Self.randomMatrix(9, 100, &r), b = Self.randomMatrix(100, 37, &r)
        let expected = a.multiplied(by: b)
        var out = Matrix(rows: 9, columns: 37, repeating: .nan)
        let before = out.withUnsafeMutableBufferPointer { $0.baseAddress }
        a.multiply(by: b, into: &out)
        #expect(out == expected)
        #expect(out.withUnsafeMutableBufferPointer { $0.baseAddress } == before, "storage reused")
        var wrongShape = Matrix(rows: 2, columns: 2)
        a.multiply(by: b, into: &wrongShape)
        #expect(wrongShape == expected)
        var shared = Matrix(rows: 9, columns: 37, repeating: 7)
        let keep = shared
        a.multiply(by: b, into: &shared)
        #expect(shared == expected && keep == Matrix(rows: 9, columns: 37, repeating: 7), "a shared copy is untouched")
        var empty = Matrix(rows: 3, columns: 4, repeating: 1)
        Matrix(rows: 3, columns: 0).multiply(by: Matrix(rows: 0, columns: 4), into: &empty)
        #expect(empty == Matrix(rows: 3, columns: 4))
    }

    @Test func choleskyReconstructsMatrix() throws {
        var r = RandomStream(seed: 3)
        let b = Self.randomMatrix(6, 6, &r)
        let a = b.multiplied(by: b, transposingOther: true) + Matrix.identity(6)   // SPD
        let l = try a.cholesky()
        for i in 0..<6 { for j in (i + 1)..<6 { #expect(l[i, j] == 0) } }
        #expect(l.diagonal.allSatisfy { $0 > 0 })
        let error = l.multiplied(by: l, transposingOther: true).maximumAbsoluteDifference(a)
        #expect(error < 1e-12, "max |L Lᵀ − A| = \(error)")
    }

    @Test func choleskyRejectsIndefiniteMatrix() {
        let a = Matrix([[1, 2], [2, 1]])   // eigenvalues 3, −1
        #expect(throws: LinearAlgebraError(routine: "dpotrf", info: 2, kind: .notPositiveDefinite)) {
            try a.cholesky()
        }
        #expect(throws: LinearAlgebraError.self) { try Matrix([[Double.nan, 0], [0, 1]]).cholesky() }
    }

    @Test func eigendecompositionOfKnownMatrix() throws {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, −1)/√2 and (1, 1)/√2.
        let (values, vectors) = try Matrix([[2, 1], [1, 2]]).symmetricEigendecomposition()
        #expect(abs(values[0] - 1) < 1e-14 && abs(values[1] - 3) < 1e-14)
        let s = 1 / 2.0.squareRoot()
        #expect(abs(abs(vectors[0, 0]) - s) < 1e-14 && abs(vectors[0, 0] + vectors[1, 0]) < 1e-14)
        #expect(abs(abs(vectors[0, 1]) - s) < 1e-14 && abs(vectors[0, 1] - vectors[1, 1]) < 1e-14)

        // A random symmetric matrix: V diag(λ) Vᵀ = A and VᵀV = I.
        var r = RandomStream(seed: 8)
        let b = Self.randomMatrix(5, 5, &r)
        let a = b + b.transposed
        let (w, v) = try a.symmetricEigendecomposition()
        #expect(zip(w, w.dropFirst()).allSatisfy { $0 <= $1 })
        #expect((v * Matrix.diagonal(w)).multiplied(by: v, transposingOther: true).maximumAbsoluteDifference(a) < 1e-12)
        #expect(v.multiplied(by: v, transposingSelf: true).maximumAbsoluteDifference(.identity(5)) < 1e-12)
    }

    @Test func qrReconstructsMatrix() throws {
        var r = RandomStream(seed: 5)
        let a = Self.randomMatrix(7, 4, &r)
        let (q, rr) = try a.qrDecomposition()
        #expect(q.rows == 7 && q.columns == 4 && rr.rows == 4 && rr.columns == 4)
        #expect((q * rr).maximumAbsoluteDifference(a) < 1e-12)
        #expect(q.multiplied(by: q, transposingSelf: true).maximumAbsoluteDifference(.identity(4)) < 1e-12)
        for i in 0..<4 { for j in 0..<i { #expect(rr[i, j] == 0) } }
    }

    @Test func positiveDefiniteSolve() throws {
        let a = Matrix([[4, 1], [1, 3]])
        let x = try a.positiveDefiniteSolution(for: [1.0, 2.0])
        // Exact solution (1/11, 7/11).
        #expect(abs(x[0] - 1.0 / 11) < 1e-14 && abs(x[1] - 7.0 / 11) < 1e-14)
        #expect(throws: LinearAlgebraError.self) { try Matrix([[0, 1], [1, 0]]).positiveDefiniteSolution(for: [1.0, 1.0]) }
    }

    @Test func determinant() throws {
        #expect(abs(try Matrix([[1, 2], [3, 4]]).determinant() + 2) < 1e-14)
        #expect(try Matrix([[1, 2], [2, 4]]).determinant() == 0)
        #expect(abs(try Matrix([[0, 1], [1, 0]]).determinant() + 1) < 1e-14)
    }

    @Test(arguments: [1, 2, 3, 10])
    func randomOrthogonalIsOrthogonal(dimension: Int) throws {
        var r = RandomStream(seed: 21).derived(UInt64(dimension))
        for draw in 0..<20 {
            let q = Matrix.randomOrthogonal(dimension: dimension, random: &r)
            let error = q.multiplied(by: q, transposingSelf: true).maximumAbsoluteDifference(.identity(dimension))
            #expect(error < 1e-12, "draw \(draw): max |QᵀQ − I| = \(error)")
            let det = try q.determinant()
            #expect(abs(abs(det) - 1) < 1e-12, "draw \(draw): det = \(det)")
        }
    }

    @Test func randomOrthogonalIsHaarDistributed() throws {
        // Under Haar measure every entry has mean 0 and variance 1/n, and det = ±1 equally often.
        let n = 4, draws = 4000
        var r = RandomStream(seed: 77)
        var sum = Matrix(rows: n, columns: n), sumSquares = Matrix(rows: n, columns: n)
        var positive = 0
        for _ in 0..<draws {
            let q = Matrix.randomOrthogonal(dimension: n, random: &r)
            sum = sum + q
            for i in 0..<n { for j in 0..<n { sumSquares[i, j] += q[i, j] * q[i, j] } }
            if try q.determinant() > 0 { positive += 1 }
        }
        // Standard error of an entry's mean: √(1/(n·draws)) ≈ 0.008.
        for i in 0..<n {
            for j in 0..<n {
                let mean = sum[i, j] / Double(draws)
                #expect(abs(mean) < 0.04, "E[Q[\(i),\(j)]] = \(mean)")
                #expect(abs(sumSquares[i, j] / Double(draws) - 1 / Double(n)) < 0.02)
            }
        }
        #expect(abs(Double(positive) / Double(draws) - 0.5) < 0.05, "P(det > 0) = \(Double(positive) / Double(draws))")
    }

    @Test func codableRoundTrip() throws {
        let m = Matrix([[1, 2.5], [-3, 4]])
        let data = try JSONEncoder().encode(m)
        #expect(try JSONDecoder().decode(Matrix.self, from: data) == m)
    }
}
