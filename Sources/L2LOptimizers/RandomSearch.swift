import L2LNumerics

/// Random search (Bergstra & Bengio 2012, "Random search for hyper-parameter optimization",
/// *JMLR* 13:281): every candidate is drawn independently and uniformly from the encoded box, so
/// a log-scale entry is searched log-uniformly and integer and choice entries uniformly over
/// their values. The everyday sweep of pypet and the Python L2L; mostly an outer optimizer.
public struct RandomSearch: Optimizer {
    public static let identifier = "random"

    public struct Configuration: Codable, Sendable, Equatable {
        /// Candidates per iteration, ≥ 1.
        public var population: Int

        public init(population: Int = 10) {
            self.population = population
        }
    }

    public struct State: Codable, Sendable, Equatable {
        public var random: RandomStream
        public var bookkeeping = AskTellBookkeeping()
    }

    public let configuration: Configuration
    public let space: SearchSpace
    public private(set) var state: State

    public init(configuration: Configuration, space: SearchSpace, initialPoint: [Double]?, random: RandomStream) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        self.configuration = configuration
        self.space = space
        state = State(random: random)
    }

    public init(configuration: Configuration, space: SearchSpace, state: State) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        guard state.bookkeeping.pending.map({ $0.count == configuration.population && $0.allSatisfy { $0.count == space.count } }) ?? true
        else { throw .incompatibleState("random: pending batch must be \(configuration.population)×\(space.count)") }
        self.configuration = configuration
        self.space = space
        self.state = state
    }

    static func validate(_ configuration: Configuration, space: SearchSpace) throws(OptimizerError) {
        guard configuration.population >= 1 else {
            throw .invalidConfiguration(optimizer: identifier, key: "population", value: "\(configuration.population)", expected: "an integer ≥ 1")
        }
        guard space.count > 0 else {
            throw .invalidConfiguration(optimizer: identifier, key: "space", value: "0 dimensions", expected: "at least one dimension")
        }
    }

    public var iteration: Int { state.bookkeeping.iteration }
    public var incumbent: Incumbent? { state.bookkeeping.incumbent }
    public var stopReasons: [StopReason] { [] }

    public mutating func ask() throws(OptimizerError) -> [[Double]] {
        let lower = space.lowerBounds, upper = space.upperBounds
        let batch = (0..<configuration.population).map { _ in
            // Uniform in the encoded box; clamped so that an integer or choice cell's upper edge maps inside.
            space.clamp(lower.indices.map { state.random.nextUniform(in: lower[$0], upper[$0]) })
        }
        try state.bookkeeping.asked(batch, by: Self.identifier)
        return batch
    }

    public mutating func tell(_ fitness: [Double]) throws(OptimizerError) {
        try state.bookkeeping.told(fitness, by: Self.identifier)
    }

    public func snapshot() -> [RecordedArray] {
        [.scalar("best_fitness", state.bookkeeping.incumbent?.fitness ?? -.infinity, description: "best finite fitness so far")]
    }
}
