import Foundation
import L2LNumerics

/// The food patterns of the ENOMAD study's arena (Churchland & Garcia-Ojalvo 2025; settings read from
/// `Worm_Env/celegan_env.py`, `generate_food_pattern`, of its code).
public enum PaperFoodPattern: String, Sendable, Equatable, CaseIterable {
    /// Uniform over the arena, at least ``PaperForagingConfiguration/randomMinimumDistance`` from the centre.
    case random
    /// A ⌊√n⌋ × ⌊√n⌋ grid with spacing (width, height)/(⌊√n⌋ + 1).
    case grid
    /// Four clusters of ⌊n/4⌋ items at (W/2, H/4), (W/4, H/2), (3W/4, H/2), (W/2, 3H/4), offsets uniform ±50.
    case clusters
    /// The perimeter of a centred square of side min(W, H)/2, ⌊n/4⌋ items per side.
    case square
    /// A centred circle of radius min(W, H)/4, n items evenly.
    case circle
    /// The perimeter of the triangle (W/2, 3H/4), (W/4, H/4), (3W/4, H/4), n items.
    case triangle
}

/// The ENOMAD study's foraging setting (in its units: pixels of a 1,600 × 1,200 arena): the worm
/// starts at the centre heading along +x; it eats food within `eatRadius`, senses food within
/// `senseRadius` and a wall closer than `wallSenseDistance`; one episode is `steps` steps. Per-step
/// reward, summed over the food left: `eatReward` for an item closer than `eatRadius`, plus
/// max(0, (senseRadius − d)/senseRadius)/`proximityDivisor` for one closer than `senseRadius`.
/// Motion per step from the left and right drives l, r: heading += (r − l)/`turnDivisor`, speed
/// min(max(|l| + |r|, `minimumDrive`), `maximumDrive`)/`speedDivisor`; the position is clipped to the arena.
public struct PaperForagingConfiguration: Sendable, Equatable {
    public var width = 1600.0
    public var height = 1200.0
    /// Food items per layout (the study's default 36).
    public var foodCount = 36
    public var eatRadius = 20.0
    public var senseRadius = 150.0
    public var wallSenseDistance = 100.0
    public var steps = 250
    /// Firing threshold of the accumulate-and-fire network.
    public var threshold = 30.0
    public var eatReward = 30.0
    public var proximityDivisor = 30.0
    public var turnDivisor = 10.0
    public var minimumDrive = 75.0
    public var maximumDrive = 150.0
    public var speedDivisor = 7.0
    /// `random`: the least distance of an item from the centre.
    public var randomMinimumDistance = 400.0
    /// `clusters`: half-width of the uniform offsets.
    public var clusterHalfWidth = 50.0
    /// The patterns a layout's seed chooses among (uniformly).
    public var patterns: [PaperFoodPattern] = PaperFoodPattern.allCases

    public init() {}
}

/// One food layout of the study's arena, drawn from a seed: the pattern (uniform among the
/// configuration's patterns), then its placement (only `random` and `clusters` are random; the other
/// patterns are the same every time, as in the study).
public struct PaperForagingLayout: Sendable, Equatable {
    public var pattern: PaperFoodPattern
    public var foodX: [Double]
    public var foodY: [Double]

    public init(pattern: PaperFoodPattern, foodX: [Double], foodY: [Double]) {
        self.pattern = pattern
        self.foodX = foodX
        self.foodY = foodY
    }

    public init(seed: UInt64, configuration c: PaperForagingConfiguration) {
        var r = RandomStream(seed: seed)
        let pattern = c.patterns.isEmpty ? .square : c.patterns[r.nextInt(below: c.patterns.count)]
        let food = Self.food(pattern, configuration: c, random: &r)
        self.init(pattern: pattern, foodX: food.map(\.x), foodY: food.map(\.y))
    }

    /// The food of `pattern` (random parts drawn from `r`).
    public static func food(_ pattern: PaperFoodPattern, configuration c: PaperForagingConfiguration,
                            random r: inout RandomStream) -> [(x: Double, y: Double)] {
        let w = c.width, h = c.height, n = max(c.foodCount, 0), cx = w / 2, cy = h / 2
        var food: [(x: Double, y: Double)] = []
        switch pattern {
        case .random:
            while food.count < n {
                let x = r.nextUniform(in: 0, w), y = r.nextUniform(in: 0, h)
                if hypot(x - cx, y - cy) >= c.randomMinimumDistance { food.append((x, y)) }
            }
        case .grid:
            let side = Int(Double(n).squareRoot())
            let dx = w / Double(side + 1), dy = h / Double(side + 1)
            for i in stride(from: 1, through: side, by: 1) {
                for j in stride(from: 1, through: side, by: 1) { food.append((Double(i) * dx, Double(j) * dy)) }
            }
        case .clusters:
            let centres = [(w / 2, h / 4), (w / 4, h / 2), (3 * w / 4, h / 2), (w / 2, 3 * h / 4)]
            for (x0, y0) in centres {
                for _ in 0..<(n / 4) {
                    let ox = r.nextUniform(in: -c.clusterHalfWidth, c.clusterHalfWidth)
                    let oy = r.nextUniform(in: -c.clusterHalfWidth, c.clusterHalfWidth)
                    food.append((x0 + ox, y0 + oy))
                }
            }
        case .square:
            // Item i lies on side ⌊i/(n/4)⌋ (0 top, 1 right, 2 bottom, else left) at fraction
            // (i mod n/4)/(n/4 − 1) along it, going round clockwise from the top-left corner.
            let side = min(w, h) / 2, perSide = n / 4, half = side / 2
            for i in 0..<(perSide > 1 ? n : 0) {
                let s = i / perSide, t = Double(i % perSide) / Double(perSide - 1)
                switch s {
                case 0: food.append((cx - half + t * side, cy - half))
                case 1: food.append((cx + half, cy - half + t * side))
                case 2: food.append((cx + half - t * side, cy + half))
                default: food.append((cx - half, cy + half - t * side))
                }
            }
        case .circle:
            let radius = min(w, h) / 4
            for i in 0..<n {
                let a = 2 * Double.pi * Double(i) / Double(n)
                food.append((cx + radius * cos(a), cy + radius * sin(a)))
            }
        case .triangle:
            let v = [(w / 2, 3 * h / 4), (w / 4, h / 4), (3 * w / 4, h / 4)]
            for i in 0..<(n > 1 ? n : 0) {
                let p = Double(i) / Double(n - 1)
                let (k, t) = p <= 1.0 / 3 ? (0, p * 3) : p <= 2.0 / 3 ? (1, (p - 1.0 / 3) * 3) : (2, (p - 2.0 / 3) * 3)
                let a = v[k], b = v[(k + 1) % 3]
                food.append((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)))
            }
        }
        return food
    }
}
