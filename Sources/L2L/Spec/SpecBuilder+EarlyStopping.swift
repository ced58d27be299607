import L2LOptimizees

/// `outer.early_stopping`: its rungs must exist, and the inner runs must be continuable.
extension SpecValidator {
    mutating func checkEarlyStopping() {
        let path = "outer.early_stopping"
        guard values.present.contains(path + ".rule") else { return }
        let mark = values.marks[path + ".rule"]
        if let minimum = values.int(path + ".min_iterations"), let iterations = values.int("inner.iterations"), minimum >= iterations {
            report("\(path).min_iterations (\(minimum)) must be less than inner.iterations (\(iterations)); otherwise there is no rung",
                   at: path + ".min_iterations", values.marks[path + ".min_iterations"])
        }
        if values.string(path + ".rule") == EarlyStoppingSpec.Rule.hyperband.rawValue,
           let minimum = values.int(path + ".min_iterations"), let iterations = values.int("inner.iterations"), minimum < iterations {
            let factor = values.int(path + ".reduction_factor") ?? 3
            if minimum.multipliedReportingOverflow(by: factor).overflow || minimum * factor > iterations {
                report("\(path): hyperband needs min_iterations · reduction_factor (\(minimum) · \(factor)) ≤ inner.iterations (\(iterations)); otherwise it has one bracket, which stops nothing",
                       at: path + ".min_iterations", values.marks[path + ".min_iterations"])
            }
        }
        let lifetime = [OptimizerAlgorithm.neuromodulatedIdentifier] + PlasticityRuleSpec.identifiers
        if let inner = values.string("inner.optimizer"), lifetime.contains(inner) {
            report("\(path) needs an ask/tell inner optimizer; the lifetime rule '\(inner)' cannot be stopped and continued at rungs",
                   at: path, mark)
        }
        for index in 0..<(values.counts["outer.search_space"] ?? 0) where values.string("outer.search_space[\(index)].path") == "inner.iterations" {
            report("\(path) needs a fixed inner.iterations (the rungs are fractions of it), but outer.search_space[\(index)] tunes it",
                   at: path, mark)
        }
    }

    /// The typed `outer.early_stopping`, if the spec has one.
    func earlyStopping() -> EarlyStoppingSpec? {
        let path = "outer.early_stopping"
        guard values.present.contains(path + ".rule"), let rule = values.string(path + ".rule").flatMap(EarlyStoppingSpec.Rule.init),
              let minimum = values.int(path + ".min_iterations")
        else { return nil }
        return EarlyStoppingSpec(rule: rule, minIterations: minimum, reductionFactor: values.int(path + ".reduction_factor") ?? 3)
    }
}
