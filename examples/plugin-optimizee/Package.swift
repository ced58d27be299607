// swift-tools-version:6.0
// A Swift package that adds its own optimizee to l2l and runs an experiment from a spec.
// Build and run from this directory: `swift run -c release plugin-optimizee fitzhugh-nagumo.yaml`.
import Foundation
import PackageDescription

// The l2l checkout two levels up; a local package's identity is its directory's name.
// In your own package write `.package(url: "<l2l's repository>", branch: "main")` or a path.
let l2l = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().deletingLastPathComponent()
let identity = l2l.lastPathComponent.lowercased()

let package = Package(
    name: "plugin-optimizee",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: l2l.path)],
    targets: [
        .executableTarget(
            name: "plugin-optimizee",
            dependencies: [
                .product(name: "L2L", package: identity),
                .product(name: "L2LOptimizees", package: identity),
                .product(name: "L2LOptimizers", package: identity),
                .product(name: "L2LNumerics", package: identity),
            ]),
    ]
)
