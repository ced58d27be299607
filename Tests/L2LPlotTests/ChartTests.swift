import Testing
@testable import L2LPlot

@Suite struct ChartTests {
    @Test func ticksAreRoundAndCoverTheData() {
        let ticks = AxisTicks(covering: 0.13...0.97, target: 5)
        #expect(ticks.step == 0.2)
        #expect(ticks.range.lowerBound <= 0.13 && ticks.range.upperBound >= 0.97)
        #expect(ticks.values.map(ticks.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let large = AxisTicks(covering: -3e6...2e6)
        #expect(large.label(1e6) == "1.0e+06")
        let single = AxisTicks(covering: 5...5)
        #expect(single.range.lowerBound < 5 && single.range.upperBound > 5)
    }

    @Test func seriesAreDrawnInTheirColourInsideThePlotArea() {
        let red = Color(214, 39, 40)
        let chart = Chart(
            title: "t", xLabel: "x", yLabel: "y",
            series: [Chart.Series(name: "", x: [0, 1, 2, 3], y: [0, 1, 4, 9], color: red, style: .line(width: 3))])
        let raster = Figure(charts: [chart], panelWidth: 400, panelHeight: 300).render()
        var redPixels = 0
        for y in 0..<raster.height {
            for x in 0..<raster.width where raster.color(x: x, y: y) == red { redPixels += 1 }
        }
        #expect(redPixels > 200, "the curve is drawn")
        // The curve rises: its leftmost red pixel is lower on the image than its rightmost.
        let columns = (0..<raster.width).filter { x in (0..<raster.height).contains { raster.color(x: x, y: $0) == red } }
        let rowOf = { (x: Int) in (0..<raster.height).first { raster.color(x: x, y: $0) == red }! }
        #expect(rowOf(columns.first!) > rowOf(columns.last!) + 100)
    }

    @Test func aChartWithoutFiniteDataSaysSo() {
        let chart = Chart(
            title: "t", xLabel: "x", yLabel: "y",
            series: [Chart.Series(name: "s", x: [0, 1], y: [.nan, -.infinity], color: .black)])
        #expect(chart.dataBounds == nil)
        let raster = Figure(charts: [chart, chart], columns: 2, panelWidth: 300, panelHeight: 200).render()
        #expect(raster.width == 600 && raster.height == 200)
    }
}
