import Foundation
import L2LNumerics

/// Runs a ``GradedPotentialNetwork`` as a foraging worm (or, with one non-consumable odour
/// source, a chemotaxing one; see ``ChemotaxisLayout``).
///
/// **Sensing**, once per control step, as currents (pA) held for the control step:
/// - odour *level* at the left/right sensory points (±`sensorOffset` across the head) into
///   AWAL/AWAR: `sensoryGain · C_L`, `sensoryGain · C_R` (AWA senses attractive odours; it is
///   gap-coupled to AIZ, so its drive reaches the head motor neurons within tens of ms);
/// - odour *change* at the head since the last control step, ΔC, klinotaxis-style: the ON cell
///   ASEL gets `derivativeGain · max(ΔC, 0)`, the OFF cells ASER, AWCL, AWCR
///   `derivativeGain · max(−ΔC, 0)` (ASEL ON / ASER OFF: Suzuki et al. 2008, Nature 454:114; AWC
///   responds to odour removal: Chalasani et al. 2007, Nature 450:63);
/// - wall contact: `touchGain` into ALML/ALMR/AVM/FLPL/FLPR.
///
/// The earlier drive (level into ASE/AWC at 2·10⁴ pA) saturated those cells (hundreds of mV above
/// rest for any input) and reached RMD/SMD only as ≈ 0.002 mV through chemical synapses, so the
/// weights hardly mattered. An isolated ASE or AWC cell moves ≈ 7 mV per pA here, hence derivative
/// currents of a few pA.
///
/// **Motor**: with ΔV the mean deviation of a group from the member's resting potentials,
///
/// `turn = maximumTurn · tanh((ΔV_left − ΔV_right)/motorScale)` (left: SMDDL, SMDVL, SMBDL, SMBVL,
/// RMDL, RMDDL, RMDVL, RIVL; right: their R partners; SMD/SMB/RMD/RIV steer the head, Gray et al.
/// 2005), `speed = maximumSpeed · tanh((ΔV_AVB − ΔV_AVA)/motorScale + forwardBias)` (negative:
/// reversal).
///
/// Thresholds stay at the no-input equilibrium (``GradedPotentialSimulator/thresholdsFollowInput``
/// false), so a changing input costs no re-solve. Deterministic: no noise anywhere.
public struct ConnectomeForaging: Sendable {
    public let network: GradedPotentialNetwork
    public let configuration: ForagingConfiguration
    public let method: GradedPotentialSimulator.Method
    public let dtMs: Double
    /// Arithmetic of the simulator's time loop.
    public let precision: SimulationPrecision
    let leftSensory: [Int], rightSensory: [Int], onCells: [Int], offCells: [Int], touch: [Int]
    let turnLeft: [Int], turnRight: [Int], forward: [Int], backward: [Int]

