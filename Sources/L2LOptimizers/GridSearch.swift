import L2LNumerics

/// Grid search over the search space: `points` evenly spaced values of each real entry (geometric
/// for log-scale ones), at most `points` evenly spaced integers of an integer entry (all of them
/// when there are fewer), and every value of a choice. The grid's points are visited in row-major
/// order (the last entry varies fastest), `population` per iteration. Once every point has been
/// asked, it reports `.searchSpaceExhausted`; a last batch that the grid cannot fill is filled
/// from its start again, so every iteration has `population` candidates.
public struct GridSearch: Optimizer {
    public static let identifier = "grid"

    public struct Configuration: Codable, Sendable, Equatable {
        /// Values per real or integer entry, ≥ 2.
        public var points: Int
        /// Candidates per iteration, ≥ 1.
        public var population: Int

        public init(points: Int = 5, population: Int = 10) {
            self.points = points
            self.population = population
        }
    }

    public struct State: Codable, Sendable, Equatable {
        /// Grid points asked so far.
        public var asked = 0
        public var bookkeeping = AskTellBookkeeping()
    }

    /// The largest grid accepted.
    public static let maximumGridSize = 10_000_000

    public let configuration: Configuration
    public let space: SearchSpace
    public private(set) var state: State
    /// Encoded values of each entry.
    let axes: [[Double]]

    public init(configuration: Configuration, space: SearchSpace, initialPoint: [Double]?, random: RandomStream) throws(OptimizerError) {
        try self.init(configuration: configuration, space: space, state: State())
    }

    public init(configuration: Configuration, space: SearchSpace, state: State) throws(OptimizerError) {
        func fail(_ key: String, _ value: Any, _ expected: String) -> OptimizerError {
            .invalidConfiguration(optimizer: Self.identifier, key: key, value: "\(value)", expected: expected)
        }
        guard configuration.points >= 2 else { throw fail("points", configuration.points, "an integer ≥ 2") }
        guard configuration.population >= 1 else { throw fail("population", configuration.population, "an integer ≥ 1") }
        guard space.count > 0 else { throw fail("space", "0 dimensions", "at least one dimension") }
        let axes = space.dimensions.map { Self.axis($0, points: configuration.points) }
        let size = axes.reduce(1.0) { $0 * Double($1.count) }
        guard size <= Double(Self.maximumGridSize) else {
            throw fail("points", configuration.points, "a grid of at most \(Self.maximumGridSize) points (this one has \(size))")
        }
        guard state.asked >= 0 else { throw .incompatibleState("grid: negative counter") }
        self.configuration = configuration
        self.space = space
        self.axes = axes
        self.state = state
    }

    /// The encoded values of one entry.
    static func axis(_ dimension: SearchDimension, points: Int) -> [Double] {
        switch dimension.kind {
        case .real:
            return (0..<points).map { dimension.lower + (dimension.upper - dimension.lower) * Double($0) / Double(points - 1) }
        case .logScale:
            let a = dimension.encodedLower, b = dimension.encodedUpper
            return (0..<points).map { a + (b - a) * Double($0) / Double(points - 1) }
        case .integer:
            let count = Int(dimension.upper - dimension.lower) + 1
            guard count > points else { return (0..<count).map { dimension.lower + Double($0) } }
            var values: [Double] = []
            for i in 0..<points {
                let value = (dimension.lower + (dimension.upper - dimension.lower) * Double(i) / Double(points - 1)).rounded()
                if values.last != value { values.append(value) }
            }
            return values
        case .categorical(let count):
            return (0..<count).map { Double($0) + 0.5 }
        }
    }

    /// Number of grid points.
    public var gridSize: Int { axes.reduce(1) { $0 * $1.count } }

    /// The grid point at `index` (row-major, the last entry fastest).
    func point(_ index: Int) -> [Double] {
        var rest = index % gridSize
        var point = [Double](repeating: 0, count: axes.count)
        for d in axes.indices.reversed() {
            point[d] = axes[d][rest % axes[d].count]
            rest /= axes[d].count
        }
        return point
    }

    public var iteration: Int { state.bookkeeping.iteration }
    public var incumbent: Incumbent? { state.bookkeeping.incumbent }
    public var stopReasons: [StopReason] { state.asked >= gridSize ? [.searchSpaceExhausted(points: gridSize)] : [] }

    public mutating func ask() throws(OptimizerError) -> [[Double]] {
        let batch = (0..<configuration.population).map { point(state.asked + $0) }
        try state.bookkeeping.asked(batch, by: Self.identifier)
        state.asked += configuration.population
        return batch
    }

    public mutating func tell(_ fitness: [Double]) throws(OptimizerError) {
        try state.bookkeeping.told(fitness, by: Self.identifier)
    }

    public func snapshot() -> [RecordedArray] {
        [.scalar("points_asked", Double(min(state.asked, gridSize)), description: "grid points asked so far", units: "points"),
         .scalar("grid_size", Double(gridSize), description: "grid points in all", units: "points")]
    }
}
