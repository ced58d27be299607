import Foundation
import Testing
@testable import L2L
@testable import L2LOptimizees

/// `docs/spec.md` is generated from the schema; this fails when it drifts.
@Suite struct SpecReferenceTests {
    static let docsPath = SpecTestSupport.repositoryRoot.appendingPathComponent("docs/spec.md")

    @Test func docsMatchTheSchema() throws {
        let expected = SpecReference.markdown()
        if ProcessInfo.processInfo.environment["L2L_RECORD_SPEC_REFERENCE"] == "1" {
            try expected.write(to: Self.docsPath, atomically: true, encoding: .utf8)
            return
        }
        let actual = try? String(contentsOf: Self.docsPath, encoding: .utf8)
        #expect(actual == expected, """
            docs/spec.md differs from SpecReference.markdown(). If the schema change is intended, regenerate it:
              L2L_RECORD_SPEC_REFERENCE=1 swift test --filter SpecReferenceTests
            """)
    }

    @Test func embeddedExampleIsTheQuickstart() throws {
        #expect(SpecReference.quickstartExample == (try SpecTestSupport.quickstartText()))
        _ = try SpecLoader.parse(SpecReference.quickstartExample, fileName: "quickstart.yaml")
    }

    @Test func everyDeclaredKeyIsDocumented() {
        let markdown = SpecReference.markdown()
        var sections = [SpecSchema.root, SpecSchema.outer(optimizers: SpecSchema.builtInOptimizerVariant), SpecSchema.inner(optimizers: SpecSchema.builtInOptimizerVariant), SpecSchema.optimizee(registered: OptimizeeRegistry.shipped), SpecSchema.function,
                        SpecSchema.tasks, SpecSchema.record, SpecSchema.searchSpaceEntry]
        sections += OptimizeeRegistry.shipped.map(\.mapping) + [ExternalOptimizeeDescriptor.parameter]
        sections += SpecSchema.builtInOptimizerVariant.cases.map { SpecMapping(title: $0.value, doc: "", keys: $0.keys) }
        for key in sections.flatMap(\.keys) {
            #expect(markdown.contains("| `\(key.name)` |"), "\(key.name)")
        }
    }
}
