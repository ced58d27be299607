/// Per-member conductances of one kind of coupling (excitatory chemical, inhibitory chemical or
/// gap junction), stored as compressed rows by postsynaptic neuron: `out_i = Σ_entries G_ij x_j`
/// for every member, with the member innermost (`coefficient[entry·B + b]`).
///
/// Used by ``GradedPotentialSimulator`` (Kunert et al. 2014): each row is summed from zero in
/// entry order, for B = 1 in SIMD lanes of a sliced ELLPACK copy and for B > 1 over the B
/// contiguous lanes, so the rounding of every member is the same for any B.
///
/// **One member (B = 1)** uses SELL-4-σ (Kreutzer et al. 2014, SIAM J. Sci. Comput.
/// 36:C401): rows sorted by length (longest first) and cut into slices of 4; a slice's entries are
/// stored column-major (entry k of its 4 rows side by side), padded to its longest row with
/// coefficient 0 on the row's own last column. One loop per slice accumulates 4 rows in one SIMD
/// register, so there is one data-dependent loop exit per 4 rows instead of per row (the CSR form
/// spent most of its time in mispredicted row-loop exits). A padding entry adds 0·x = ±0 to a
/// sum that is never −0, which leaves it unchanged: the sums equal the CSR sums bit for bit
/// (a non-finite x, which makes its rows non-finite either way, may turn an ∞ into a NaN there).
/// Empty rows are not in the slices; their output is set to 0. Chunks of 2 and 4 members use the
/// same slices with each row's members in one SIMD register (``slicedProduct(_:into:_:)``).
/// In single precision one member uses SELL-8 slices with 16-bit columns instead (``FloatSlices``:
/// 8 rows per 256-bit register, two columns per 32-bit load), with the same sums.
/// `Real` is the kernels' precision (``GradedScalar``); the coefficients are computed in double and
/// rounded once.
final class ConductanceRows<Real: GradedScalar> {
    typealias Entry = ConductanceEntry

    let rows: Int
    let batch: Int
    let count: Int
    let rowStart: UnsafeMutablePointer<Int>      // rows + 1
    let column: UnsafeMutablePointer<Int>        // column · B
    let weightIndex: [Int]
    let base: [Double]
    let coefficient: UnsafeMutablePointer<Real>
    /// SELL-4 copy for B = 1: slices, their first padded position and length, the row of each
    /// slice lane (`rows` for a lane past the last row), and per padded position its column and
    /// coefficient (and the CSR entry it holds, −1 for padding).
    let slices: Int
    let sliceStart: UnsafeMutablePointer<Int>
    let sliceLength: UnsafeMutablePointer<Int>
    let sliceRow: UnsafeMutablePointer<Int>
    let paddedColumn: UnsafeMutablePointer<Int32>
    /// `paddedColumn` as 16 bits (two per 32-bit load) when every column is below 65,536.
    let paddedColumn16: UnsafeMutablePointer<UInt16>?
    let paddedCoefficient: UnsafeMutablePointer<Real>   // [position · B + b] for B = 1 and ``slicedBatches``
    let paddedEntry: [Int]
    /// Rows without entries (output 0).
    let emptyRows: [Int]
    /// SELL-8 copy with 16-bit columns for B = 1 in single precision (``FloatSlices``).
    let floatSlices: FloatSlices?

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

