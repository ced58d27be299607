import L2LOptimizees
/// Runs independent jobs on at most `width` concurrent tasks and returns their
/// results in input order, whatever order they finish in.
enum ParallelMap {
    static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], width: Int, _ body: @escaping @Sendable (Input) async -> Output
    ) async -> [Output] {
        guard !inputs.isEmpty else { return [] }
        var results = [Output?](repeating: nil, count: inputs.count)
        await withTaskGroup(of: (Int, Output).self) { group in
            var next = 0
            let limit = max(1, min(width, inputs.count))
            while next < limit {
                let index = next
                group.addTask { (index, await body(inputs[index])) }
                next += 1
            }
            for await (index, output) in group {
                results[index] = output
                if next < inputs.count {
                    let index = next
                    group.addTask { (index, await body(inputs[index])) }
                    next += 1
                }
            }
        }
        return results.map { $0! }
    }
}
