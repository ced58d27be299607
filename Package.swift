// swift-tools-version:6.0
import Foundation
import PackageDescription

/// The MPI evaluator backend (`L2LMPI`) is built only when asked for, because SwiftPM cannot test
/// whether a system library exists: `L2L_MPI=1 swift build --build-path .build-mpi` (needs
/// libopenmpi-dev; see docs/running-at-scale.md). A separate build path keeps the default build,
/// and SwiftPM's manifest cache for it, unaffected.
let withMPI = Context.environment["L2L_MPI"] == "1"

/// The pkg-config name of HDF5: Debian and Ubuntu install `hdf5-serial` (and, in recent releases,
/// `hdf5` too); Homebrew, conda, Spack and source builds install `hdf5`. `L2L_HDF5_PKG_CONFIG`
/// overrides the choice; otherwise `hdf5-serial` is used where its `.pc` file is found on the
/// pkg-config search path, else `hdf5` (README.md, "Installing beyond Debian").
let hdf5PkgConfig: String = {
    if let name = Context.environment["L2L_HDF5_PKG_CONFIG"], !name.isEmpty { return name }
    let searched = (Context.environment["PKG_CONFIG_PATH"] ?? "").split(separator: ":").map(String.init) + [
        "/usr/lib/x86_64-linux-gnu/pkgconfig", "/usr/lib/aarch64-linux-gnu/pkgconfig", "/usr/lib/pkgconfig",
        "/usr/lib64/pkgconfig", "/usr/share/pkgconfig", "/usr/local/lib/pkgconfig",
    ]
    let serial = searched.contains { FileManager.default.fileExists(atPath: $0 + "/hdf5-serial.pc") }
    return serial ? "hdf5-serial" : "hdf5"
}()

/// Release builds target the instruction set of the machine that builds them (`-target-cpu native`:
/// AVX2 or AVX-512 where the CPU has them, instead of the SSE2 of plain x86-64), so the simulators'
/// loops use the full vector width. Swift never fuses a multiply and an add by itself, so the
/// native and the portable build compute the same numbers (docs/performance.md). Hardware gathers
/// are turned off (`-mno-gather`, LLVM's `prefer-no-gather`): on Zen 4 a 4-lane `vgatherdpd` cost
/// twice the plain loads it replaces in the one-network connectome product, the only loop that got
/// one (docs/performance.md, issue 18 round 6). (Intel's Gather Data Sampling microcode mitigation makes
/// gathers slow on affected Intel cores too — why LLVM has the option; not measured here.) `#if arch`
/// tests the host: cross-compiling from x86-64 to another architecture needs `L2L_PORTABLE=1`.
/// `L2L_PORTABLE=1 swift build -c release` builds for any x86-64 instead (a binary to copy to other
/// machines); `L2L_TARGET_CPU=<cpu>` (a name `swiftc -target-cpu` accepts: `haswell`,
/// `skylake-avx512`, `znver3`, …) builds for a named CPU. Applied to l2l's own targets when this
/// package is the root package (a package that depends on l2l builds it portable: SwiftPM refuses
/// unsafe flags in dependencies). x86-64 only.
let targetCPU: String? = {
    #if arch(x86_64)
    if Context.environment["L2L_PORTABLE"] == "1" { return nil }
    if Context.packageDirectory.contains("/checkouts/") { return nil }
    if let cpu = Context.environment["L2L_TARGET_CPU"], !cpu.isEmpty { return cpu }
    return "native"
    #else
    return nil
    #endif
}()
let vectorSettings: [SwiftSetting] = targetCPU.map { cpu in
    [
        .unsafeFlags(["-target-cpu", cpu, "-Xcc", "-mno-gather"], .when(configuration: .release)),
        .define(cpu == "native" ? "L2L_TARGET_CPU_NATIVE" : "L2L_TARGET_CPU_NAMED", .when(configuration: .release)),
    ]
} ?? []

