/// The SELL-w-σ arrangement of a compressed-row matrix (Kreutzer et al. 2014, SIAM J. Sci.
/// Comput. 36:C401): the non-empty rows sorted by length (longest first, ties by row) and cut into
/// slices of `width` rows; a slice's entries stored column-major (entry k of its rows side by
/// side), padded to its longest row with the row's own last column (a lane past the last row
/// gets column 0). Built once for ``ConductanceRows``' SELL-4 copy and for ``FloatSlices``
/// (SELL-8), which store their columns and coefficients at these positions.
struct SlicedLayout {
    /// Rows per slice.
    let width: Int
    /// Non-empty rows in slice order (each slice's lanes in turn).
    let order: [Int]
    /// Rows without entries.
    let emptyRows: [Int]
    /// First padded position of each slice, and its length (entries per lane).
    let sliceStart: [Int], sliceLength: [Int]
    /// The row of each slice lane, `rows` for a lane past the last row.
    let sliceRow: [Int]
    /// Per padded position: its column, and the CSR entry it holds (−1 for padding).
    let column: [Int], entry: [Int]

    var slices: Int { sliceStart.count }

    /// `columns[k]` is CSR entry k's column, rows in order with `lengths[i]` entries each.
    init(columns: [Int], lengths: [Int], width: Int) {
        let rows = lengths.count
        self.width = width
        let order = (0..<rows).filter { lengths[$0] > 0 }.sorted { (lengths[$0], -$0) > (lengths[$1], -$1) }
        self.order = order
        emptyRows = (0..<rows).filter { lengths[$0] == 0 }
        var firstEntry = [Int](repeating: 0, count: rows)
        var next = 0
        for i in 0..<rows { firstEntry[i] = next; next += lengths[i] }
        let filled = order.count, slices = (filled + width - 1) / width
        var sliceStart: [Int] = [], sliceLength: [Int] = [], sliceRow: [Int] = [], column: [Int] = [], entry: [Int] = []
        for slice in 0..<slices {
            let lane = (0..<width).map { width * slice + $0 < filled ? order[width * slice + $0] : rows }
            let length = lane.map { $0 < rows ? lengths[$0] : 0 }.max() ?? 0
            sliceStart.append(column.count)
            sliceLength.append(length)
            sliceRow += lane
            for k in 0..<length {
                for row in lane {
                    if row < rows && k < lengths[row] {
                        column.append(columns[firstEntry[row] + k])
                        entry.append(firstEntry[row] + k)
                    } else {   // padding: the row's own last column, or 0 past the last row (never stored)
                        column.append(row < rows ? columns[firstEntry[row] + lengths[row] - 1] : 0)
                        entry.append(-1)
                    }
                }
            }
        }
        self.sliceStart = sliceStart
        self.sliceLength = sliceLength
        self.sliceRow = sliceRow
        self.column = column
        self.entry = entry
    }
}
