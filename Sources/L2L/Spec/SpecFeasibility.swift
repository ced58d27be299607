import Foundation
import Yams
import L2LNetworks
import L2LNumerics
import L2LOptimizers
import L2LOptimizees

/// Checks that a valid spec can actually run here, before `run` starts: memory it would need at
/// the least (with the estimate and the key to change at its line and column), `covariance: full`
/// against the inner parameter count of every optimizee, and the optimizee of the first train task
/// built once (so missing data or a network that cannot be built is reported now, not as every
/// inner run failing).
///
/// Estimates are lower bounds of what the run allocates at once; a spec is refused when one
/// exceeds this machine's physical memory.
///
/// ```swift
/// let issues = SpecFeasibility.issues(for: spec)   // [] when the spec can run here
/// ```
public enum SpecFeasibility {
    /// Bytes of bookkeeping per inner run of a generation (its job, result and rows in the outer datasets).
    static let bytesPerInnerRun = 256.0

    /// Every reason `spec` cannot run on a machine with `memory` bytes.
    public static func issues(for spec: ExperimentSpec, memory: UInt64 = ProcessInfo.processInfo.physicalMemory) -> [SpecIssue] {
        var issues: [SpecIssue] = []
        let positions = SpecPositions(text: spec.source.text)
        func report(_ message: String, at path: String) {
            let mark = positions.mark(of: path)
            issues.append(SpecIssue(file: spec.source.fileName, line: mark?.line ?? 0, column: mark?.column ?? 0,
                                    keyPath: path, message: message))
        }
        let available = Double(memory)
        func tooLarge(_ bytes: Double) -> Bool { bytes > available }

        // Inner runs of one generation (and of the held-out phase) are scheduled and kept at once.
        let outerPopulation = Double(outerPopulation(spec) ?? 1)
        let perTask = Double(spec.tasks.repeats)
        let trainRuns = outerPopulation * Double(spec.tasks.train.count) * perTask
        let testRuns = Double(spec.tasks.test.count) * perTask
        if tooLarge(trainRuns * bytesPerInnerRun) {
            report("\(format(trainRuns)) inner runs per generation (\(Int(outerPopulation)) individuals × \(spec.tasks.train.count) tasks × "
                + "\(spec.tasks.repeats) repeats) need at least \(bytes(trainRuns * bytesPerInnerRun)) of memory, this machine has "
                + "\(bytes(available)); use fewer tasks or repeats", at: spec.tasks.train.count >= spec.tasks.repeats ? "tasks.train.count" : "tasks.repeats")
        } else if tooLarge(testRuns * bytesPerInnerRun) {
            report("\(format(testRuns)) held-out inner runs need at least \(bytes(testRuns * bytesPerInnerRun)) of memory, this machine has "
                + "\(bytes(available)); use fewer test tasks or repeats", at: "tasks.test.count")
        }

        // The inner optimizer keeps at least a mean, a candidate and the best point per run.
        let network = networkSize(spec.optimizee)
        if let network {
            let needed = network.parameters * 8 * 4 + network.extraBytes
            if tooLarge(needed) {
                report("a network of \(format(network.parameters)) parameters needs at least \(bytes(needed)) of memory per inner run, "
                    + "this machine has \(bytes(available))", at: network.key)
                return issues
            }
        }
        guard issues.isEmpty else { return issues }

        // The optimizee of the first train task, built once: its parameter count and its data.
        var dimension: Int?
        if case .function(let function) = spec.optimizee { dimension = function.dimension }
        if needsTrialBuild(spec) {
            do {
                let resources = OptimizeeResources(dataSearchPath: DataSearchPath(specDirectory: spec.sourceDirectory))
                let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0,
                                                 taskSeed: spec.tasks.train.firstSeed, repeatIndex: 0)
                let optimizee = try OptimizeeFactory.make(spec.optimizee, coordinates: coordinates, resources: resources)
                dimension = optimizee.parameterSpace.count
            } catch {
                report("the optimizee cannot be built for the first train task: \(error)", at: optimizeeKey(spec.optimizee))
            }
        }
        if case .reservoir(let reservoir) = spec.optimizee, case let .digits(set, directory, _, _) = reservoir.task,
            DataSearchPath(specDirectory: spec.sourceDirectory).resolve(directory, containing: "digits/" + set.imagesFileName) == nil
        {
            report("no \(set.rawValue) images under '\(directory)/digits/' (looked in \(DataSearchPath(specDirectory: spec.sourceDirectory))); "
                + "data_directory must name the repository's data/ directory", at: "optimizee.reservoir.data_directory")
        }
        if let dimension, spec.record.covariance == .full,
            [EnsembleKalmanFilter.identifier, CMAES.identifier].contains(spec.inner.algorithm.identifier),
            dimension > spec.record.maxFullCovariance
        {
            let needed = 8 * Double(dimension) * Double(dimension)
            report("covariance full for inner \(spec.inner.algorithm.identifier) with \(dimension) parameters needs "
                + "\(bytes(needed)) per iteration; use low_rank or diagonal, or raise max_full_covariance "
                + "(now \(spec.record.maxFullCovariance)) to at least \(dimension)", at: "record.covariance")
        }
        return issues
    }

    /// Families whose construction is bounded by the checks above (no external program is started).
    static func needsTrialBuild(_ spec: ExperimentSpec) -> Bool {
        switch spec.optimizee {
        case .classifier, .connectome, .genotypeClassifier: true
        default: false
        }
    }

    static func optimizeeKey(_ optimizee: OptimizeeSpec) -> String {
        switch optimizee {
        case .function: "optimizee.function"
        case .classifier: "optimizee.classifier"
        case .reservoir: "optimizee.reservoir"
        case .morrisLecar: "optimizee.morris_lecar"
        case .connectome: "optimizee.connectome"
        case .genotypeClassifier: "optimizee.genotype_classifier"
        case .gonogo: "optimizee.gonogo"
        case .plasticClassifier: "optimizee.plastic_classifier"
        case .registered(let registered): "optimizee." + registered.identifier
        }
    }

    /// The outer optimizer's first generation size (asked once; nothing is evaluated).
    public static func outerPopulation(_ spec: ExperimentSpec) -> Int? {
        let space = HyperparameterSpace(spec.outer.searchSpace).space
        guard var optimizer = try? OptimizerFactory.make(
            spec.outer.optimizer.algorithm, space: space, initialPoint: nil, random: RandomStream(seed: spec.seed))
        else { return nil }
        return (try? optimizer.ask())?.count
    }

    /// Parameters of a feed-forward digit network and the key that sizes it.
    static func networkSize(_ optimizee: OptimizeeSpec) -> (parameters: Double, extraBytes: Double, key: String)? {
        func inputs(_ dataset: ClassifierOptimizeeSpec.Dataset) -> Double {
            if case .shipped(.digits8x8, _) = dataset { return 64 }
            return 784
        }
        func dense(_ layers: [Double]) -> Double {
            zip(layers, layers.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
        }
        switch optimizee {
        case .classifier(let c):
            let layers = [inputs(c.dataset)] + c.network.hiddenLayers.map(Double.init) + [Double(c.digits?.count ?? 10)]
            return (dense(layers), 0, "optimizee.classifier.hidden_layers")
        case .genotypeClassifier(let c):
            let parameters = dense([inputs(c.dataset), Double(c.hidden), Double(c.digits?.count ?? 10)])
            // W (parameters × genes) is sparse with density β: an index and a value per entry.
            let w = parameters * Double(c.genes) * max(c.density, 1e-9) * 16
            return (parameters, w, w > parameters * 32 ? "optimizee.genotype_classifier.genes" : "optimizee.genotype_classifier.hidden")
        case .plasticClassifier(let c):
            return (dense([inputs(c.dataset), Double(c.hidden), Double(c.digits?.count ?? 10)]), 0, "optimizee.plastic_classifier.hidden")
        default:
            return nil
        }
    }

    /// A count: exact below a million, else three significant digits.
    public static func format(_ x: Double) -> String {
        x < 1e6 ? String(Int(x)) : String(format: "%.3g", x)
    }

    static func bytes(_ x: Double) -> String {
        for (unit, size) in [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] where x >= size {
            return String(format: "%.1f %@", x / size, unit)
        }
        return "\(Int(x)) bytes"
    }
}