let package = Package(
    name: "l2l",
    platforms: [.macOS(.v14)],
    // Libraries for other Swift packages (docs/extending.md): the optimizers as a plain ask/tell
    // library (`L2LOptimizers`, with `L2LNumerics` for its random streams), the simulators
    // (`L2LNetworks`), and the whole framework to register optimizees and optimizers and run specs (`L2L`).
    products: [
        .executable(name: "l2l", targets: ["l2l"]),
        .library(name: "L2L", targets: ["L2L"]),
        .library(name: "L2LOptimizers", targets: ["L2LOptimizers"]),
        .library(name: "L2LNumerics", targets: ["L2LNumerics"]),
        .library(name: "L2LNetworks", targets: ["L2LNetworks"]),
        .library(name: "L2LOptimizees", targets: ["L2LOptimizees"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CHDF5", path: "Sources/CHDF5", pkgConfig: hdf5PkgConfig,
            providers: [.apt(["libhdf5-dev"]), .brew(["hdf5"]), .yum(["hdf5-devel"])]),
        .systemLibrary(
            name: "CLAPACK", path: "Sources/CLAPACK", pkgConfig: "lapacke",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .target(name: "HDF5", dependencies: ["CHDF5"], swiftSettings: vectorSettings),
        .target(name: "L2LNumerics", dependencies: ["CLAPACK"], swiftSettings: vectorSettings),
        .target(name: "L2LOptimizers", dependencies: ["L2LNumerics"], swiftSettings: vectorSettings),
        .target(name: "L2LNetworks", dependencies: ["L2LNumerics"], swiftSettings: vectorSettings),
        .target(name: "L2LPlot", dependencies: ["CZlib"], swiftSettings: vectorSettings),
        // The optimizee protocol and the built-in adapters: the join of optimizers and networks.
        .target(name: "L2LOptimizees", dependencies: ["L2LNumerics", "L2LOptimizers", "L2LNetworks"], swiftSettings: vectorSettings),
        .target(
            name: "L2L",
            dependencies: [
                "HDF5", "L2LNumerics", "L2LOptimizers", "L2LNetworks", "L2LOptimizees", "L2LPlot",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: vectorSettings),
        // `l2l bench` measurements and `l2l plot` figures: used by the tool, not part of the L2L product.
        .target(name: "L2LBenchmarks", dependencies: ["L2L", "L2LOptimizees", "L2LOptimizers", "L2LNetworks", "L2LNumerics"], swiftSettings: vectorSettings),
        .target(name: "L2LFigures", dependencies: ["L2L", "HDF5", "L2LPlot", "L2LOptimizees"], swiftSettings: vectorSettings),
        .executableTarget(
            name: "l2l",
            dependencies: ["L2L", "L2LBenchmarks", "L2LFigures", "L2LNumerics", "L2LNetworks", "L2LOptimizees", "L2LPlot", "HDF5", .product(name: "ArgumentParser", package: "swift-argument-parser")]
                + (withMPI ? ["L2LMPI"] : []),
            swiftSettings: vectorSettings),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5"]),
        .testTarget(name: "L2LNumericsTests", dependencies: ["L2LNumerics"]),
        .testTarget(name: "L2LPlotTests", dependencies: ["L2LPlot", "CZlib"]),
        .testTarget(name: "L2LOptimizersTests", dependencies: ["L2LOptimizers", "L2LNumerics"]),
        .testTarget(
            name: "L2LNetworksTests", dependencies: ["L2LNetworks", "L2LNumerics", "L2LOptimizers"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "L2LTests",
            dependencies: ["L2L", "HDF5", "L2LOptimizers", "L2LNetworks", "L2LOptimizees", "L2LBenchmarks", "L2LFigures"]),
    ]
)

if withMPI {
    package.targets += [
        .systemLibrary(
            name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"])]),
        .target(name: "L2LMPI", dependencies: ["CMPI", "L2L", "L2LOptimizees"], swiftSettings: vectorSettings),
    ]
}
