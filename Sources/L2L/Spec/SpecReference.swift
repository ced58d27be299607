import Foundation
import L2LOptimizees

/// The spec reference, `docs/spec.md`, generated from the schema declarations.
///
/// `SpecReferenceTests` fails when `docs/spec.md` differs from ``markdown()``; regenerate with
/// `L2L_RECORD_SPEC_REFERENCE=1 swift test --filter SpecReferenceTests`.
public enum SpecReference {
    /// The full text of `docs/spec.md`.
    public static func markdown() -> String {
        var out = """
            # Experiment spec reference

            <!-- Generated from the schema in Sources/L2L/Spec/SpecSchema+Keys.swift and SpecSchema+OptimizerKeys.swift
                 by SpecReference.markdown(). Do not edit;
                 regenerate with: L2L_RECORD_SPEC_REFERENCE=1 swift test --filter SpecReferenceTests -->

            An experiment spec is a YAML file. An *outer* optimizer tunes the hyperparameters of an *inner*
            optimizer: for every candidate hyperparameter vector, the inner optimizer runs on each train task
            (`repeats` times), and the outer fitness aggregates those runs. The best hyperparameters are then
            re-run on the held-out test tasks.

            `l2l` checks a spec completely before running it and reports every problem at once, each as
            `file:line:column: error: key.path: message`.

            ## Rules for values

            - **Unknown keys are errors**, with a suggestion for likely typos; each key may appear once.
            - **Integers** are decimal, without leading zeros: `010`, `0x1F`, `1e3` and `1.0` are rejected
              where an integer is expected (YAML 1.1 would read `010` as 8). `_` may group digits: `1_000`.
            - **Numbers** are finite decimals (`0.5`, `-2`, `1e-3`); an integer is a number. `.inf` and `.nan` are rejected.
            - **Bools** are `true` or `false`; YAML 1.1's `yes`/`no`/`on`/`off` are rejected.
            - **Quoted scalars are strings**: `"10"` is not a number.
            - Anchors and aliases may be used for values (`test: *train_tasks`), not as keys; merge keys (`<<`)
              are not supported. A spec is at most 256 KiB and nested at most 64 levels.
            - **YAML tags** that change what a value means (`seed: !!str 42`, `!!python/object:…`, `!custom`) are
              rejected with their position; a tag that agrees with the plain value (`!!int 7`) is harmless.
            - **Relative data paths** (`data_directory`, `images`, `labels`) are looked up in the spec file's
              directory and each of its parents, then the working directory, then each directory of the
              `L2L_DATA_PATH` environment variable (colon-separated); the first that exists is used, so a
              repository's specs run from any working directory and an installed binary finds `$L2L_DATA_PATH/data`.
            - `l2l run SPEC --set PATH=VALUE` overrides any key by its dotted path (checked like the file; the result
              file stores the spec with the override written in). `l2l validate` and `run` also refuse a spec that
              cannot run here: the memory it needs at the least, `record.covariance: full` beyond
              `max_full_covariance` for the optimizee's parameter count, an optimizee that cannot be built.
            - *default* "required" means the key must be given; "none" means it is optional.

            ## Scales

            A spec may end with a top-level `scales:` mapping: each entry names a partial spec that
            `l2l run SPEC --scale NAME` merges over the file's own values, so one file holds a study at
            its smoke scale (the file's values, which CI runs) and at the scales it is published at.

            ```yaml
            scales:
              full:
                outer: {iterations: 10, population: 12}
                inner: {iterations: 500}
                optimizee:
                  classifier: {batch_size: 64}
                tasks: {train: {count: 4}, test: {count: 8}}
            ```

            - Mappings merge key by key; any other value replaces the file's value whole — a list such as
              `outer.search_space` is restated in full.
            - The merged spec is checked like any other, and a problem inside a scale is reported at its own
              line and column. `l2l validate` checks the file's values and every declared scale.
            - A scale name is letters, digits, `_` and `-`. Unless the scale sets `output` itself, results go to
              the file's `output` with `-NAME` before the extension (`results/study-full.h5`).
            - The result file keeps the spec's text and the scale's name (root attribute `scale`); `l2l resume`
              and MPI worker ranks apply the same scale again.


            """
        out += section("Top level", SpecSchema.root)
        out += section("`outer`", SpecSchema.outer(optimizers: SpecSchema.builtInOptimizerVariant), extra: "Plus the keys of the chosen optimizer (see *Optimizers*).")
        out += section("`outer.early_stopping`", SpecSchema.earlyStopping)
        out += section("`inner`", SpecSchema.inner(optimizers: SpecSchema.builtInOptimizerVariant), extra: "Plus the keys of the chosen optimizer (see *Optimizers*).")
        out += "## Optimizers\n\n`outer` and `inner` take the chosen optimizer's hyperparameters directly beside `optimizer` and `iterations`.\n\n"
        for variantCase in SpecSchema.builtInOptimizerVariant.cases {
            out += "### `optimizer: \(variantCase.value)`\n\n\(variantCase.doc)\n\n" + table(variantCase.keys)
            for key in variantCase.keys {
                guard case .mapping(let nested) = key.type else { continue }
                out += "#### `\(key.name)` (`optimizer: \(variantCase.value)`)\n\n\(nested.doc)\n\n" + table(nested.keys)
            }
        }
        out += section("`optimizee`", SpecSchema.optimizee(registered: OptimizeeRegistry.shipped))
        out += section("`optimizee.function`", SpecSchema.function)
        out += section("`optimizee.classifier`", SpecSchema.classifier,
                       extra: "Plus the keys of the chosen `dataset`:")
        for variantCase in SpecSchema.datasetVariant.cases {
            out += "### `dataset: \(variantCase.value)`\n\n\(variantCase.doc)\n\n" + table(variantCase.keys)
        }
        out += section("`optimizee.reservoir`", SpecSchema.reservoir, extra: "Plus the keys of the chosen `task`:")
        for variantCase in SpecSchema.reservoirTaskVariant.cases {
            out += "### `task: \(variantCase.value)`\n\n\(variantCase.doc)\n\n" + table(variantCase.keys)
        }
        out += section("`optimizee.morris_lecar`", SpecSchema.morrisLecar)
        out += section("`optimizee.connectome`", SpecSchema.connectome)
        out += section("`optimizee.connectome.paper`", SpecSchema.connectomePaper)
        out += section("`optimizee.genotype_classifier`", SpecSchema.genotypeClassifier,
                       extra: "Plus `data_directory` (see `dataset: digits8x8` above).")
        out += section("`optimizee.genotype_classifier.signsgd_after`", SpecSchema.genotypeSignSGDAfter)
        out += section("`optimizee.gonogo`", SpecSchema.goNoGo)
        out += section("`optimizee.plastic_classifier`", SpecSchema.plasticClassifier,
                       extra: "Plus `data_directory` (see `dataset: digits8x8` above).")
        for descriptor in OptimizeeRegistry.shipped {
            out += section("`optimizee.\(descriptor.identifier)`", descriptor.mapping)
            for key in descriptor.keys {
                guard case .list(let element, _) = key.type else { continue }
                out += section("`optimizee.\(descriptor.identifier).\(key.name)[i]`", element)
            }
        }
        out += section("`tasks`", SpecSchema.tasks)
        if case .mapping(let train) = SpecSchema.tasks.keys[0].type, case .mapping(let test) = SpecSchema.tasks.keys[1].type {
            out += section("`tasks.train`", train)
            out += section("`tasks.test`", test)
        }
        out += section("`record`", SpecSchema.record)
        out += searchSpace()
        out += "## Example\n\n`experiments/quickstart.yaml`:\n\n```yaml\n\(quickstartExample)```\n"
        return out
    }

