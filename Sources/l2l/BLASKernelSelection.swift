import Foundation
import L2LNumerics

/// Restarts `l2l` once with `OPENBLAS_CORETYPE` set when OpenBLAS loaded kernels older than the CPU.
///
/// OpenBLAS picks its kernels in its load-time constructor, before any code of l2l runs, and reads
/// `OPENBLAS_CORETYPE` only then; a release that does not know the CPU model falls back to its
/// SSE3 "Prescott" kernels (Debian 12's OpenBLAS 0.3.21 on recent AVX-512 Xeons). So when
/// ``BLASLibrary/preferredCoreType(running:cpuFlags:)`` names a better kernel set, the tool sets the
/// variable and replaces itself by the same binary with the same arguments (`execv` of
/// `/proc/self/exe`); the restarted process finds the variable set and goes on. Processes that
/// l2l starts (external and MPI workers are `l2l` too) inherit the variable, so every process of
/// a study runs the same kernels and results stay bit-identical across `--jobs` and ranks.
///
/// A user's own `OPENBLAS_CORETYPE` is always kept. Linux only (elsewhere nothing happens).
enum BLASKernelSelection {
    static func restartIfMismatched() {
        #if os(Linux)
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["OPENBLAS_CORETYPE"], !chosen.isEmpty { return }
        let running = BLASLibrary.coreType
        guard let preferred = BLASLibrary.preferredCoreType(running: running, cpuFlags: BLASLibrary.cpuFlags()) else { return }
        setenv("OPENBLAS_CORETYPE", preferred, 1)
        setenv(BLASLibrary.detectedCoreVariable, running, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // The restart failed: go on with the loaded kernels, and keep the variables from children.
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(BLASLibrary.detectedCoreVariable)
        #endif
    }
}
