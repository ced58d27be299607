import L2LNetworks
import L2LOptimizees

/// Cross-key checks and typed values of `optimizee.connectome`.
extension SpecValidator {
    /// `min_scale < max_scale`.
    mutating func checkConnectome() {
        let p = "optimizee.connectome."
        guard values.variants["optimizee"] == "connectome" else { return }
        if let low = values.double(p + "min_scale"), let high = values.double(p + "max_scale"), low >= high {
            let path = values.present.contains(p + "min_scale") || !values.present.contains(p + "max_scale")
                ? p + "min_scale" : p + "max_scale"
            report("min_scale (\(SpecRealRange.format(low))) must be less than max_scale (\(SpecRealRange.format(high)))",
                   at: path, values.marks[path])
        }
    }
}

extension SpecValueReader {
    /// The connectome section at `path` (validated).
    mutating func connectome(_ path: String) -> ConnectomeOptimizeeSpec {
        let p = path + "."
        var s = ConnectomeOptimizeeSpec()
        s.task = choice(p + "task", fallback: .foraging)
        if s.task == .chemotaxis { s.foraging = .chemotaxis }
        s.dataset = choice(p + "dataset", fallback: .varshney2011)
        s.dataDirectory = string(p + "data_directory")
        s.parameterSet = choice(p + "parameters", fallback: .kunert2014)
        s.method = choice(p + "method", fallback: .rk4)
        s.dtMs = double(p + "dt_ms")
        s.precision = choice(p + "precision", fallback: .double)
        s.trainable = choice(p + "trainable", fallback: .all)
        s.minimumScale = double(p + "min_scale")
        s.maximumScale = double(p + "max_scale")
        s.trainSensoryGains = bool(p + "train_sensory_gains")
        s.maximumSensoryGain = double(p + "max_sensory_gain")
        s.episodes = int(p + "episodes")
        s.episodeDraws = episodeDraws(path)
        s.testEpisodes = int(p + "test_episodes")
        s.randomBaselines = int(p + "random_baselines")
        if s.task == .foraging {
            s.foraging.foodCount = int(p + "food_count")
            s.foraging.odourWidth = double(p + "odour_width")
            s.foraging.shapingWeight = double(p + "shaping_weight")
        } else {
            s.foraging.odourWidth = double(p + "peak_width")
        }
        s.foraging.controlSteps = int(p + "control_steps")
        s.foraging.simulationStepsPerControl = int(p + "steps_per_control")
        s.foraging.maximumSpeed = double(p + "max_speed")
        s.foraging.maximumTurn = double(p + "max_turn")
        s.foraging.eatRadius = double(p + "eat_radius")
        s.foraging.sensoryGain = double(p + "sensory_gain_pa")
        s.foraging.derivativeGain = double(p + "derivative_gain_pa")
        s.foraging.touchGain = double(p + "touch_gain_pa")
        s.foraging.motorScale = double(p + "motor_scale_mv")
        let q = p + "paper."
        s.paper.foodCount = int(q + "food_count")
        let pattern = string(q + "pattern")
        s.paper.patterns = PaperFoodPattern(rawValue: pattern).map { [$0] } ?? PaperFoodPattern.allCases
        s.paper.steps = int(q + "steps")
        s.paper.threshold = double(q + "threshold")
        s.paperWeightBound = double(q + "weight_bound")
        return s
    }
}
