import CLAPACK
import Foundation

/// The BLAS that L2LNumerics calls (OpenBLAS) and the kernels it runs on this CPU.
///
/// OpenBLAS built with `DYNAMIC_ARCH` picks its kernels once, when the library is loaded, from the
/// CPU's identification. A release that does not know a CPU model falls back to its SSE3
/// "Prescott" kernels — on an AVX-512 Xeon that costs a factor of 2–3 in every product. The
/// environment variable `OPENBLAS_CORETYPE`, read at load time, overrides the choice; the `l2l`
/// tool sets it and restarts itself once when ``preferredCoreType(running:cpuFlags:)`` says the
/// loaded kernels are older than the CPU (see `BLASKernelSelection` in the tool).
public enum BLASLibrary {
    /// Which BLAS ran and with which kernels (reported by `l2l bench … --json`).
    public struct Description: Codable, Sendable, Equatable {
        /// The library's build configuration (`openblas_get_config`), e.g.
        /// `OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64`.
        public var library: String
        /// The kernel set in use (`openblas_get_corename`), e.g. `Zen`, `Haswell`, `SkylakeX`, `Prescott`.
        public var coreType: String
        /// `OPENBLAS_CORETYPE` as this process saw it; nil when unset (OpenBLAS chose by itself).
        public var coreTypeOverride: String?
        /// The kernel set OpenBLAS picked by itself before `l2l` restarted with ``coreTypeOverride``;
        /// nil when `l2l` did not intervene.
        public var coreTypeDetected: String?
        /// The widest vector extension the CPU reports: `avx512`, `avx2+fma`, `avx`, `sse`, or `unknown`.
        public var cpuVector: String
    }

    /// The environment variable the `l2l` tool sets to the kernel set OpenBLAS picked by itself
    /// when it overrides that choice.
    public static let detectedCoreVariable = "L2L_OPENBLAS_DETECTED_CORETYPE"

    /// The kernel set in use (`openblas_get_corename`).
    public static var coreType: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name).trimmingCharacters(in: .whitespaces)
    }

    /// The library's build configuration (`openblas_get_config`).
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text).trimmingCharacters(in: .whitespaces)
    }

    /// This process's BLAS, kernels and CPU.
    public static var current: Description {
        let environment = ProcessInfo.processInfo.environment
        return Description(
            library: configuration, coreType: coreType,
            coreTypeOverride: environment["OPENBLAS_CORETYPE"].flatMap { $0.isEmpty ? nil : $0 },
            coreTypeDetected: environment[detectedCoreVariable].flatMap { $0.isEmpty ? nil : $0 },
            cpuVector: vectorLevel(cpuFlags: cpuFlags()))
    }

    /// The CPU flags the kernel reports (`/proc/cpuinfo`, first processor); empty where there is
    /// no such file (macOS).
    public static func cpuFlags(cpuinfo path: String = "/proc/cpuinfo") -> Set<String> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }

    /// The widest double-precision vector extension in `cpuFlags`.
    public static func vectorLevel(cpuFlags flags: Set<String>) -> String {
        if flags.isEmpty { return "unknown" }
        if hasAVX512(flags) { return "avx512" }
        if flags.contains("avx2"), flags.contains("fma") { return "avx2+fma" }
        if flags.contains("avx") { return "avx" }
        return "sse"
    }

    /// OpenBLAS kernel sets that use AVX2 and FMA or wider (0.3.x names, as `openblas_get_corename`
    /// spells them).
    static let modernCoreTypes: Set<String> = [
        "haswell", "zen", "skylakex", "cooperlake", "sapphirerapids", "neoversen1", "neoversen2", "neoversev1",
    ]

    /// The `OPENBLAS_CORETYPE` this CPU should run when OpenBLAS loaded kernels older than the CPU
    /// (a pre-AVX2 set such as `Prescott`, `Core2`, `Nehalem`, `Sandybridge` on a CPU with AVX2 and
    /// FMA or AVX-512); nil when the loaded set already uses AVX2/FMA or the CPU has neither.
    ///
    /// AVX-512 (F, BW, DQ, VL) gets `SkylakeX`, AVX2 with FMA gets `Haswell` (the kernels OpenBLAS
    /// also uses for Zen). A kernel set OpenBLAS recognised (Zen, Haswell, SkylakeX, …) is left alone.
    public static func preferredCoreType(running: String, cpuFlags flags: Set<String>) -> String? {
        if modernCoreTypes.contains(running.lowercased()) { return nil }
        if hasAVX512(flags) { return "SkylakeX" }
        if flags.contains("avx2"), flags.contains("fma") { return "Haswell" }
        return nil
    }

    private static func hasAVX512(_ flags: Set<String>) -> Bool {
        ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains)
    }
}
