import Foundation

/// The ENOMAD study's foraging episode (Churchland & Garcia-Ojalvo 2025; the rules of its
/// `Worm_Env/celegan_env.py` and `c_worm.py`, see ``PaperForagingConfiguration``) with an
/// ``AccumulateFireNetwork`` as the worm: each step the network gets the nose-touch neurons (FLPR,
/// FLPL, ASHL, ASHR, IL1VL, IL1VR, OLQDL, OLQDR, OLQVR, OLQVL) as sensory input when the nearest wall
/// is closer than `wallSenseDistance` (and not touching, distance 0: their test is 0 < d < 100), else
/// the food-sensing neurons (ADFL, ADFR, ASGR, ASGL, ASIL, ASIR, ASJR, ASJL) when food was in range
/// after the last move; its left and right muscle sums move the worm; then the step's reward is
/// scored on the food left and the food within the eating radius is removed.
public struct PaperForaging: Sendable {
    public let network: AccumulateFireNetwork
    public let configuration: PaperForagingConfiguration
    let touch: [Int], food: [Int]

    public static let touchNeurons = ["FLPR", "FLPL", "ASHL", "ASHR", "IL1VL", "IL1VR", "OLQDL", "OLQDR", "OLQVR", "OLQVL"]
    public static let foodNeurons = ["ADFL", "ADFR", "ASGR", "ASGL", "ASIL", "ASIR", "ASJR", "ASJL"]

    /// - Throws: ``ConnectomeError/unknownStimulusNeuron(name:dataset:)`` if the wiring lacks a sensory neuron.
    public init(network: AccumulateFireNetwork, configuration: PaperForagingConfiguration) throws(ConnectomeError) {
        self.network = network
        self.configuration = configuration
        func ids(_ names: [String]) throws(ConnectomeError) -> [Int] { try network.connectome.indices(ofStimulusNeurons: names) }
        touch = try ids(Self.touchNeurons)
        food = try ids(Self.foodNeurons)
    }

    /// What the worm senses before a step: the distance to the nearest wall and whether food was
    /// within the sensing radius after the last move (false at the start).
    public struct Observation: Sendable, Equatable {
        public var wallDistance: Double
        public var seesFood: Bool
    }

    /// The reward of one step at (x, y) with the food not yet eaten.
    public static func reward(x: Double, y: Double, foodX: [Double], foodY: [Double], eaten: [Bool],
                              configuration c: PaperForagingConfiguration) -> Double {
        var total = 0.0
        for i in foodX.indices where !eaten[i] {
            let d = hypot(x - foodX[i], y - foodY[i])
            if d < c.eatRadius { total += c.eatReward }
            if d < c.senseRadius { total += max(0, (c.senseRadius - d) / c.senseRadius) / c.proximityDivisor }
        }
        return total
    }

    /// One episode driven by `control` (the left and right drives from an observation): start at the
    /// centre heading 0; each step move, score, eat. `fitness` is the summed reward (−∞ if a drive
    /// is not finite: a diverged network).
    public static func episode(layout: PaperForagingLayout, configuration c: PaperForagingConfiguration,
                               recordPath: Bool = false,
                               control: (Observation) -> (left: Double, right: Double)) -> ForagingOutcome {
        var x = c.width / 2, y = c.height / 2, heading = 0.0
        var eaten = [Bool](repeating: false, count: layout.foodX.count)
        var observation = Observation(wallDistance: min(x, c.width - x, y, c.height - y), seesFood: false)
        var total = 0.0, shaping = 0.0, eatenCount = 0, diverged = false
        var path: [Double] = recordPath ? [x, y] : [], eatenPath: [Double] = recordPath ? [0] : []
        for _ in 0..<c.steps {
            let (left, right) = control(observation)
            guard left.isFinite, right.isFinite else {
                diverged = true
                break
            }
            heading += (right - left) / c.turnDivisor
            heading = (heading + .pi).truncatingRemainder(dividingBy: 2 * .pi)
            if heading < 0 { heading += 2 * .pi }
            heading -= .pi
            let speed = min(max(abs(left) + abs(right), c.minimumDrive), c.maximumDrive) / c.speedDivisor
            x = min(max(x + speed * cos(heading), 0), c.width)
            y = min(max(y + speed * sin(heading), 0), c.height)
            var sees = false
            for i in eaten.indices where !eaten[i] && hypot(x - layout.foodX[i], y - layout.foodY[i]) <= c.senseRadius {
                sees = true
                break
            }
            let r = reward(x: x, y: y, foodX: layout.foodX, foodY: layout.foodY, eaten: eaten, configuration: c)
            total += r
            for i in eaten.indices where !eaten[i] && hypot(x - layout.foodX[i], y - layout.foodY[i]) < c.eatRadius {
                eaten[i] = true
                eatenCount += 1
                shaping -= c.eatReward
            }
            shaping += r
            observation = Observation(wallDistance: min(x, c.width - x, y, c.height - y), seesFood: sees)
            if recordPath {
                path += [x, y]
                eatenPath.append(Double(eatenCount))
            }
        }
        var nearest = 0.0
        if eatenCount < eaten.count {
            nearest = .infinity
            for i in eaten.indices where !eaten[i] { nearest = min(nearest, hypot(x - layout.foodX[i], y - layout.foodY[i])) }
        }
        return ForagingOutcome(foodEaten: eatenCount, finalDistance: nearest,
                               meanConcentration: shaping / Double(max(c.steps, 1)),
                               fitness: diverged ? -.infinity : total, diverged: diverged,
                               path: path, eatenAlongPath: eatenPath)
    }

    /// The episode of the network with `weights` (one per ``AccumulateFireNetwork/edges`` entry) on `layout`.
    public func run(weights: [Double], layout: PaperForagingLayout, recordPath: Bool = false) -> ForagingOutcome {
        precondition(weights.count == network.edges.count, "PaperForaging.run: one weight per edge")
        let c = configuration
        var state = network.restingState()
        return Self.episode(layout: layout, configuration: c, recordPath: recordPath) { o in
            let sensory = o.wallDistance > 0 && o.wallDistance < c.wallSenseDistance ? touch : o.seesFood ? food : []
            return network.step(&state, weights: weights, sensory: sensory)
        }
    }
}
