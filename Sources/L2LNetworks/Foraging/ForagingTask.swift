import Foundation
import L2LNumerics

/// How the food of a foraging episode is laid out (the task family varies it with the seed).
public enum FoodPattern: String, Sendable, Equatable, CaseIterable, Codable {
    /// A Gaussian patch around a random centre.
    case cluster
    /// Evenly along a random segment.
    case line
    /// On a circle around a random centre.
    case ring
    /// Uniformly over the arena.
    case scattered
    /// One odour source 0.3–0.4 arena widths from the start (chemotaxis; see ``ForagingConfiguration/chemotaxis``).
    case peak

    /// The foraging patterns (every case but ``peak``).
    public static let foraging: [FoodPattern] = [.cluster, .line, .ring, .scattered]
}

/// The arena, agent kinematics and sensory/motor mapping of the foraging task (after the ENOMAD
/// study, Churchland & Garcia-Ojalvo 2025): a worm in a square arena `[0, arenaSize]²` eats food
/// items it comes within `eatRadius` of; food smells as a sum of Gaussians of width `odourWidth`.
///
/// **Sensing** (a design choice after the chemotaxis literature, documented in
/// `Sources/L2LNetworks/Foraging/ConnectomeForaging.swift`): the odour *level* at the left/right
/// sensory points drives AWAL/AWAR (AWA: ON cells for attractive odours, gap-coupled to AIZ); the
/// odour *change* along the path since the last control step drives ASEL as an ON cell and
/// ASER, AWCL, AWCR as OFF cells (Suzuki et al. 2008; Chalasani et al. 2007). Currents are in pA
/// on the model's scale: an isolated sensory neuron of the Kunert model moves ≈ 7 mV per pA.
/// **Motor**: the left − right mean depolarization of the head/neck motor neurons (SMD, SMB,
/// RMD, RIV) turns the worm, AVB − AVA sets its speed.
public struct ForagingConfiguration: Sendable, Equatable {
    public var arenaSize = 1.0
    public var foodCount = 6
    public var eatRadius = 0.06
    public var odourWidth = 0.3
    /// Whether food is eaten (foraging) or the odour source stays (chemotaxis).
    public var consumable = true
    /// Distance of the left/right sensory points from the head's midline.
    public var sensorOffset = 0.03
    /// Control steps per episode (fixed length).
    public var controlSteps = 50
    /// Network time steps per control step.
    public var simulationStepsPerControl = 50
    /// Largest distance covered in one control step.
    public var maximumSpeed = 0.03
    /// Largest heading change in one control step, rad.
    public var maximumTurn = 0.5
    /// Current (pA) into AWAL/AWAR at odour concentration 1 at the left/right sensory point.
    public var sensoryGain = 10.0
    /// Current (pA) into the ON cell ASEL per unit rise of the odour concentration at the head since the
    /// last control step, and into the OFF cells ASER, AWCL, AWCR per unit fall.
    public var derivativeGain = 100.0
    /// Current (pA) into the anterior touch neurons while the head presses on a wall.
    public var touchGain = 50.0
    /// Potential deviation (mV) that drives a motor output to tanh(1).
    public var motorScale = 0.1
    /// Drive added to the speed's tanh, so a network at rest crawls forward at `maximumSpeed·tanh(forwardBias)`.
    public var forwardBias = 0.5
    /// Weight of the shaping term: the mean odour concentration at the head over the episode (as the
    /// ENOMAD study's per-step proximity reward).
    public var shapingWeight = 0.5
    /// The patterns a seed chooses among.
    public var patterns: [FoodPattern] = FoodPattern.foraging

    public init() {}

    /// Sensory neurons: odour level at the left sensory point drives these…
    public static let leftSensory = ["AWAL"]
    /// …and at the right one these.
    public static let rightSensory = ["AWAR"]
    /// ON cells: driven by a rise of the odour concentration at the head.
    public static let onCells = ["ASEL"]
    /// OFF cells: driven by a fall.
    public static let offCells = ["ASER", "AWCL", "AWCR"]
    /// Every odour-driven neuron, in the order of a member's sensory gains
    /// (``ConnectomeForaging/run(_:gains:recordPath:)``): AWAL, AWAR, ASEL, ASER, AWCL, AWCR.
    public static var odourNeurons: [String] { leftSensory + rightSensory + onCells + offCells }
    /// Anterior touch neurons, driven while the head presses on a wall.
    public static let touch = ["ALML", "ALMR", "AVM", "FLPL", "FLPR"]
    /// Head/neck motor neurons whose depolarization (relative to rest) turns the worm left…
    public static let turnLeft = ["SMDDL", "SMDVL", "SMBDL", "SMBVL", "RMDL", "RMDDL", "RMDVL", "RIVL"]
    /// …and right.
    public static let turnRight = ["SMDDR", "SMDVR", "SMBDR", "SMBVR", "RMDR", "RMDDR", "RMDVR", "RIVR"]
    /// Forward command interneurons (speed up)…
    public static let forward = ["AVBL", "AVBR"]
    /// …and backward ones (slow down).
    public static let backward = ["AVAL", "AVAR"]
    /// The chemosensory sub-circuit (`trainable: circuit`): the sensory neurons above, the first-layer
    /// interneurons of chemotaxis (AIY, AIZ, AIA, AIB, RIA; Gray, Hill & Bargmann 2005), the head motor
    /// neurons and the command interneurons.
    public static let circuit: [String] = leftSensory + rightSensory + onCells + offCells
        + ["AIYL", "AIYR", "AIZL", "AIZR", "AIAL", "AIAR", "AIBL", "AIBR", "RIAL", "RIAR"]
        + turnLeft + turnRight + forward + backward
}

