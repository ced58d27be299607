import L2LNumerics
import L2LOptimizers
import L2LOptimizees

/// Re-scoring of an inner run's best points on a validation set before the run reports them
/// (YAML `inner.rescore_top`, `inner.rescore_draws`).
///
/// With noisy evaluations — fresh episodes per iteration (`episode_draws: fresh`), mini-batches —
/// the incumbent an optimizer keeps is partly the candidate that met the easiest draws (a winner's
/// curse): its told fitness is biased up, and the point is not necessarily the best one. With
/// re-scoring on, the inner run keeps the `candidates` best distinct points it evaluated (by told
/// fitness; the optimizer's incumbent always among them), scores each `draws` times on validation
/// streams derived from the run's own stream (``StreamLabel/validation``, the same streams for every
/// point: common random numbers, and the same whatever `--jobs`, MPI ranks or resume), and reports
/// the point with the best mean as the run's best point, with that mean as its final best fitness
/// (what the outer loop scores and the held-out report uses). The validation streams are not those of
/// any training iteration, so with `episode_draws: fresh` the point is judged on episodes it was not
/// chosen on. With fixed episodes and a deterministic optimizee, re-scoring repeats the told fitness.
public struct IncumbentRescore: Sendable, Equatable {
    /// How many of the best distinct evaluated points are re-scored (`>= 1`).
    public var candidates: Int
    /// How many validation evaluations each point gets, each from its own stream (`>= 1`).
    public var draws: Int

    public init(candidates: Int, draws: Int = 1) {
        self.candidates = candidates
        self.draws = draws
    }
}

/// The best distinct points an inner run has evaluated, by told fitness (earlier first on ties).
struct TopCandidates {
    /// A kept point with its told fitness and when it was first seen.
    struct Entry {
        var point: [Double]
        var fitness: Double
        var order: Int
    }

    let capacity: Int
    private(set) var entries: [Entry] = []
    private var seen = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Offers one evaluated point; a non-finite fitness or a point already kept is ignored.
    mutating func offer(_ point: [Double], fitness: Double) {
        defer { seen += 1 }
        guard fitness.isFinite, !entries.contains(where: { $0.point == point }) else { return }
        let entry = Entry(point: point, fitness: fitness, order: seen)
        let position = entries.firstIndex { $0.fitness < fitness } ?? entries.endIndex
        guard position < capacity else { return }
        entries.insert(entry, at: position)
        if entries.count > capacity { entries.removeLast() }
    }
}

extension InnerRun {
    /// The run's reported best point after re-scoring: the best of `top` (and `incumbent`) by mean
    /// fitness over the validation streams, with that mean; nil when no point scores a finite mean.
    /// - Returns: the point, its validation fitness, its told fitness, and its rank by told fitness (0: the best told).
    static func rescored(
        _ top: TopCandidates, incumbent: Incumbent, optimizee: any Optimizee, rescore: IncumbentRescore,
        coordinates: RunCoordinates, stream: RandomStream, iteration: Int, timeLimit: Double?
    ) -> (point: [Double], fitness: Double, told: Double, rank: Int)? {
        var pool = top.entries.map { ($0.point, $0.fitness) }
        if !pool.contains(where: { $0.0 == incumbent.point }) {
            // The incumbent always competes (an optimizer may report a point it never told, e.g. a mean),
            // in its place by told fitness.
            let position = pool.firstIndex { $0.1 < incumbent.fitness } ?? pool.endIndex
            pool.insert((incumbent.point, incumbent.fitness), at: position)
        }
        let points = pool.map(\.0)
        var sums = Array(repeating: 0.0, count: points.count)
        for draw in 0..<rescore.draws {
            let validation = stream.derived(StreamLabel.validation, UInt64(draw))
            let scores: [Double]
            if let batch = optimizee as? any BatchOptimizee {
                let context = EvaluationBatchContext(
                    coordinates: coordinates, iteration: iteration, random: validation, timeLimit: timeLimit)
                let outcomes = batch.evaluateBatch(points, context: context)
                scores = points.indices.map { index in
                    guard index < outcomes.count, outcomes[index].status == .ok else { return -.infinity }
                    return outcomes[index].evaluation.fitness
                }
            } else {
                scores = points.map { point in
                    var random = validation
                    return evaluate(optimizee, point, &random, timeLimit: timeLimit).0.fitness
                }
            }
            for index in points.indices { sums[index] += scores[index].isFinite ? scores[index] : -.infinity }
        }
        let means = sums.map { $0 / Double(rescore.draws) }
        // The first best mean wins: ties go to the better told fitness.
        var best: Int?
        for index in means.indices where means[index].isFinite {
            if best == nil || means[index] > means[best!] { best = index }
        }
        guard let best else { return nil }
        let rank = pool.indices.filter { pool[$0].1 > pool[best].1 }.count
        return (points[best], means[best], pool[best].1, rank)
    }
}
