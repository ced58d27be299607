import Foundation

/// One variable an optimizer searches over, and how it is encoded.
///
/// Optimizers work in a continuous *encoded* box. Each dimension maps the box
/// back to its natural value:
/// - `real`: encoded = natural, bounds `[lower, upper]`;
/// - `logScale`: encoded = ln(natural), bounds `[ln lower, ln upper]` (lower > 0);
/// - `integer`: encoded in `[lower - 0.5, upper + 0.5]`, decoded by rounding, so every
///   integer gets an equal share of the box;
/// - `categorical(count)`: encoded in `[0, count]`, decoded to the index `floor`, clamped.
public struct SearchDimension: Codable, Sendable, Hashable {
    /// The encoding of a dimension.
    public enum Kind: Codable, Sendable, Hashable {
        case real
        case logScale
        case integer
        case categorical(count: Int)
    }

    /// A label (for a spec dimension, its dotted path).
    public var name: String
    public var kind: Kind
    /// Natural lower bound (for `categorical`, 0).
    public var lower: Double
    /// Natural upper bound (for `categorical`, count − 1).
    public var upper: Double

    public init(name: String, kind: Kind, lower: Double, upper: Double) {
        precondition(lower <= upper, "SearchDimension \(name): lower \(lower) > upper \(upper)")
        if case .logScale = kind { precondition(lower > 0, "SearchDimension \(name): log scale needs lower > 0") }
        self.name = name
        self.kind = kind
        self.lower = lower
        self.upper = upper
    }

    /// A categorical dimension over `count` choices.
    public static func categorical(name: String, count: Int) -> SearchDimension {
        precondition(count > 0, "SearchDimension \(name): a choice needs at least one option")
        return SearchDimension(name: name, kind: .categorical(count: count), lower: 0, upper: Double(count - 1))
    }

    /// Lower end of the encoded interval.
    public var encodedLower: Double {
        switch kind {
        case .real: lower
        case .logScale: log(lower)
        case .integer: lower - 0.5
        case .categorical: 0
        }
    }

    /// Upper end of the encoded interval.
    public var encodedUpper: Double {
        switch kind {
        case .real: upper
        case .logScale: log(upper)
        case .integer: upper + 0.5
        case .categorical(let count): Double(count)
        }
    }

    /// Width of the encoded interval (what mutation and sampling scales refer to).
    public var encodedWidth: Double { encodedUpper - encodedLower }

    /// The natural value of an encoded coordinate (clamped into the bounds).
    public func decode(_ encoded: Double) -> Double {
        let e = min(max(encoded, encodedLower), encodedUpper)
        switch kind {
        case .real: return e
        case .logScale: return min(max(exp(e), lower), upper)
        case .integer: return min(max((e).rounded(), lower), upper)
        case .categorical(let count): return Double(min(max(Int(e.rounded(.down)), 0), count - 1))
        }
    }

    /// The encoded coordinate of a natural value (the centre of its cell for integer and categorical).
    public func encode(_ natural: Double) -> Double {
        switch kind {
        case .real: natural
        case .logScale: log(natural)
        case .integer: natural.rounded()
        case .categorical: natural.rounded(.down) + 0.5
        }
    }
}

/// The box an optimizer searches: one `SearchDimension` per coordinate.
public struct SearchSpace: Codable, Sendable, Hashable {
    public var dimensions: [SearchDimension]

    public init(_ dimensions: [SearchDimension]) { self.dimensions = dimensions }

    /// A real box `[lower, upper]^count`, as for a benchmark function.
    public static func box(count: Int, lower: Double, upper: Double, namePrefix: String = "x") -> SearchSpace {
        SearchSpace((0..<count).map { SearchDimension(name: "\(namePrefix)\($0)", kind: .real, lower: lower, upper: upper) })
    }

    /// Number of coordinates.
    public var count: Int { dimensions.count }
    /// Encoded lower bounds.
    public var lowerBounds: [Double] { dimensions.map(\.encodedLower) }
    /// Encoded upper bounds.
    public var upperBounds: [Double] { dimensions.map(\.encodedUpper) }
    /// Encoded widths.
    public var widths: [Double] { dimensions.map(\.encodedWidth) }
    /// Centre of the encoded box.
    public var center: [Double] { dimensions.map { ($0.encodedLower + $0.encodedUpper) / 2 } }

    /// Projects an encoded point onto the box (NaN coordinates go to the centre).
    public func clamp(_ x: [Double]) -> [Double] {
        precondition(x.count == count, "point has \(x.count) coordinates, space has \(count)")
        return zip(x, dimensions).map { v, d in
            v.isNaN ? (d.encodedLower + d.encodedUpper) / 2 : min(max(v, d.encodedLower), d.encodedUpper)
        }
    }

    /// Natural values of an encoded point.
    public func decode(_ x: [Double]) -> [Double] {
        precondition(x.count == count, "point has \(x.count) coordinates, space has \(count)")
        return zip(x, dimensions).map { $1.decode($0) }
    }

    /// Encoded coordinates of natural values.
    public func encode(_ values: [Double]) -> [Double] {
        precondition(values.count == count, "point has \(values.count) coordinates, space has \(count)")
        return zip(values, dimensions).map { $1.encode($0) }
    }
}
