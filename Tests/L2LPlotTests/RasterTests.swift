import Testing
@testable import L2LPlot

@Suite struct RasterTests {
    @Test func lineCoversItsPixelsAndNothingFarAway() {
        var raster = Raster(width: 40, height: 20)
        raster.line(from: (5, 10.5), to: (35, 10.5), color: .black, width: 2)
        #expect(raster.color(x: 20, y: 10) == .black)
        #expect(raster.color(x: 20, y: 14) == .white)
        #expect(raster.color(x: 2, y: 10) == .white, "nothing before the segment's start")
        var diagonal = Raster(width: 20, height: 20)
        diagonal.line(from: (0, 0), to: (20, 20), color: .black, width: 2)
        #expect(diagonal.color(x: 10, y: 10) == .black && diagonal.color(x: 15, y: 3) == .white)
    }

    @Test func drawingOutsideTheRasterIsClipped() {
        var raster = Raster(width: 10, height: 10)
        raster.line(from: (-50, -50), to: (-10, -20), color: .black)
        raster.line(from: (5, 5), to: (500, 5), color: .black)
        raster.disc(center: (1e6, 1e6), radius: 3, color: .black)
        raster.line(from: (.nan, 1), to: (3, 3), color: .black)
        #expect(raster.color(x: 9, y: 5) != .white)
    }

    @Test func alphaBlendsTowardsTheColour() {
        var raster = Raster(width: 1, height: 1)
        raster.blend(x: 0, y: 0, color: .black, alpha: 0.5)
        #expect(raster.color(x: 0, y: 0) == Color(128, 128, 128))
    }

    @Test func textIsDrawnWithTheGlyphShapes() {
        var raster = Raster(width: 40, height: 20)
        BitmapFont.draw("1", x: 0, y: 0, scale: 1, color: .black, into: &raster)
        // '1' is a vertical stroke in its third column, rows 0–6, with a foot across row 6.
        #expect((0..<7).allSatisfy { raster.color(x: 2, y: $0) == .black })
        #expect(raster.color(x: 4, y: 0) == .white && raster.color(x: 1, y: 6) == .black)
        #expect(BitmapFont.width(of: "abc", scale: 2) == 34)
    }
}
