import Foundation
import Yams

/// The stages of parsing that depend on a spec's text alone (preflight, YAML composition, tag
/// check), remembered for the last few texts.
///
/// The outer loop builds every inner spec by re-parsing the study's text with the candidate's
/// assignments (`ExperimentSpec.applying`); composing the same YAML again for each individual was
/// a quarter of the driver's serial time in studies of many short inner runs. Validation, which
/// depends on the assignments, still runs every time.
enum ComposedSpecCache {
    /// What the text-only stages found.
    struct Entry: @unchecked Sendable {  // Yams.Node is an immutable value tree.
        var preflight: [SpecIssue]
        var composed: SpecLoader.Composed
        var tagIssues: [SpecIssue]
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var entries: [(key: String, entry: Entry)] = []
    private static let capacity = 8

    /// The stages' result for `text`, computed on the first request.
    static func entry(for text: String, fileName: String) -> Entry {
        let key = fileName + "\u{0}" + text
        lock.lock()
        if let hit = entries.first(where: { $0.key == key }) {
            lock.unlock()
            return hit.entry
        }
        lock.unlock()
        let preflight = SpecPreflight.check(text, fileName: fileName)
        var entry = Entry(preflight: preflight, composed: SpecLoader.Composed(node: nil), tagIssues: [])
        if preflight.isEmpty {
            entry.composed = SpecLoader.compose(text, fileName: fileName)
            if entry.composed.issue == nil { entry.tagIssues = SpecTags.issues(in: entry.composed.node, fileName: fileName) }
        }
        lock.lock()
        defer { lock.unlock() }
        if !entries.contains(where: { $0.key == key }) {
            entries.append((key, entry))
            if entries.count > capacity { entries.removeFirst() }
        }
        return entry
    }
}
