import L2LOptimizers
import L2LOptimizees

/// Cross-key checks of a registered optimizee (``OptimizeeRegistry``): its descriptor's own rules,
/// and the capabilities the inner and outer optimizers need of it.
extension SpecValidator {
    mutating func checkRegisteredOptimizee() {
        guard let name = values.variants["optimizee"], let descriptor = OptimizeeRegistry.descriptor(name) else { return }
        let path = "optimizee." + name
        // A descriptor's rules assume every key is valid on its own.
        guard !issues.contains(where: { $0.keyPath == path || $0.keyPath.hasPrefix(path + ".") }) else { return }
        let section = values.section(at: path)
        for issue in descriptor.check(section) {
            let at = issue.key.isEmpty ? path : SpecValidator.join(path, issue.key)
            report(issue.message, at: at, values.marks[at] ?? values.marks[path])
        }
        let capabilities = descriptor.capabilities(section)
        let inner = values.variants["inner"]
        if inner == AlleleFrequencyEvolution.identifier, !capabilities.binaryParameters {
            report("inner.optimizer nne evolves binary genotypes, but optimizee.\(name) has real-valued parameters (use ga, cmaes, …)",
                   at: "inner.optimizer", values.marks["inner.optimizer"])
        }
    }
}

extension SpecValidator {
    /// An inner EnKF needs model outputs, which not every optimizee returns (checked for the built-in
    /// families here, for registered ones by their descriptors' capabilities).
    mutating func checkInnerOutputs() {
        guard values.variants["inner"] == EnsembleKalmanFilter.identifier, let name = values.variants["optimizee"] else { return }
        let capabilities: OptimizeeCapabilities
        if let descriptor = OptimizeeRegistry.descriptor(name) {
            capabilities = descriptor.capabilities(values.section(at: "optimizee." + name))
        } else if let builtIn = OptimizeeRegistry.builtInCapabilities[name] {
            capabilities = builtIn
        } else {
            return  // Lifetime-only families: reported by their own checks.
        }
        guard !capabilities.providesOutputs else { return }
        report("inner.optimizer enkf fits model outputs to targets, but optimizee.\(name) returns none"
               + (name == ExternalOptimizeeDescriptor.identifier ? " here (set optimizee.external.outputs: true and reply with outputs and targets)" : "; use ga, cmaes, openai_es, …"),
               at: "inner.optimizer", values.marks["inner.optimizer"])
    }

    /// The outer loop scores hyperparameter sets by a fitness only: an optimizer that fits model
    /// outputs to targets (the EnKF) has nothing to fit there.
    mutating func checkOuterOptimizerCapabilities() {
        guard values.variants["outer"] == EnsembleKalmanFilter.identifier else { return }
        report("outer.optimizer enkf fits model outputs to targets, but the outer loop scores hyperparameter sets by a fitness only; use ga, cmaes, cem, openai_es, mads or enomad",
               at: "outer.optimizer", values.marks["outer.optimizer"])
    }
}

extension SpecValidator {
    /// A registered optimizer's own rules and what it needs of its loop.
    mutating func checkRegisteredOptimizer(_ descriptor: OptimizerDescriptor, at path: String) {
        if path == "outer", !descriptor.capabilities.outerCapable {
            report("optimizer \(descriptor.identifier) cannot run the outer loop (it is registered as inner-only)",
                   at: "outer.optimizer", values.marks["outer.optimizer"])
        }
        if path == "outer", descriptor.capabilities.needsOutputs {
            report("optimizer \(descriptor.identifier) fits model outputs, but the outer loop scores hyperparameter sets by a fitness only",
                   at: "outer.optimizer", values.marks["outer.optimizer"])
        }
        if path == "inner", descriptor.capabilities.needsOutputs, let name = values.variants["optimizee"],
            let optimizee = OptimizeeRegistry.descriptor(name),
            !optimizee.capabilities(values.section(at: "optimizee." + name)).providesOutputs
        {
            report("optimizer \(descriptor.identifier) fits model outputs, but optimizee.\(name) returns none here",
                   at: "inner.optimizer", values.marks["inner.optimizer"])
        }
        // The descriptor's own rules assume every key of the section is valid on its own.
        guard !issues.contains(where: { $0.keyPath.hasPrefix(path + ".") }) else { return }
        for issue in descriptor.check(values.section(at: path)) {
            let at = issue.key.isEmpty ? path : SpecValidator.join(path, issue.key)
            report(issue.message, at: at, values.marks[at] ?? values.marks[path])
        }
    }
}

extension SpecValidator {
    /// A registered optimizer's value rules over every value a search-space entry on `inner.<key>`
    /// may try: each listed choice, each integer of a range (up to 100,000 of them), a real range's ends.
    mutating func checkSearchedValueRules(_ descriptor: OptimizerDescriptor, _ entries: [SearchSpaceEntry]) {
        for (index, entry) in entries.enumerated() {
            guard entry.path.hasPrefix("inner."), let rule = descriptor.valueRules[String(entry.path.dropFirst(6))] else { continue }
            let at = "outer.search_space[\(index)]"
            let name = entry.path.dropFirst(6)
            switch entry.kind {
            case .choice(let options):
                for (position, option) in options.enumerated() {
                    guard let problem = rule(option) else { continue }
                    report("\(descriptor.identifier): \(name) \(option) \(problem)", at: at + ".values[\(position)]", values.marks[at + ".values[\(position)]"])
                }
            case .integer(let low, let high):
                guard high - low <= 100_000, let bad = (low...high).first(where: { rule(.int($0)) != nil }) else { continue }
                report("kind integer can try \(name) \(bad), but it \(rule(.int(bad))!); use kind: choice with allowed values",
                       at: at + ".kind", values.marks[at + ".kind"])
            case .uniform(let low, let high), .logUniform(let low, let high):
                guard let bad = [low, high].first(where: { rule(.double($0)) != nil }) else { continue }
                report("the search can try \(name) \(SpecRealRange.format(bad)), but it \(rule(.double(bad))!)", at: at, values.marks[at])
            }
        }
    }
}
