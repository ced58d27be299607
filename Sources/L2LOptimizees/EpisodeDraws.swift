import L2LNumerics

/// Where an optimizee's training episodes come from (YAML `episode_draws` of the optimizees that
/// draw episodes: food layouts, pulse trials, mini-batches).
///
/// `fixed` draws one set from the task seed when the optimizee is built, so every evaluation of
/// every iteration scores the same episodes: the optimizer can fit that set rather than the task.
/// `fresh` draws a new set at every inner iteration from the iteration's stream
/// (``RunCoordinates/stream(root:)`` derived with ``StreamLabel/evaluation`` and the iteration),
/// the stream every candidate of that iteration is handed: all candidates of one iteration see the
/// same episodes (common random numbers, so their comparison stays fair), the next iteration sees
/// others, and the draws depend on the run's coordinates and the iteration only — never on
/// `--jobs`, MPI ranks or a resume.
public enum EpisodeDraws: String, Sendable, Equatable, CaseIterable {
    /// One training set, drawn from the task seed, for the whole run (the default).
    case fixed
    /// A new training set at each inner iteration, shared by the iteration's candidates.
    case fresh

    /// The training episodes of one evaluation.
    /// - Parameters:
    ///   - fixed: the set drawn from the task seed (returned as is in `fixed` mode).
    ///   - count: how many episodes `fresh` mode draws.
    ///   - iteration: the stream the inner run hands to ``Optimizee/evaluate(_:random:)`` (or
    ///     ``EvaluationBatchContext/random``); it is not advanced: each episode `i` comes from its
    ///     own child stream `derived(StreamLabel.episodes, i)`, so drawing episodes never shifts the
    ///     numbers the evaluation draws for anything else.
    ///   - draw: makes episode `i` from its stream.
    public func episodes<Episode>(
        fixed: [Episode], count: Int, iteration: RandomStream, draw: (inout RandomStream, Int) -> Episode
    ) -> [Episode] {
        switch self {
        case .fixed:
            return fixed
        case .fresh:
            return (0..<count).map { index in
                var stream = iteration.derived(StreamLabel.episodes, UInt64(index))
                return draw(&stream, index)
            }
        }
    }
}
