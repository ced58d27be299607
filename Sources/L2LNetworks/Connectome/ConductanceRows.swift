/// Per-member conductances of one kind of coupling (excitatory chemical, inhibitory chemical or
/// gap junction), stored as compressed rows by postsynaptic neuron: `out_i = Σ_entries G_ij x_j`
/// for every member, with the member innermost (`coefficient[entry·B + b]`).
///
/// Used by ``GradedPotentialSimulator`` (Kunert et al. 2014): each row is summed from zero in
/// entry order, for B = 1 in a register and for B > 1 over the B contiguous lanes, so the
/// rounding of every member is the same for any B.
final class ConductanceRows {
    /// One conductance before sorting: G[row, column] = base · w[weightIndex].
    struct Entry {
        var row: Int, column: Int, weightIndex: Int, base: Double
    }

    let rows: Int
    let batch: Int
    let count: Int
    let rowStart: UnsafeMutablePointer<Int>      // rows + 1
    let column: UnsafeMutablePointer<Int>        // column · B
    let weightIndex: [Int]
    let base: [Double]
    let coefficient: UnsafeMutablePointer<Double>

    init(_ entries: [Entry], rows: Int, batch: Int) {
        let sorted = entries.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        self.rows = rows
        self.batch = batch
        count = sorted.count
        rowStart = .allocate(capacity: rows + 1)
        rowStart.initialize(repeating: 0, count: rows + 1)
        for e in sorted { rowStart[e.row + 1] += 1 }
        for i in 0..<rows { rowStart[i + 1] += rowStart[i] }
        column = .allocate(capacity: max(1, count))
        for (k, e) in sorted.enumerated() { column[k] = e.column * batch }
        weightIndex = sorted.map(\.weightIndex)
        base = sorted.map(\.base)
        coefficient = .allocate(capacity: max(1, count * batch))
        coefficient.initialize(repeating: 0, count: max(1, count * batch))
    }

    deinit {
        rowStart.deallocate()
        column.deallocate()
        coefficient.deallocate()
    }

    /// Member `b`'s coefficients `base · w`.
    func setWeights(_ w: [Double], member b: Int) {
        for k in 0..<count { coefficient[k * batch + b] = base[k] * w[weightIndex[k]] }
    }

    /// `out[i·B + b] = Σ_entries of row i  coefficient · x[column·B + b]`.
    func product(_ x: UnsafeMutablePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let B = batch, rowStart = rowStart, column = column, coefficient = coefficient
        if B == 1 {
            for i in 0..<rows {
                var sum = 0.0
                for k in rowStart[i]..<rowStart[i + 1] { sum += coefficient[k] * x[column[k]] }
                out[i] = sum
            }
            return
        }
        // Members in blocks of 8 held in registers across a row's entries, then the remainder.
        let blocked = B - B % 8
        for i in 0..<rows {
            let o = out + i * B
            let first = rowStart[i], last = rowStart[i + 1]
            var m = 0
            while m < blocked {
                var acc = SIMD8<Double>(repeating: 0)
                for k in first..<last {
                    let c = UnsafeRawPointer(coefficient + k * B + m).loadUnaligned(as: SIMD8<Double>.self)
                    let xs = UnsafeRawPointer(x + column[k] + m).loadUnaligned(as: SIMD8<Double>.self)
                    acc = acc + c * xs
                }
                UnsafeMutableRawPointer(o + m).storeBytes(of: acc, as: SIMD8<Double>.self)
                m += 8
            }
            if blocked < B {
                for b in blocked..<B { o[b] = 0 }
                for k in first..<last {
                    let c = coefficient + k * B, xs = x + column[k]
                    for b in blocked..<B { o[b] += c[b] * xs[b] }
                }
            }
        }
    }
}
