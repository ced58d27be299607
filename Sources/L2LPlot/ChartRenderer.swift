/// Draws one chart into its panel of a raster: frame, grid, ticks, labels, series, legend.
struct ChartRenderer {
    let chart: Chart
    let originX: Int, originY: Int, width: Int, height: Int

    private let scale = 2
    private var textHeight: Int { BitmapFont.glyphHeight * scale }
    private var left: Int { originX + 16 + textHeight + 8 * BitmapFont.advance * scale }
    private var right: Int { originX + width - 20 }
    private var top: Int { originY + 16 + textHeight + 12 }
    private var bottom: Int { originY + height - (16 + 2 * textHeight + 14) }

    init(chart: Chart, originX: Int, originY: Int, width: Int, height: Int) {
        self.chart = chart
        self.originX = originX
        self.originY = originY
        self.width = width
        self.height = height
    }

    mutating func draw(into raster: inout Raster) {
        let titleWidth = BitmapFont.width(of: chart.title, scale: scale)
        BitmapFont.draw(
            chart.title, x: originX + max(4, (width - titleWidth) / 2), y: originY + 12, scale: scale, color: .black, into: &raster)
        let xLabelWidth = BitmapFont.width(of: chart.xLabel, scale: scale)
        BitmapFont.draw(
            chart.xLabel, x: (left + right - xLabelWidth) / 2, y: bottom + textHeight + 18, scale: scale, color: .black,
            into: &raster)
        let yLabelWidth = BitmapFont.width(of: chart.yLabel, scale: scale)
        BitmapFont.draw(
            chart.yLabel, x: originX + 10, y: (top + bottom + yLabelWidth) / 2, scale: scale, color: .black, vertical: true,
            into: &raster)

        guard let bounds = chart.dataBounds else {
            frame(into: &raster)
            let messageWidth = BitmapFont.width(of: chart.emptyMessage, scale: scale)
            BitmapFont.draw(
                chart.emptyMessage, x: (left + right - messageWidth) / 2, y: (top + bottom) / 2, scale: scale,
                color: .axis, into: &raster)
            return
        }
        let xTicks = fittingTicks(bounds.x), yTicks = AxisTicks(covering: bounds.y, target: 5)
        func px(_ x: Double) -> Double {
            Double(left) + (x - xTicks.range.lowerBound) / (xTicks.range.upperBound - xTicks.range.lowerBound) * Double(right - left)
        }
        func py(_ y: Double) -> Double {
            Double(bottom) - (y - yTicks.range.lowerBound) / (yTicks.range.upperBound - yTicks.range.lowerBound) * Double(bottom - top)
        }
        for tick in xTicks.values {
            let x = Int(px(tick).rounded())
            raster.fill(x: x, y: top, width: 1, height: bottom - top, color: .grid)
            raster.fill(x: x, y: bottom, width: 1, height: 6, color: .axis)
            let text = xTicks.label(tick)
            BitmapFont.draw(
                text, x: x - BitmapFont.width(of: text, scale: scale) / 2, y: bottom + 10, scale: scale, color: .axis,
                into: &raster)
        }
        for tick in yTicks.values {
            let y = Int(py(tick).rounded())
            raster.fill(x: left, y: y, width: right - left, height: 1, color: .grid)
            raster.fill(x: left - 6, y: y, width: 6, height: 1, color: .axis)
            let text = yTicks.label(tick)
            BitmapFont.draw(
                text, x: left - 10 - BitmapFont.width(of: text, scale: scale), y: y - textHeight / 2, scale: scale,
                color: .axis, into: &raster)
        }
        for series in chart.series {
            switch series.style {
            case .line(let lineWidth):
                var previous: (x: Double, y: Double)?
                for (x, y) in zip(series.x, series.y) {
                    guard x.isFinite, y.isFinite else {
                        previous = nil
                        continue
                    }
                    let point = (x: px(x), y: py(y))
                    raster.line(from: previous ?? point, to: point, color: series.color, width: lineWidth, alpha: series.alpha)
                    previous = point
                }
            case .points(let radius):
                for (x, y) in zip(series.x, series.y) where x.isFinite && y.isFinite {
                    raster.disc(center: (px(x), py(y)), radius: radius, color: series.color, alpha: series.alpha)
                }
            }
        }
        frame(into: &raster)
        let points = chart.series.flatMap { s in zip(s.x, s.y).map { (px($0.0), py($0.1)) } }
        legend(into: &raster, avoiding: points)
    }

    /// As many x ticks as fit side by side with their labels (at most six).
    private func fittingTicks(_ data: ClosedRange<Double>) -> AxisTicks {
        var target = 6
        while true {
            let ticks = AxisTicks(covering: data, target: target)
            let widest = ticks.values.map { BitmapFont.width(of: ticks.label($0), scale: scale) }.max() ?? 0
            if target <= 2 || ticks.values.count * (widest + 3 * BitmapFont.advance * scale) <= right - left { return ticks }
            target -= 1
        }
    }

    private func frame(into raster: inout Raster) {
        raster.fill(x: left, y: top, width: right - left + 1, height: 1, color: .axis)
        raster.fill(x: left, y: bottom, width: right - left + 1, height: 1, color: .axis)
        raster.fill(x: left, y: top, width: 1, height: bottom - top + 1, color: .axis)
        raster.fill(x: right, y: top, width: 1, height: bottom - top + 1, color: .axis)
    }

    /// Named series, listed in a box in whichever corner of the plot area hides fewest data points.
    private func legend(into raster: inout Raster, avoiding points: [(Double, Double)]) {
        let entries = chart.series.filter { !$0.name.isEmpty }
        guard !entries.isEmpty else { return }
        let swatch = 24, rowHeight = textHeight + 8
        let boxWidth = swatch + 18 + entries.map { BitmapFont.width(of: $0.name, scale: scale) }.max()!
        let boxHeight = entries.count * rowHeight + 8
        let corners = [(right - boxWidth - 8, top + 8), (left + 8, top + 8), (right - boxWidth - 8, bottom - boxHeight - 8),
                       (left + 8, bottom - boxHeight - 8)]
        let hidden = corners.map { corner in
            points.filter { $0.0 >= Double(corner.0) && $0.0 <= Double(corner.0 + boxWidth) && $0.1 >= Double(corner.1)
                && $0.1 <= Double(corner.1 + boxHeight) }.count
        }
        let (x0, y0) = corners[hidden.firstIndex(of: hidden.min()!)!]
        raster.fill(x: x0, y: y0, width: boxWidth, height: boxHeight, color: .white)
        for edge in [(x0, y0, boxWidth, 1), (x0, y0 + boxHeight, boxWidth, 1), (x0, y0, 1, boxHeight), (x0 + boxWidth, y0, 1, boxHeight + 1)] {
            raster.fill(x: edge.0, y: edge.1, width: edge.2, height: edge.3, color: .grid)
        }
        for (row, entry) in entries.enumerated() {
            let y = y0 + 6 + row * rowHeight
            let middle = Double(y + textHeight / 2)
            switch entry.style {
            case .line(let lineWidth):
                raster.line(
                    from: (Double(x0 + 6), middle), to: (Double(x0 + 6 + swatch), middle), color: entry.color,
                    width: max(2, lineWidth), alpha: max(entry.alpha, 0.6))
            case .points(let radius):
                raster.disc(center: (Double(x0 + 6 + swatch / 2), middle), radius: max(3, radius), color: entry.color)
            }
            BitmapFont.draw(entry.name, x: x0 + swatch + 12, y: y, scale: scale, color: .black, into: &raster)
        }
    }
}