    private static func section(_ heading: String, _ mapping: SpecMapping, extra: String? = nil) -> String {
        var text = "## \(heading)\n\n\(mapping.doc)\n\n" + table(mapping.keys)
        if let extra { text += "\(extra)\n\n" }
        return text
    }

    private static func table(_ keys: [SpecKey]) -> String {
        var text = "| key | type | default | allowed | description |\n|---|---|---|---|---|\n"
        for key in keys {
            let cells = ["`\(key.name)`", key.type.typeName, key.defaultValue.documentation, key.type.allowedDescription, key.doc]
            text += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return text + "\n"
    }

    private static func searchSpace() -> String {
        var text = """
            ## Search space

            `outer.search_space` lists the tuned hyperparameters. Each entry names a key by its dotted `path`
            and a `kind`, the domain searched:


            """
        text += table(SpecSchema.searchSpaceEntry.keys)
        for variantCase in SpecSchema.searchSpaceEntry.variant?.cases ?? [] {
            text += "### `kind: \(variantCase.value)`\n\n\(variantCase.doc)\n\n" + table(variantCase.keys)
        }
        text += """
            ### Paths

            A path names a value key under `inner` or `optimizee` that exists for this spec: `inner.elite_fraction`
            only when `inner` uses `optimizer: cem`. Keys absent from the file may be named; they take the searched
            value instead of their default. `inner.optimizer` cannot be searched.

            - `uniform` and `log_uniform` need a number key, `integer` an integer key; `low < high`, and both must be
              allowed values of the key.
            - `choice` fits any key; each value must be valid for it (an integer counts as a number).
            - A path may appear once.

            Searchable paths:


            """
        for variantCase in SpecSchema.builtInOptimizerVariant.cases {
            let keys = SpecSchema.inner.keys.filter { $0.name != "optimizer" } + variantCase.keys
            let paths = keys.flatMap { key -> [String] in
                guard case .mapping(let nested) = key.type else { return ["inner.\(key.name)"] }
                return nested.keys.map { "inner.\(key.name).\($0.name)" }
            }
            text += "- `inner` with `optimizer: \(variantCase.value)`: " + paths.map { "`\($0)`" }.joined(separator: ", ") + "\n"
        }
        text += "- `optimizee.function`: " + SpecSchema.function.keys.map { "`optimizee.function.\($0.name)`" }.joined(separator: ", ") + "\n"
        let classifierKeys = SpecSchema.classifier.keys.filter { $0.type.isScalar && $0.name != SpecSchema.datasetVariant.discriminator }
            + [SpecSchema.dataDirectoryKey]
        text += "- `optimizee.classifier`: " + classifierKeys.map { "`optimizee.classifier.\($0.name)`" }.joined(separator: ", ")
            + " (`data_directory` with a shipped `dataset`; lists and `dataset` cannot be searched)\n"
        let genotypeKeys = SpecSchema.genotypeClassifier.keys.filter { $0.type.isScalar && $0.name != SpecSchema.genotypeDatasetVariant.discriminator }
            + [SpecSchema.dataDirectoryKey]
        text += "- `optimizee.genotype_classifier`: " + genotypeKeys.map { "`optimizee.genotype_classifier.\($0.name)`" }.joined(separator: ", ")
            + ", " + SpecSchema.genotypeSignSGDAfter.keys.map { "`optimizee.genotype_classifier.signsgd_after.\($0.name)`" }.joined(separator: ", ")
            + " (`dataset` and `digits` cannot be searched; naming a `signsgd_after` key turns SignSGD on)\n"
        let reservoirKeys = SpecSchema.reservoir.keys.filter { $0.type.isScalar && $0.name != SpecSchema.reservoirTaskVariant.discriminator }
        text += "- `optimizee.reservoir`: " + reservoirKeys.map { "`optimizee.reservoir.\($0.name)`" }.joined(separator: ", ")
            + ", and the scalar keys of the chosen `task` (`task` and `digits` cannot be searched)\n\n"
        return text
    }

    /// `experiments/quickstart.yaml` (a test checks that the file matches and validates).
    static let quickstartExample = """
        # Quickstart: an outer genetic algorithm tunes the cross-entropy method's
        # hyperparameters so that it minimises a family of shifted, rotated Rastrigin
        # functions; the best hyperparameters are then re-run on held-out task seeds.
        name: quickstart
        seed: 42
        output: results/quickstart.h5

        outer:
          optimizer: ga
          iterations: 6            # outer generations
          population: 10
          tournament_size: 3
          crossover_probability: 0.7
          mutation_probability: 0.6
          mutation_scale: 0.15
          elites: 1
          fitness: mean            # mean | median | auc  (over train tasks x repeats)
          search_space:
            - path: inner.elite_fraction
              kind: uniform
              low: 0.05
              high: 0.5
            - path: inner.initial_sigma
              kind: log_uniform
              low: 0.02
              high: 1.0
            - path: inner.population
              kind: integer
              low: 8
              high: 48
            - path: inner.covariance
              kind: choice
              values: [diagonal, full]

        inner:
          optimizer: cem
          iterations: 60
          population: 20
          elite_fraction: 0.2
          initial_sigma: 0.3
          noise: 0.02
          noise_decay: 0.95
          covariance: diagonal

        optimizee:
          function:
            name: rastrigin
            dimension: 4
            lower: -5.12
            upper: 5.12
            shift: 2.0             # task family: optimum shifted uniformly in [-2, 2]^d
            rotate: true           # and the coordinates rotated, per task seed

        tasks:
          train: {count: 4, first_seed: 0}
          test: {count: 8, first_seed: 1000}
          repeats: 2

        record:
          candidates: true         # every inner candidate and its fitness
          state: true              # the inner optimizer's state per iteration

        """
}
