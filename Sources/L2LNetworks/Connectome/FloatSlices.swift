/// One member's product in single precision on SELL-8 slices with 16-bit columns, used by
/// ``ConductanceRows`` for `Float` at B = 1: the rows sorted by length (longest first, ties by row)
/// as in the SELL-4 copy, but cut into slices of 8, whose entries are stored column-major (entry k
/// of the 8 rows side by side) and padded to the slice's longest row with coefficient 0 on the
/// row's own last column. One loop per slice sums 8 rows in one 256-bit register
/// (`SIMD8<Float>`, so half the loop exits of SELL-4), and an entry's 8 columns come in four 32-bit
/// loads (two columns each, split by a shift and a zero-extension) instead of 8 index loads: about
/// 1.6 loads per padded entry instead of 2.25. (The first column of a word is its low half: a
/// little-endian layout, as on x86-64 and arm64, the targets the README names.)
///
/// Each lane still sums its row from zero in entry order (a padding entry adds 0·x = ±0 to a sum
/// that is never −0), so the sums are the CSR sums bit for bit, as in the SELL-4 form. Rows
/// without entries are set to 0. Not built (nil) when a column is 65,536 or more; the SELL-4 form
/// runs then.
final class FloatSlices {
    /// Rows per slice.
    static let width = 8
    let rows: Int
    let slices: Int
    /// Slices whose 8 lanes are all rows (all but possibly the last).
    let fullSlices: Int
    /// Per slice the end of its padded positions (a multiple of 8).
    let sliceEnd: UnsafeMutablePointer<Int>
    /// The row of each slice lane, `rows` past the last row.
    let sliceRow: UnsafeMutablePointer<Int>
    let column: UnsafeMutablePointer<UInt16>
    let coefficient: UnsafeMutablePointer<Float>
    /// Per padded position the CSR entry it holds, −1 for padding.
    let entry: [Int]
    /// Whether some row has no entries (then the product first sets every output to 0).
    let hasEmptyRows: Bool

    /// The SELL-8 copy of a matrix whose rows are `rows`; nil when a column does not fit 16 bits.
    init?(_ layout: SlicedLayout, rows: Int) {
        precondition(layout.width == Self.width, "FloatSlices: a layout of \(layout.width)-row slices")
        guard layout.column.allSatisfy({ $0 >= 0 && $0 <= Int(UInt16.max) }) else { return nil }
        let w = Self.width, padded = layout.column.count
        self.rows = rows
        hasEmptyRows = !layout.emptyRows.isEmpty
        slices = layout.slices
        fullSlices = layout.order.count / w
        sliceEnd = .allocate(capacity: max(1, slices))
        for slice in 0..<slices { sliceEnd[slice] = layout.sliceStart[slice] + w * layout.sliceLength[slice] }
        sliceRow = .allocate(capacity: max(w, slices * w))
        for (r, row) in layout.sliceRow.enumerated() { sliceRow[r] = row }
        column = .allocate(capacity: max(w, padded))
        column.initialize(repeating: 0, count: max(w, padded))
        for (p, c) in layout.column.enumerated() { column[p] = UInt16(c) }
        coefficient = .allocate(capacity: max(w, padded))
        coefficient.initialize(repeating: 0, count: max(w, padded))
        entry = layout.entry
    }

    deinit {
        sliceEnd.deallocate()
        sliceRow.deallocate()
        column.deallocate()
        coefficient.deallocate()
    }

    /// Copies the CSR coefficients (`csr(entry)`) into the padded positions.
    func setCoefficients(_ csr: (Int) -> Float) {
        for (p, k) in entry.enumerated() { coefficient[p] = k < 0 ? 0 : csr(k) }
    }

    /// `out[i] = Σ_entries of row i  coefficient · x[column]`.
    func product(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let rows = rows, sliceEnd = sliceEnd, sliceRow = sliceRow, column = column, coefficient = coefficient
        // One vector fill instead of a scattered store per empty row (218 of 279 inhibitory rows).
        if hasEmptyRows { out.update(repeating: 0, count: rows) }
        @inline(__always) func at(_ word: UInt32, _ shift: UInt32) -> Float {
            x[Int(truncatingIfNeeded: UInt16(truncatingIfNeeded: word &>> shift))]
        }
        var p = 0
        for slice in 0..<slices {
            var acc = SIMD8<Float>()
            let end = sliceEnd[slice]
            repeat {
                let words = UnsafeRawPointer(column + p)
                let w0 = words.loadUnaligned(as: UInt32.self), w1 = words.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
                let w2 = words.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
                let w3 = words.loadUnaligned(fromByteOffset: 12, as: UInt32.self)
                let xs = SIMD8<Float>(at(w0, 0), at(w0, 16), at(w1, 0), at(w1, 16),
                                      at(w2, 0), at(w2, 16), at(w3, 0), at(w3, 16))
                let c = UnsafeRawPointer(coefficient + p).loadUnaligned(as: SIMD8<Float>.self)
                acc = acc + c * xs
                p &+= 8
            } while p < end
            let lanes = sliceRow + 8 * slice
            if slice < fullSlices {
                out[lanes[0]] = acc[0]; out[lanes[1]] = acc[1]; out[lanes[2]] = acc[2]; out[lanes[3]] = acc[3]
                out[lanes[4]] = acc[4]; out[lanes[5]] = acc[5]; out[lanes[6]] = acc[6]; out[lanes[7]] = acc[7]
            } else {
                for r in 0..<8 where lanes[r] < rows { out[lanes[r]] = acc[r] }
            }
        }
    }
}
