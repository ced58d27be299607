import CZlib
import Testing
@testable import L2LPlot

/// The PNG bytes follow the specification: signature, chunk CRCs, and image data that
/// inflates back to the raster's rows.
@Suite struct PNGEncoderTests {
    static func bigEndian(_ bytes: [UInt8], at offset: Int) -> Int {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
    }

    /// (type, data) of every chunk, after checking each one's CRC.
    static func chunks(_ png: [UInt8]) -> [(String, [UInt8])] {
        var result: [(String, [UInt8])] = []
        var offset = 8
        while offset < png.count {
            let length = bigEndian(png, at: offset)
            let typeAndData = Array(png[(offset + 4)..<(offset + 8 + length)])
            let crc = typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
            #expect(Int(crc) == bigEndian(png, at: offset + 8 + length), "bad CRC in a chunk")
            result.append((String(decoding: typeAndData.prefix(4), as: UTF8.self), Array(typeAndData.dropFirst(4))))
            offset += 12 + length
        }
        return result
    }

    @Test func imageDataInflatesToTheRasterRows() throws {
        var raster = Raster(width: 7, height: 3)
        raster.blend(x: 2, y: 1, color: Color(10, 20, 30))
        raster.blend(x: 6, y: 2, color: .black)
        let png = try PNGEncoder.encode(raster)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let parts = Self.chunks(png)
        #expect(parts.map(\.0) == ["IHDR", "IDAT", "IEND"])
        let header = parts[0].1
        #expect(Self.bigEndian(header, at: 0) == 7 && Self.bigEndian(header, at: 4) == 3)
        #expect(Array(header.suffix(5)) == [8, 2, 0, 0, 0])

        var inflated = [UInt8](repeating: 0, count: 3 * (7 * 3 + 1))
        var length = uLongf(inflated.count)
        let compressed = parts[1].1
        let status = uncompress(&inflated, &length, compressed, uLong(compressed.count))
        #expect(status == Z_OK && Int(length) == inflated.count)
        for y in 0..<3 {
            #expect(inflated[y * 22] == 0, "filter type None")
            #expect(Array(inflated[(y * 22 + 1)..<(y * 22 + 22)]) == Array(raster.pixels[(y * 21)..<(y * 21 + 21)]))
        }
        #expect(Array(inflated[(22 + 1 + 6)..<(22 + 1 + 9)]) == [10, 20, 30])
    }
}
