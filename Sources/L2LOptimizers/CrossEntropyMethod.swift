public struct CrossEntropyMethod: Sendable {}
