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
}

/// The arena, agent kinematics and sensory/motor mapping of the foraging task (after the ENOMAD
/// study, Churchland & Garcia-Ojalvo 2025): a worm in a square arena `[0, arenaSize]²` eats food
/// items it comes within `eatRadius` of; food smells as a sum of Gaussians of width `odourWidth`.
public struct ForagingConfiguration: Sendable, Equatable {
    public var arenaSize = 1.0
    public var foodCount = 6
    public var eatRadius = 0.06
    public var odourWidth = 0.3
    /// Distance of the left/right sensory points from the head's midline.
    public var sensorOffset = 0.03
    /// Control steps per episode (fixed length).
    public var controlSteps = 100
    /// Network time steps per control step.
    public var simulationStepsPerControl = 50
    /// Largest distance covered in one control step.
    public var maximumSpeed = 0.015
    /// Largest heading change in one control step, rad.
    public var maximumTurn = 0.5
    /// Current (pA) into a food-sensing neuron at odour concentration 1.
    public var sensoryGain = 20000.0
    /// Current (pA) into the anterior touch neurons while the head presses on a wall.
    public var touchGain = 2000.0
    /// Potential deviation (mV) that drives a motor output to tanh(1).
    public var motorScale = 0.002
    /// Drive added to the speed's tanh, so a network at rest crawls forward at `maximumSpeed·tanh(forwardBias)`.
    public var forwardBias = 0.5
    /// Weight of the shaping term `1 − d/diagonal` (d: distance to the nearest remaining food at the end).
    public var shapingWeight = 0.1
    /// The patterns a seed chooses among.
    public var patterns: [FoodPattern] = FoodPattern.allCases

    public init() {}

    /// Sensory neurons: odour at the left sensory point drives these…
    public static let leftSensory = ["ASEL", "AWCL"]
    /// …and odour at the right one these.
    public static let rightSensory = ["ASER", "AWCR"]
    /// Anterior touch neurons, driven while the head presses on a wall.
    public static let touch = ["ALML", "ALMR", "AVM", "FLPL", "FLPR"]
    /// Head motor neurons whose depolarization (relative to rest) turns the worm left…
    public static let turnLeft = ["RMDL", "RMDDL", "RMDVL", "SMDDL", "SMDVL"]
    /// …and right.
    public static let turnRight = ["RMDR", "RMDDR", "RMDVR", "SMDDR", "SMDVR"]
    /// Forward command interneurons (speed up)…
    public static let forward = ["AVBL", "AVBR"]
    /// …and backward ones (slow down).
    public static let backward = ["AVAL", "AVAR"]
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

/// The outcome of one foraging episode.
public struct ForagingOutcome: Sendable, Equatable {
    /// Food items eaten.
    public var foodEaten: Int
    /// Distance to the nearest remaining food at the end (0 when all is eaten).
    public var finalDistance: Double
    /// Food eaten plus the shaping term; −∞ if the network diverged.
    public var fitness: Double
    /// Whether the network's state became non-finite.
    public var diverged: Bool
    /// The head's positions, one per control step plus the start (`x`, `y` interleaved), if recorded.
    public var path: [Double]
}
