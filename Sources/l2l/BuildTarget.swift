/// The instruction set this binary was compiled for (Package.swift: `-target-cpu` in release builds).
enum BuildTarget {
    /// `native` (the building machine's CPU), `named` (`L2L_TARGET_CPU`), or `portable` (plain
    /// x86-64 with SSE2, or any build that is not a release build).
    static var cpu: String {
        #if L2L_TARGET_CPU_NATIVE
        "native"
        #elseif L2L_TARGET_CPU_NAMED
        "named"
        #else
        "portable"
        #endif
    }
}
