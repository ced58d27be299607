extension Matrix {
    /// A random orthogonal matrix distributed uniformly (Haar measure) over O(n).
    ///
    /// Draws a matrix of independent standard normals, factors it `Z = Q R`, and returns
    /// `Q · diag(sign(diag(R)))`. The sign correction makes the factorization unique and
    /// the result exactly Haar-distributed (Mezzadri 2007, "How to generate random
    /// matrices from the classical compact groups", *Notices AMS* 54:592,
    /// arXiv:math-ph/0609050). The determinant is +1 or −1 with equal probability.
    ///
    /// - Parameters:
    ///   - dimension: `n ≥ 0`.
    ///   - random: consumes `n²` Gaussian deviates, row by row.
    /// - Complexity: O(n³).
    public static func randomOrthogonal(dimension: Int, random: inout RandomStream) -> Matrix {
        precondition(dimension >= 0, "randomOrthogonal: negative dimension \(dimension)")
        let n = dimension
        var z = Matrix(rows: n, columns: n)
        z.withUnsafeMutableBufferPointer { p in
            for i in 0..<(n * n) { p[i] = random.nextGaussian() }
        }
        let factors: (q: Matrix, r: Matrix)
        do {
            factors = try z.qrDecomposition()
        } catch {
            // Finite Gaussian input cannot make dgeqrf/dorgqr fail; only a bug can.
            preconditionFailure("randomOrthogonal: QR of a Gaussian matrix failed: \(error)")
        }
        var q = factors.q
        for j in 0..<n where factors.r[j, j] < 0 {
            for i in 0..<n { q[i, j] = -q[i, j] }
        }
        return q
    }
}