    /// - Throws: ``ConnectomeError/unknownStimulusNeuron(name:dataset:)`` if the wiring lacks a sensory or motor neuron.
    public init(network: GradedPotentialNetwork, configuration: ForagingConfiguration,
                method: GradedPotentialSimulator.Method = .euler, dtMs: Double = 0.1,
                precision: SimulationPrecision = .double) throws(ConnectomeError) {
        self.network = network
        self.precision = precision
        self.configuration = configuration
        self.method = method
        self.dtMs = dtMs
        func ids(_ names: [String]) throws(ConnectomeError) -> [Int] { try network.connectome.indices(ofStimulusNeurons: names) }
        typealias C = ForagingConfiguration
        leftSensory = try ids(C.leftSensory)
        rightSensory = try ids(C.rightSensory)
        onCells = try ids(C.onCells)
        offCells = try ids(C.offCells)
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
    /// - Parameters:
    ///   - gains: per member, one multiplier per neuron of ``ForagingConfiguration/odourNeurons`` on
    ///     its odour current (the sensory cell's sensitivity); nil: all 1.
    ///   - recordPath: keep each head trajectory in ``ForagingOutcome/path``.
    public func run(_ members: [(weights: [Double], layout: ForagingLayout)], gains: [[Double]]? = nil,
                    recordPath: Bool = false) -> [ForagingOutcome] {
        guard !members.isEmpty else { return [] }
        let odourCount = ForagingConfiguration.odourNeurons.count
        precondition(gains.map { $0.count == members.count && $0.allSatisfy { $0.count == odourCount } } ?? true,
                     "ConnectomeForaging.run: one gain per odour neuron (\(odourCount)) per member")
        let one = [Double](repeating: 1, count: odourCount)
        let c = configuration
        let sim = GradedPotentialSimulator(network: network, weights: members.map(\.weights), method: method,
                                           dtMs: dtMs, thresholdsFollowInput: false, precision: precision)
        let count = members.count, n = network.neuronCount
        var x = members.map(\.layout.startX), y = members.map(\.layout.startY), heading = members.map(\.layout.startHeading)
        var eaten = members.map { [Bool](repeating: false, count: $0.layout.foodX.count) }
        var touching = [Bool](repeating: false, count: count)
        var previous = [Double?](repeating: nil, count: count)
        var concentrationSum = [Double](repeating: 0, count: count)
        var paths = [[Double]](repeating: [], count: count)
        var eatenPaths = [[Double]](repeating: [], count: count)
        func eatenCount(_ b: Int) -> Int { eaten[b].reduce(0) { $0 + ($1 ? 1 : 0) } }
        func eat(_ b: Int) {
            guard c.consumable else { return }
            let layout = members[b].layout
            for i in 0..<layout.foodX.count where !eaten[b][i]
                && hypot(x[b] - layout.foodX[i], y[b] - layout.foodY[i]) <= c.eatRadius {
                eaten[b][i] = true
            }
        }
        func record(_ b: Int) {
            guard recordPath else { return }
            paths[b] += [x[b], y[b]]
            eatenPaths[b].append(Double(eatenCount(b)))
        }
        for b in 0..<count {
            eat(b)
            record(b)
        }
        let rest = (0..<count).map { sim.restingPotentials(member: $0) }
        func mean(_ v: [Double], _ r: [Double], _ ids: [Int]) -> Double {
            ids.reduce(0) { $0 + v[$1] - r[$1] } / Double(ids.count)
        }
        for _ in 0..<c.controlSteps {
            for b in 0..<count where sim.divergedAtStep[b] == nil {
                let layout = members[b].layout
                let px = -sin(heading[b]) * c.sensorOffset, py = cos(heading[b]) * c.sensorOffset
                let left = Self.odour(x[b] + px, y[b] + py, layout.foodX, layout.foodY, eaten[b], width: c.odourWidth)
                let right = Self.odour(x[b] - px, y[b] - py, layout.foodX, layout.foodY, eaten[b], width: c.odourWidth)
                let here = (left + right) / 2
                let change = previous[b].map { here - $0 } ?? 0
                previous[b] = here
                concentrationSum[b] += here
                var input = [Double](repeating: 0, count: n)
                let g = gains?[b] ?? one
                for i in leftSensory { input[i] = g[0] * c.sensoryGain * left }
                for i in rightSensory { input[i] = g[1] * c.sensoryGain * right }
                for i in onCells { input[i] = g[2] * c.derivativeGain * max(change, 0) }
                for (k, i) in offCells.enumerated() { input[i] = g[3 + k] * c.derivativeGain * max(-change, 0) }
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
                record(b)
            }
        }
        let diagonal = c.arenaSize * 2.squareRoot()
        return (0..<count).map { b in
            let layout = members[b].layout
            let food = eatenCount(b)
            var nearest = 0.0
            if food < layout.foodX.count {
                nearest = .infinity
                for i in 0..<layout.foodX.count where !eaten[b][i] {
                    nearest = min(nearest, hypot(x[b] - layout.foodX[i], y[b] - layout.foodY[i]))
                }
            }
            let meanConcentration = concentrationSum[b] / Double(max(c.controlSteps, 1))
            let diverged = sim.divergedAtStep[b] != nil
            let score = c.consumable
                ? Double(food) + c.shapingWeight * meanConcentration
                : 1 - nearest / diagonal
            return ForagingOutcome(foodEaten: food, finalDistance: nearest, meanConcentration: meanConcentration,
                                   fitness: diverged ? -.infinity : score, diverged: diverged,
                                   path: paths[b], eatenAlongPath: eatenPaths[b])
        }
    }
}
