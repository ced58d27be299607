import CZlib

/// Encodes an RGB image as a PNG file (8 bits per channel, no interlacing), compressing
/// with zlib as the PNG specification requires.
public enum PNGEncoder {
    /// Why an image could not be encoded.
    public enum Failure: Error, CustomStringConvertible {
        case compression(status: Int32)

        public var description: String {
            switch self {
            case .compression(let status): "zlib compress2 failed with status \(status)"
            }
        }
    }

    /// The PNG file's bytes for `raster`.
    public static func encode(_ raster: Raster) throws(Failure) -> [UInt8] {
        // Each scanline is preceded by its filter type; 2 (Up) suits plots, whose rows
        // repeat, but 0 (None) keeps the encoder trivially checkable and zlib does well anyway.
        var scanlines = [UInt8]()
        scanlines.reserveCapacity(raster.height * (raster.width * 3 + 1))
        for y in 0..<raster.height {
            scanlines.append(0)
            let start = y * raster.width * 3
            scanlines.append(contentsOf: raster.pixels[start..<(start + raster.width * 3)])
        }
        var header = [UInt8]()
        append(UInt32(raster.width), to: &header)
        append(UInt32(raster.height), to: &header)
        header += [8, 2, 0, 0, 0]  // bit depth 8, colour type RGB, deflate, adaptive filters, no interlace

        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        appendChunk("IHDR", header, to: &bytes)
        appendChunk("IDAT", try compress(scanlines), to: &bytes)
        appendChunk("IEND", [], to: &bytes)
        return bytes
    }

    static func compress(_ data: [UInt8]) throws(Failure) -> [UInt8] {
        var capacity = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = output.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &capacity, input.baseAddress, uLong(data.count), 9)
            }
        }
        guard status == Z_OK else { throw .compression(status: status) }
        return Array(output.prefix(Int(capacity)))
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to bytes: inout [UInt8]) {
        append(UInt32(data.count), to: &bytes)
        let typeAndData = Array(type.utf8) + data
        bytes += typeAndData
        let crc = typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        append(UInt32(truncatingIfNeeded: crc), to: &bytes)
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
