// swift-tools-version:6.0
// l2l's optimizers as a plain ask/tell library: no spec, no files, no networks.
// Build and run from this directory: `swift run -c release`.
import Foundation
import PackageDescription

// The l2l checkout two levels up; a local package's identity is its directory's name.
// In your own package write `.package(url: "<l2l's repository>", branch: "main")` or a path.
let l2l = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "ask-tell-library",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: l2l.path)],
    targets: [
        .executableTarget(
            name: "ask-tell-library",
            dependencies: [
                .product(name: "L2LOptimizers", package: l2l.lastPathComponent.lowercased()),
                .product(name: "L2LNumerics", package: l2l.lastPathComponent.lowercased()),
            ]),
    ]
)
