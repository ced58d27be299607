import Foundation
import L2LNumerics

/// Runs a ``GradedPotentialNetwork`` as a foraging worm: odour at the left/right sensory points
/// becomes current into ASEL/AWCL and ASER/AWCR, wall contact current into the anterior touch
/// neurons; the head motor neurons' left − right depolarization (relative to rest) turns the worm
/// and the forward − backward command interneurons (AVB − AVA) set its speed:
///
/// `turn = maximumTurn · tanh((ΔV_left − ΔV_right)/motorScale)`,
/// `speed = maximumSpeed · tanh((ΔV_AVB − ΔV_AVA)/motorScale + forwardBias)` (negative: reversal),
///
/// ΔV the mean deviation of each group from the member's resting potentials. Thresholds stay at
/// the no-input equilibrium (``GradedPotentialSimulator/thresholdsFollowInput`` false), so a
/// changing input costs no re-solve. Deterministic: no noise anywhere.
public struct ConnectomeForaging: Sendable {
    public let network: GradedPotentialNetwork
    public let configuration: ForagingConfiguration
    public let method: GradedPotentialSimulator.Method
    public let dtMs: Double
    let leftSensory: [Int], rightSensory: [Int], touch: [Int]
    let turnLeft: [Int], turnRight: [Int], forward: [Int], backward: [Int]

    /// - Throws: ``ConnectomeError/unknownStimulusNeuron(name:dataset:)`` if the wiring lacks a sensory or motor neuron.
    public init(network: GradedPotentialNetwork, configuration: ForagingConfiguration,
                method: GradedPotentialSimulator.Method = .euler, dtMs: Double = 0.1) throws(ConnectomeError) {
        self.network = network
        self.configuration = configuration
        self.method = method
        self.dtMs = dtMs
        func ids(_ names: [String]) throws(ConnectomeError) -> [Int] {
            var out: [Int] = []
            for name in names {
                guard let i = network.connectome.index(of: name) else {
                    throw .unknownStimulusNeuron(name: name, dataset: "\(network.connectome.dataset)")
                }
                out.append(i)
            }
            return out
        }
        typealias C = ForagingConfiguration
        leftSensory = try ids(C.leftSensory)
        rightSensory = try ids(C.rightSensory)
        touch = try ids(C.touch)
        turnLeft = try ids(C.turnLeft)
        turnRight = try ids(C.turnRight)
        forward = try ids(C.forward)
        backward = try ids(C.backward)
    }

    /// Odour concentration at (x, y) from the uneaten food.
    static func odour(_ x: Double, _ y: Double, _ fx: [Double], _ fy: [Double], _ eaten: [Bool], width: Double) -> Double {
        var c = 0.0
        let k = 1 / (2 * width * width)
        for i in 0..<fx.count where !eaten[i] {
            let dx = x - fx[i], dy = y - fy[i]
            c += exp(-(dx * dx + dy * dy) * k)
        }
        return c
    }

    /// One episode per (weights, layout) pair, simulated as one batch.
    /// - Parameter recordPath: keep each head trajectory in ``ForagingOutcome/path``.
    public func run(_ members: [(weights: [Double], layout: ForagingLayout)], recordPath: Bool = false) -> [ForagingOutcome] {
        guard !members.isEmpty else { return [] }
        let c = configuration
        let sim = GradedPotentialSimulator(network: network, weights: members.map(\.weights), method: method,
                                           dtMs: dtMs, thresholdsFollowInput: false)
        let count = members.count, n = network.neuronCount
        var x = members.map(\.layout.startX), y = members.map(\.layout.startY), heading = members.map(\.layout.startHeading)
        var eaten = members.map { [Bool](repeating: false, count: $0.layout.foodX.count) }
        var touching = [Bool](repeating: false, count: count)
        var paths = [[Double]](repeating: [], count: count)
        if recordPath { for b in 0..<count { paths[b] = [x[b], y[b]] } }
        let rest = (0..<count).map { sim.restingPotentials(member: $0) }
        func mean(_ v: [Double], _ r: [Double], _ ids: [Int]) -> Double {
            ids.reduce(0) { $0 + v[$1] - r[$1] } / Double(ids.count)
        }
        func eat(_ b: Int) {
            let layout = members[b].layout
            for i in 0..<layout.foodX.count where !eaten[b][i]
                && hypot(x[b] - layout.foodX[i], y[b] - layout.foodY[i]) <= c.eatRadius {
                eaten[b][i] = true
            }
        }
        for b in 0..<count { eat(b) }
        for _ in 0..<c.controlSteps {
            for b in 0..<count where sim.divergedAtStep[b] == nil {
                let layout = members[b].layout
                let px = -sin(heading[b]) * c.sensorOffset, py = cos(heading[b]) * c.sensorOffset
                let left = Self.odour(x[b] + px, y[b] + py, layout.foodX, layout.foodY, eaten[b], width: c.odourWidth)
                let right = Self.odour(x[b] - px, y[b] - py, layout.foodX, layout.foodY, eaten[b], width: c.odourWidth)
                var input = [Double](repeating: 0, count: n)
                for i in leftSensory { input[i] = c.sensoryGain * left }
                for i in rightSensory { input[i] = c.sensoryGain * right }
                if touching[b] { for i in touch { input[i] = c.touchGain } }
                sim.setCurrents(input, member: b)
            }
            sim.run(steps: c.simulationStepsPerControl)
            for b in 0..<count where sim.divergedAtStep[b] == nil {
                let v = sim.potentials(member: b)
                let turnDrive = (mean(v, rest[b], turnLeft) - mean(v, rest[b], turnRight)) / c.motorScale
                let speedDrive = (mean(v, rest[b], forward) - mean(v, rest[b], backward)) / c.motorScale
                guard turnDrive.isFinite, speedDrive.isFinite else { continue }
                heading[b] += c.maximumTurn * tanh(turnDrive)
                let speed = c.maximumSpeed * tanh(speedDrive + c.forwardBias)
                let nx = x[b] + speed * cos(heading[b]), ny = y[b] + speed * sin(heading[b])
                x[b] = min(max(nx, 0), c.arenaSize)
                y[b] = min(max(ny, 0), c.arenaSize)
                touching[b] = x[b] != nx || y[b] != ny
                eat(b)
                if recordPath { paths[b] += [x[b], y[b]] }
            }
        }
        let diagonal = c.arenaSize * 2.squareRoot()
        return (0..<count).map { b in
            let layout = members[b].layout
            let food = eaten[b].filter { $0 }.count
            var nearest = 0.0
            if food < layout.foodX.count {
                nearest = .infinity
                for i in 0..<layout.foodX.count where !eaten[b][i] {
                    nearest = min(nearest, hypot(x[b] - layout.foodX[i], y[b] - layout.foodY[i]))
                }
            }
            let diverged = sim.divergedAtStep[b] != nil
            let fitness = diverged ? -Double.infinity : Double(food) + c.shapingWeight * (1 - nearest / diagonal)
            return ForagingOutcome(foodEaten: food, finalDistance: nearest, fitness: fitness, diverged: diverged,
                                   path: paths[b])
        }
    }
}
