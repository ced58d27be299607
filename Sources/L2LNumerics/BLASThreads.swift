import CLAPACK

/// Control of OpenBLAS's own thread pool.
///
/// l2l parallelizes over inner runs, so BLAS calls inside a run should use one
/// thread each: several runs each spawning a full BLAS pool oversubscribes the cores.
public enum BLASThreads {
    /// Sets the number of threads OpenBLAS uses for one call (process-wide).
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }
}
