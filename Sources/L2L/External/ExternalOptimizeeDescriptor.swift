import L2LOptimizers
import L2LOptimizees

/// `optimizee.external`: a model in another program, trained through the line protocol of
/// docs/external-protocol.md. The keys are declared once here; validation, `docs/spec.md` and
/// the outer loop's dotted paths (`optimizee.external.lower`, …) derive from them.
enum ExternalOptimizeeDescriptor {
    static let identifier = "external"

    static let parameter = SpecMapping(
        title: "optimizee.external.parameters[i]", doc: "One named parameter of the external model.",
        keys: [
            SpecKey("name", .string(.identifier), .required, "The parameter's name, sent in the hello."),
            SpecKey("low", .real(.any), .required, "Lower bound, `< high`."),
            SpecKey("high", .real(.any), .required, "Upper bound."),
            SpecKey("initial", .real(.any), .optional, "Starting value in `[low, high]`; all or none of the parameters give one."),
        ])

    static let keys: [SpecKey] = [
        SpecKey("command", .scalarList, .required,
                "The worker program and its arguments, e.g. `[python3, examples/external-numpy/model.py]`; the program is looked up on PATH, relative paths are relative to `working_directory`."),
        SpecKey("working_directory", .string(.filePath), .optional, "Directory the worker starts in; default: l2l's."),
        SpecKey("parameters", .list(parameter, minimumCount: 1), .optional,
                "Named parameters with their bounds; or give `dimension`, `lower` and `upper` instead."),
        SpecKey("dimension", .integer(1...10_000_000), .optional,
                "Number of parameters `x0 … x{n−1}`, all in `[lower, upper]` (instead of `parameters`)."),
        SpecKey("lower", .real(.any), .optional, "Lower bound of every parameter, with `dimension`."),
        SpecKey("upper", .real(.any), .optional, "Upper bound of every parameter, with `dimension`; `> lower`."),
        SpecKey("initial", .real(.any), .optional,
                "With `dimension`: the starting value of every parameter, in `[lower, upper]`; default: the optimizer's own start."),
        SpecKey("outputs", .bool, .value(.bool(false)),
                "The worker returns model outputs and targets with each fitness (needed by `inner.optimizer: enkf`)."),
        SpecKey("config", .json, .optional,
                "Anything the model needs (mappings, lists, scalars), sent to the worker in the hello as JSON."),
        SpecKey("startup_time_limit", .real(.leftOpen(0, 1e6)), .value(.double(60)),
                "Seconds a starting worker may take to answer the hello."),
        SpecKey("final_time_limit", .real(.closed(0, 1e9)), .value(.double(0)),
                "Seconds the worker may take for a run's `final` request (its held-out scores); 0: no limit."),
    ]

    static let descriptor = OptimizeeDescriptor(
        identifier: identifier,
        doc: "A model in another program (NumPy, PyTorch, NEST, Brian2, …), trained through the line protocol of docs/external-protocol.md",
        keys: keys,
        capabilities: { section in OptimizeeCapabilities(providesOutputs: section.bool("outputs") ?? false) },
        check: check,
        make: { section, context in
            try ExternalOptimizee(configuration: ExternalOptimizeeConfiguration(section), coordinates: context.coordinates)
        })

