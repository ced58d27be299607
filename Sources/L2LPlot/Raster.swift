/// An sRGB colour with 8 bits per channel.
public struct Color: Sendable, Equatable {
    public var red: UInt8, green: UInt8, blue: UInt8

    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `0xRRGGBB`.
    public init(hex: UInt32) {
        self.init(UInt8(hex >> 16 & 0xFF), UInt8(hex >> 8 & 0xFF), UInt8(hex & 0xFF))
    }

    public static let white = Color(255, 255, 255)
    public static let black = Color(0, 0, 0)
    public static let grid = Color(225, 225, 225)
    public static let axis = Color(60, 60, 60)

    /// matplotlib's "tab10" cycle, so figures look like the notebooks' ones.
    public static let palette: [Color] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
    ].map { Color(hex: $0) }
}

/// An RGB image in memory that plots are drawn into, row by row from the top left.
public struct Raster: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major RGB bytes.
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int, background: Color = .white) {
        precondition(width > 0 && height > 0, "a raster needs a positive size")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        fill(x: 0, y: 0, width: width, height: height, color: background)
    }

    public func color(x: Int, y: Int) -> Color {
        let i = (y * width + x) * 3
        return Color(pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// Mixes `color` into the pixel with weight `alpha` (0 leaves it, 1 replaces it);
    /// pixels outside the raster are ignored.
    public mutating func blend(x: Int, y: Int, color: Color, alpha: Double = 1) {
        guard x >= 0, y >= 0, x < width, y < height, alpha > 0 else { return }
        let a = min(1, alpha)
        let i = (y * width + x) * 3
        func mix(_ old: UInt8, _ new: UInt8) -> UInt8 { UInt8((Double(old) * (1 - a) + Double(new) * a).rounded()) }
        pixels[i] = mix(pixels[i], color.red)
        pixels[i + 1] = mix(pixels[i + 1], color.green)
        pixels[i + 2] = mix(pixels[i + 2], color.blue)
    }

    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, color: Color) {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) { blend(x: column, y: row, color: color) }
        }
    }

    /// An anti-aliased segment of the given width: each pixel is covered by how far its
    /// centre lies inside the stroke, so lines at any angle look equally thick.
    public mutating func line(
        from start: (x: Double, y: Double), to end: (x: Double, y: Double), color: Color,
        width lineWidth: Double = 1.5, alpha: Double = 1
    ) {
        guard start.x.isFinite, start.y.isFinite, end.x.isFinite, end.y.isFinite else { return }
        let half = lineWidth / 2
        let minX = Int((min(start.x, end.x) - half - 1).rounded(.down)), maxX = Int((max(start.x, end.x) + half + 1).rounded(.up))
        let minY = Int((min(start.y, end.y) - half - 1).rounded(.down)), maxY = Int((max(start.y, end.y) + half + 1).rounded(.up))
        let dx = end.x - start.x, dy = end.y - start.y
        let lengthSquared = dx * dx + dy * dy
        let (firstRow, endRow) = (max(0, minY), min(height, maxY + 1))
        let (firstColumn, endColumn) = (max(0, minX), min(width, maxX + 1))
        guard firstRow < endRow, firstColumn < endColumn else { return }
        for y in firstRow..<endRow {
            for x in firstColumn..<endColumn {
                let px = Double(x) + 0.5 - start.x, py = Double(y) + 0.5 - start.y
                let t = lengthSquared > 0 ? min(1, max(0, (px * dx + py * dy) / lengthSquared)) : 0
                let ex = px - t * dx, ey = py - t * dy
                let coverage = min(1, max(0, half + 0.5 - (ex * ex + ey * ey).squareRoot()))
                if coverage > 0 { blend(x: x, y: y, color: color, alpha: coverage * alpha) }
            }
        }
    }

    /// A filled, anti-aliased disc (a scatter marker).
    public mutating func disc(center: (x: Double, y: Double), radius: Double, color: Color, alpha: Double = 1) {
        line(from: center, to: center, color: color, width: 2 * radius, alpha: alpha)
    }
}
