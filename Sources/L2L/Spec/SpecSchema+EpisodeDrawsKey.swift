import L2LOptimizees

// `episode_draws`, declared once here for every optimizee that draws training episodes
// (`optimizee.connectome`, `optimizee.morris_lecar`); see ``EpisodeDraws``.

extension SpecKey {
    /// The `episode_draws` key of an optimizee whose evaluations score `episodes` (e.g. "food
    /// layouts"), `count` of them per evaluation as set by the key `countKey`. A plug-in optimizee lists
    /// it among its keys and reads it with `EpisodeDraws(rawValue: section.string("episode_draws")!)`.
    public static func episodeDraws(_ episodes: String, countKey: String) -> SpecKey {
        SpecKey("episode_draws", .choice(EpisodeDraws.allCases.map(\.rawValue)), .value(.string(EpisodeDraws.fixed.rawValue)),
                """
                Where the training \(episodes) come from. `fixed`: one set drawn from the task seed, scored by \
                every evaluation of the run (the optimizer can fit that set rather than the task). `fresh`: \
                `\(countKey)` new \(episodes) at every inner iteration, drawn from the iteration's random stream, so \
                all candidates of one iteration see the same \(episodes) (common random numbers) and the next \
                iteration sees others; deterministic for any `--jobs`, MPI ranks or `l2l resume`. The held-out \
                \(episodes) of the final report are the task seed's either way.
                """)
    }
}

extension SpecValueReader {
    /// The `episode_draws` value of the optimizee section at `path` (validated).
    mutating func episodeDraws(_ path: String) -> EpisodeDraws {
        choice(path + ".episode_draws", fallback: .fixed)
    }
}
