/// Chunks of 2 and 4 members (the foraging and chemotaxis studies' layouts) on the SELL-4 slices
/// of the single-member form: a slice's 4 rows are summed side by side, each row's B members in one
/// SIMD register, so one loop runs per 4 rows (its exit predicted once per slice, four independent
/// sums in flight) instead of one short loop per row, whose exit mispredictions and single
/// dependency chain bound the plain row loop. No gathers: a row-lane's B members of a column are
/// contiguous (`x[column·B + b]`). The padding is the single form's (coefficient 0 on the row's
/// own last column), so each lane's sum equals the row sum from zero in entry order, bit for bit.
extension ConductanceRows {
    /// Chunk sizes that take ``slicedProduct(_:into:_:)``.
    static var slicedBatches: Set<Int> { [2, 4] }

    /// `out[i·B + b] = Σ_entries of row i  coefficient · x[column·B + b]` with B = `V.scalarCount`.
    @inline(__always)
    func slicedProduct<V: SIMD>(_ x: UnsafeMutablePointer<Real>, into out: UnsafeMutablePointer<Real>,
                                _: V.Type) where V.Scalar == Real {
        let B = V.scalarCount, bytes = B * MemoryLayout<Real>.stride
        precondition(B == batch, "ConductanceRows: sliced product of \(B) lanes for a chunk of \(batch)")
        let rows = rows, sliceStart = sliceStart, sliceLength = sliceLength, sliceRow = sliceRow
        let col = paddedColumn, coef = paddedCoefficient
        for i in emptyRows { for b in 0..<B { out[i * B + b] = 0 } }
        @inline(__always) func load(_ column: Int32) -> V {
            UnsafeRawPointer(x + Int(column) &* B).loadUnaligned(as: V.self)
        }
        for slice in 0..<slices {
            var a0 = V(), a1 = V(), a2 = V(), a3 = V()
            var p = sliceStart[slice]
            for _ in 0..<sliceLength[slice] {
                let c = UnsafeRawPointer(coef + p &* B)
                a0 = a0 + c.loadUnaligned(as: V.self) * load(col[p])
                a1 = a1 + c.loadUnaligned(fromByteOffset: bytes, as: V.self) * load(col[p &+ 1])
                a2 = a2 + c.loadUnaligned(fromByteOffset: 2 * bytes, as: V.self) * load(col[p &+ 2])
                a3 = a3 + c.loadUnaligned(fromByteOffset: 3 * bytes, as: V.self) * load(col[p &+ 3])
                p &+= 4
            }
            let lanes = sliceRow + 4 * slice
            @inline(__always) func store(_ sum: V, _ r: Int) {
                if lanes[r] < rows { UnsafeMutableRawPointer(out + lanes[r] &* B).storeBytes(of: sum, as: V.self) }
            }
            store(a0, 0)
            store(a1, 1)
            store(a2, 2)
            store(a3, 3)
        }
    }
}
