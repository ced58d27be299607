/// One panel of a figure: a title, labelled axes and the data series drawn on them.
public struct Chart: Sendable {
    /// A set of points drawn one way in one colour.
    public struct Series: Sendable {
        public enum Style: Sendable {
            /// Points joined in order; a non-finite value breaks the line.
            case line(width: Double)
            /// A marker at each point.
            case points(radius: Double)
        }

        /// The legend entry; an empty name has none (e.g. faint per-run curves).
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public var color: Color
        public var alpha: Double
        public var style: Style

        public init(name: String, x: [Double], y: [Double], color: Color, alpha: Double = 1, style: Style = .line(width: 2)) {
            precondition(x.count == y.count, "series \(name): \(x.count) x values for \(y.count) y values")
            self.name = name
            self.x = x
            self.y = y
            self.color = color
            self.alpha = alpha
            self.style = style
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Text drawn in the plot area when no series has a finite point.
    public var emptyMessage = "no finite values"

    public init(title: String, xLabel: String, yLabel: String, series: [Series] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// The smallest box holding every finite point, or nil when there is none.
    var dataBounds: (x: ClosedRange<Double>, y: ClosedRange<Double>)? {
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for s in series {
            for (x, y) in zip(s.x, s.y) where x.isFinite && y.isFinite {
                minX = min(minX, x)
                maxX = max(maxX, x)
                minY = min(minY, y)
                maxY = max(maxY, y)
            }
        }
        guard minX <= maxX else { return nil }
        return (minX...maxX, minY...maxY)
    }
}

/// Charts laid out in a grid and rendered into one image.
public struct Figure: Sendable {
    public var charts: [Chart]
    public var columns: Int
    public var panelWidth: Int
    public var panelHeight: Int

    public init(charts: [Chart], columns: Int = 1, panelWidth: Int = 720, panelHeight: Int = 460) {
        self.charts = charts
        self.columns = max(1, min(columns, max(1, charts.count)))
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
    }

    public func render() -> Raster {
        let rows = max(1, (charts.count + columns - 1) / columns)
        var raster = Raster(width: columns * panelWidth, height: rows * panelHeight)
        for (index, chart) in charts.enumerated() {
            var renderer = ChartRenderer(
                chart: chart, originX: index % columns * panelWidth, originY: index / columns * panelHeight,
                width: panelWidth, height: panelHeight)
            renderer.draw(into: &raster)
        }
        return raster
    }
}