    /// The rules involving several keys.
    static func check(_ section: SpecSection) -> [SpecSectionIssue] {
        var issues: [SpecSectionIssue] = []
        if let command = section.lists["command"] {
            for (index, word) in command.enumerated() {
                guard case .string(let text) = word, !text.isEmpty else {
                    issues.append(SpecSectionIssue(key: "command[\(index)]", "expected a non-empty string, got '\(word)'"))
                    continue
                }
                if text.unicodeScalars.contains("\0") {
                    issues.append(SpecSectionIssue(key: "command[\(index)]", "must not contain NUL characters"))
                }
            }
        }
        let named = section.counts["parameters"] != nil
        let boxKeys = ["dimension", "lower", "upper", "initial"].filter(section.isPresent)
        if named, let first = boxKeys.first {
            issues.append(SpecSectionIssue(key: first, "give either 'parameters' or 'dimension' with 'lower' and 'upper', not both"))
        } else if !named {
            for key in ["dimension", "lower", "upper"] where !section.isPresent(key) {
                issues.append(SpecSectionIssue(key: key, "missing '\(key)': without a 'parameters' list, give 'dimension', 'lower' and 'upper'"))
            }
            if let lower = section.double("lower"), let upper = section.double("upper") {
                if lower >= upper {
                    issues.append(SpecSectionIssue(key: "upper", "upper (\(SpecRealRange.format(upper))) must be greater than lower (\(SpecRealRange.format(lower)))"))
                } else if let initial = section.double("initial"), !(lower...upper).contains(initial) {
                    issues.append(SpecSectionIssue(key: "initial", "initial (\(SpecRealRange.format(initial))) must lie in [lower, upper]"))
                }
            }
        }
        if let count = section.counts["parameters"] {
            var names: [String: Int] = [:]
            var initials = 0
            for index in 0..<count {
                let p = "parameters[\(index)]."
                if let name = section.string(p + "name") {
                    if let first = names[name] {
                        issues.append(SpecSectionIssue(key: p + "name", "'\(name)' is already the name of parameters[\(first)]"))
                    } else {
                        names[name] = index
                    }
                }
                guard let low = section.double(p + "low"), let high = section.double(p + "high") else { continue }
                if low >= high {
                    issues.append(SpecSectionIssue(key: p + "high", "high (\(SpecRealRange.format(high))) must be greater than low (\(SpecRealRange.format(low)))"))
                }
                if let initial = section.double(p + "initial") {
                    initials += 1
                    if low < high, !(low...high).contains(initial) {
                        issues.append(SpecSectionIssue(key: p + "initial", "initial (\(SpecRealRange.format(initial))) must lie in [low, high]"))
                    }
                }
            }
            if initials > 0, initials < count {
                issues.append(SpecSectionIssue(key: "parameters", "\(initials) of \(count) parameters give 'initial'; give it for all or none"))
            }
        }
        return issues
    }
}

/// The validated `optimizee.external` section, typed.
struct ExternalOptimizeeConfiguration: Sendable, Equatable {
    var command: [String]
    var workingDirectory: String?
    var space: SearchSpace
    var initialPoint: [Double]?
    var outputs: Bool
    var config: JSONValue
    var startupTimeLimit: Double
    var finalTimeLimit: Double

    init(_ section: SpecSection) throws {
        command = (section.lists["command"] ?? []).map(\.description)
        workingDirectory = section.string("working_directory")
        // A validated section has every defaulted key; a hand-built one (the benchmark) falls back to the declared defaults.
        func declared(_ key: String) -> SpecScalar? {
            guard case .value(let value)? = ExternalOptimizeeDescriptor.keys.first(where: { $0.name == key })?.defaultValue else { return nil }
            return value
        }
        outputs = section.bool("outputs") ?? (declared("outputs") == .bool(true))
        config = section.json["config"] ?? .object([])
        startupTimeLimit = section.double("startup_time_limit") ?? declared("startup_time_limit")!.doubleValue!
        finalTimeLimit = section.double("final_time_limit") ?? declared("final_time_limit")!.doubleValue!
        if let count = section.counts["parameters"] {
            var dimensions: [SearchDimension] = []
            var initial: [Double] = []
            for index in 0..<count {
                let p = "parameters[\(index)]."
                dimensions.append(SearchDimension(
                    name: section.string(p + "name") ?? "x\(index)", kind: .real,
                    lower: section.double(p + "low") ?? 0, upper: section.double(p + "high") ?? 1))
                if let value = section.double(p + "initial") { initial.append(value) }
            }
            space = SearchSpace(dimensions)
            initialPoint = initial.count == count ? initial : nil
        } else {
            let dimension = section.int("dimension") ?? 1
            space = .box(count: dimension, lower: section.double("lower") ?? 0, upper: section.double("upper") ?? 1)
            initialPoint = section.double("initial").map { [Double](repeating: $0, count: dimension) }
        }
        guard !command.isEmpty else { throw ExternalOptimizee.Failure.noCommand }
    }
}