        var lengths = [Int](repeating: 0, count: rows)
        for e in sorted { lengths[e.row] += 1 }
        let columns = sorted.map(\.column)
        // Single precision, one member: the SELL-8 copy with 16-bit columns (nil past 65,535 columns);
        // else SELL-4, which one member (and the sliced chunks of 2 and 4) use.
        floatSlices = Real.self == Float.self && batch == 1
            ? FloatSlices(SlicedLayout(columns: columns, lengths: lengths, width: FloatSlices.width), rows: rows)
            : nil
        let layout = SlicedLayout(columns: columns, lengths: lengths, width: 4)
        emptyRows = layout.emptyRows
        slices = layout.slices
        sliceStart = .allocate(capacity: max(1, slices))
        sliceLength = .allocate(capacity: max(1, slices))
        for slice in 0..<slices { sliceStart[slice] = layout.sliceStart[slice]; sliceLength[slice] = layout.sliceLength[slice] }
        sliceRow = .allocate(capacity: max(4, slices * 4))
        for (r, row) in layout.sliceRow.enumerated() { sliceRow[r] = row }
        let padded = layout.column.count
        paddedColumn = .allocate(capacity: max(1, padded))
        for (p, c) in layout.column.enumerated() { paddedColumn[p] = Int32(c) }
        let lanes = Self.slicedBatches.contains(batch) ? batch : 1
        paddedCoefficient = .allocate(capacity: max(1, padded * lanes))
        paddedCoefficient.initialize(repeating: 0, count: max(1, padded * lanes))
        // Only the one-member SELL-4 loop reads them (double precision, or float past 65,535 columns);
        // two 16-bit columns are read per 32-bit load, the first in the low half (little-endian).
        if batch == 1 && floatSlices == nil && layout.column.allSatisfy({ $0 <= Int(UInt16.max) }) {
            let col16 = UnsafeMutablePointer<UInt16>.allocate(capacity: max(4, padded))
            col16.initialize(repeating: 0, count: max(4, padded))
            for (p, c) in layout.column.enumerated() { col16[p] = UInt16(c) }
            paddedColumn16 = col16
        } else {
            paddedColumn16 = nil
        }
        paddedEntry = layout.entry
    }

    deinit {
        rowStart.deallocate()
        column.deallocate()
        coefficient.deallocate()
        sliceStart.deallocate()
        sliceLength.deallocate()
        sliceRow.deallocate()
        paddedColumn.deallocate()
        paddedColumn16?.deallocate()
        paddedCoefficient.deallocate()
    }

    /// Member `b`'s coefficients `base · w`.
    func setWeights(_ w: [Double], member b: Int) {
        for k in 0..<count { coefficient[k * batch + b] = Real(base[k] * w[weightIndex[k]]) }
        if floatSlices == nil && (batch == 1 || Self.slicedBatches.contains(batch)) {
            let B = batch
            for (p, k) in paddedEntry.enumerated() { paddedCoefficient[p * B + b] = k < 0 ? 0 : coefficient[k * B + b] }
        }
        floatSlices?.setCoefficients { Float(self.coefficient[$0]) }
    }

    /// `out[i·B + b] = Σ_entries of row i  coefficient · x[column·B + b]`.
    func product(_ x: UnsafeMutablePointer<Real>, into out: UnsafeMutablePointer<Real>) {
        if batch == 1 {
            if let floatSlices {
                // Real is Float here (``floatSlices`` is built only then): the memory is bound to Float.
                return floatSlices.product(UnsafeRawPointer(x).assumingMemoryBound(to: Float.self),
                                      into: UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self))
            }
            return oneMemberProduct(x, into: out)
        }
        if batch == 2 { return slicedProduct(x, into: out, SIMD2<Real>.self) }
        if batch == 4 { return slicedProduct(x, into: out, SIMD4<Real>.self) }
        typealias R = Real.Register
        let B = batch, rowStart = rowStart, column = column, coefficient = coefficient
        let width = R.scalarCount, bytes = width * MemoryLayout<Real>.stride
        // Members in blocks of one register held across a row's entries (both blocks of a
        // fused-width chunk in one pass over the row), then the remainder.
        let blocked = B - B % width
        for i in 0..<rows {
            let o = out + i * B
            let first = rowStart[i], last = rowStart[i + 1]
            var m = 0
            if blocked == 2 * width {
                var a0 = R(splat: 0), a1 = R(splat: 0)
                for k in first..<last {
                    let c = UnsafeRawPointer(coefficient + k * B), xs = UnsafeRawPointer(x + column[k])
                    a0 = a0.plus(c.loadUnaligned(as: R.self).times(xs.loadUnaligned(as: R.self)))
                    a1 = a1.plus(c.loadUnaligned(fromByteOffset: bytes, as: R.self)
                        .times(xs.loadUnaligned(fromByteOffset: bytes, as: R.self)))
                }
                UnsafeMutableRawPointer(o).storeBytes(of: a0, as: R.self)
                UnsafeMutableRawPointer(o + width).storeBytes(of: a1, as: R.self)
                m = 2 * width
            }
            while m < blocked {
                var acc = R(splat: 0)
                for k in first..<last {
                    let c = UnsafeRawPointer(coefficient + k * B + m).loadUnaligned(as: R.self)
                    let xs = UnsafeRawPointer(x + column[k] + m).loadUnaligned(as: R.self)
                    acc = acc.plus(c.times(xs))
                }
                UnsafeMutableRawPointer(o + m).storeBytes(of: acc, as: R.self)
                m += width
            }
            if blocked < B { remainder(row: first..<last, lanes: blocked, x, into: o) }
        }
    }

    /// Lanes `first..<B` of one row (the members past the last full register: a chunk of 1–7
    /// members in double, as the foraging study's layouts): 8 (single precision), 4, 2 and 1
    /// lanes at a time with the sums in registers. Each lane still sums the row's entries from
    /// zero in entry order.
    @inline(__always)
    private func remainder(row entries: Range<Int>, lanes first: Int, _ x: UnsafeMutablePointer<Real>,
                           into o: UnsafeMutablePointer<Real>) {
        let B = batch, column = column, coefficient = coefficient
        @inline(__always)
        func block<V: SIMD>(_ m: Int, _: V.Type) where V.Scalar == Real {
            var acc = V()
            for k in entries {
                let c = UnsafeRawPointer(coefficient + (k &* B &+ m)).loadUnaligned(as: V.self)
                let xs = UnsafeRawPointer(x + (column[k] &+ m)).loadUnaligned(as: V.self)
                acc = acc + c * xs
            }
            UnsafeMutableRawPointer(o + m).storeBytes(of: acc, as: V.self)
        }
        var m = first
        if B - m >= 8 { block(m, SIMD8<Real>.self); m += 8 }
        if B - m >= 4 { block(m, SIMD4<Real>.self); m += 4 }
        if B - m >= 2 { block(m, SIMD2<Real>.self); m += 2 }
        if m < B {
            var acc: Real = 0
            for k in entries { acc += coefficient[k &* B &+ m] * x[column[k] &+ m] }
            o[m] = acc
        }
    }

    /// B = 1: the SELL-4 slices, 4 rows per SIMD register (double precision, and single precision
    /// with 65,536 columns or more; otherwise ``FloatSlices``). The columns come two per 32-bit
    /// load when they fit in 16 bits (5–9 % more steps/s in double than one 32-bit load each).
    private func oneMemberProduct(_ x: UnsafeMutablePointer<Real>, into out: UnsafeMutablePointer<Real>) {
        let rows = rows, sliceStart = sliceStart, sliceLength = sliceLength, sliceRow = sliceRow
        let col = paddedColumn, coef = paddedCoefficient
        for i in emptyRows { out[i] = 0 }
        if let col16 = paddedColumn16 {
            @inline(__always) func at(_ word: UInt32, _ shift: UInt32) -> Real {
                x[Int(truncatingIfNeeded: UInt16(truncatingIfNeeded: word &>> shift))]
            }
            for slice in 0..<slices {
                var acc = SIMD4<Real>(repeating: 0)
                var p = sliceStart[slice]
                for _ in 0..<sliceLength[slice] {
                    let c = UnsafeRawPointer(coef + p).loadUnaligned(as: SIMD4<Real>.self)
                    let words = UnsafeRawPointer(col16 + p)
                    let w0 = words.loadUnaligned(as: UInt32.self), w1 = words.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
                    acc = acc + c * SIMD4<Real>(at(w0, 0), at(w0, 16), at(w1, 0), at(w1, 16))
                    p &+= 4
                }
                let lanes = sliceRow + 4 * slice
                for r in 0..<4 where lanes[r] < rows { out[lanes[r]] = acc[r] }
            }
            return
        }
        for slice in 0..<slices {
            var acc = SIMD4<Real>(repeating: 0)
            var p = sliceStart[slice]
            for _ in 0..<sliceLength[slice] {
                let c = UnsafeRawPointer(coef + p).loadUnaligned(as: SIMD4<Real>.self)
                let xs = SIMD4<Real>(x[Int(col[p])], x[Int(col[p + 1])], x[Int(col[p + 2])], x[Int(col[p + 3])])
                acc = acc + c * xs
                p += 4
            }
            let lanes = sliceRow + 4 * slice
            for r in 0..<4 where lanes[r] < rows { out[lanes[r]] = acc[r] }
        }
    }
}

/// One conductance before sorting: G[row, column] = base · w[weightIndex].
struct ConductanceEntry {
    var row: Int, column: Int, weightIndex: Int, base: Double
}
