import Foundation

/// Round tick positions for an axis and their labels (1, 2 or 5 times a power of ten apart).
public struct AxisTicks: Sendable, Equatable {
    public var range: ClosedRange<Double>
    public var values: [Double]
    public var step: Double

    /// Ticks covering `data`, about `target` of them; the returned range is widened to the
    /// outer ticks so the data never touches the frame. A single value gets a unit-wide range.
    public init(covering data: ClosedRange<Double>, target: Int = 5) {
        var low = data.lowerBound, high = data.upperBound
        if high - low <= max(abs(low), abs(high)) * 1e-12 {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let rough = (high - low) / Double(max(1, target))
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let fraction = rough / magnitude
        let step = (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * magnitude
        let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
        let values = stride(from: first, through: last + 0.5, by: 1).map { $0 * step }
        self.step = step
        self.values = values
        range = values.first!...values.last!
    }

    /// A short label: fixed notation with as many decimals as the step needs, or
    /// scientific notation for very large or small magnitudes.
    public func label(_ value: Double) -> String {
        let largest = max(abs(range.lowerBound), abs(range.upperBound))
        if largest >= 1e5 || largest < 1e-3 { return String(format: "%.1e", value) }
        let decimals = max(0, Int(-(log10(step)).rounded(.down)))
        let text = String(format: "%.\(decimals)f", abs(value) < step * 1e-9 ? 0 : value)
        return text
    }
}