/// One food layout and start pose, drawn from a seed.
public struct ForagingLayout: Sendable, Equatable {
    public var pattern: FoodPattern
    public var food: [(x: Double, y: Double)] { zip(foodX, foodY).map { ($0, $1) } }
    public var foodX: [Double]
    public var foodY: [Double]
    public var startX: Double, startY: Double, startHeading: Double

    /// The layout of `seed`: pattern, placement and the start heading; the worm starts in the centre.
    public init(seed: UInt64, configuration c: ForagingConfiguration) {
        var r = RandomStream(seed: seed)
        let size = c.arenaSize
        pattern = c.patterns.isEmpty ? .cluster : c.patterns[r.nextInt(below: c.patterns.count)]
        startX = size / 2
        startY = size / 2
        startHeading = r.nextUniform(in: -Double.pi, Double.pi)
        let margin = 0.1 * size
        func clamp(_ v: Double) -> Double { min(max(v, margin), size - margin) }
        var xs: [Double] = [], ys: [Double] = []
        let n = max(c.foodCount, 0)
        switch pattern {
        case .cluster:
            // Centre away from the start so the worm must travel.
            let angle = r.nextUniform(in: -Double.pi, Double.pi), radius = r.nextUniform(in: 0.2, 0.35) * size
            let cx = size / 2 + radius * cos(angle), cy = size / 2 + radius * sin(angle)
            for _ in 0..<n {
                xs.append(clamp(cx + 0.05 * size * r.nextGaussian()))
                ys.append(clamp(cy + 0.05 * size * r.nextGaussian()))
            }
        case .line:
            let x0 = r.nextUniform(in: margin, size - margin), y0 = r.nextUniform(in: margin, size - margin)
            let x1 = r.nextUniform(in: margin, size - margin), y1 = r.nextUniform(in: margin, size - margin)
            for i in 0..<n {
                let t = n == 1 ? 0.5 : Double(i) / Double(n - 1)
                xs.append(x0 + t * (x1 - x0))
                ys.append(y0 + t * (y1 - y0))
            }
        case .ring:
            let cx = r.nextUniform(in: 0.35, 0.65) * size, cy = r.nextUniform(in: 0.35, 0.65) * size
            let radius = r.nextUniform(in: 0.2, 0.3) * size, phase = r.nextUniform(in: 0, 2 * Double.pi)
            for i in 0..<n {
                let a = phase + 2 * Double.pi * Double(i) / Double(max(n, 1))
                xs.append(clamp(cx + radius * cos(a)))
                ys.append(clamp(cy + radius * sin(a)))
            }
        case .peak:
            let angle = r.nextUniform(in: -Double.pi, Double.pi), radius = r.nextUniform(in: 0.3, 0.4) * size
            for _ in 0..<n {
                xs.append(clamp(size / 2 + radius * cos(angle)))
                ys.append(clamp(size / 2 + radius * sin(angle)))
            }
        case .scattered:
            for _ in 0..<n {
                xs.append(r.nextUniform(in: margin, size - margin))
                ys.append(r.nextUniform(in: margin, size - margin))
            }
        }
        // No free food at the start.
        for i in 0..<xs.count where hypot(xs[i] - startX, ys[i] - startY) < 2 * c.eatRadius {
            xs[i] = clamp(startX + 2.5 * c.eatRadius * cos(startHeading + .pi))
            ys[i] = clamp(startY + 2.5 * c.eatRadius * sin(startHeading + .pi))
        }
        foodX = xs
        foodY = ys
    }

    public static func == (a: ForagingLayout, b: ForagingLayout) -> Bool {
        a.pattern == b.pattern && a.foodX == b.foodX && a.foodY == b.foodY && a.startX == b.startX
            && a.startY == b.startY && a.startHeading == b.startHeading
    }
}

/// The outcome of one foraging (or chemotaxis) episode.
public struct ForagingOutcome: Sendable, Equatable {
    /// Food items eaten.
    public var foodEaten: Int
    /// Distance to the nearest remaining food (the odour peak in chemotaxis) at the end; 0 when all is eaten.
    public var finalDistance: Double
    /// Mean odour concentration at the head over the control steps.
    public var meanConcentration: Double
    /// Food eaten plus the shaping term (foraging) or the final closeness (chemotaxis); −∞ if the network diverged.
    public var fitness: Double
    /// Whether the network's state became non-finite.
    public var diverged: Bool
    /// The head's positions, one per control step plus the start (`x`, `y` interleaved), if recorded.
    public var path: [Double]
    /// Food eaten so far at each recorded position, if recorded.
    public var eatenAlongPath: [Double]
}
