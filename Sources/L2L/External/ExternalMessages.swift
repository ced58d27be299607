import L2LOptimizees
/// The messages of the external-optimizee protocol (docs/external-protocol.md): writing the run
/// coordinates, and reading `ready`, `result` and `final` replies with every deviation named.
enum ExternalMessages {
    static let protocolVersion = 1

    /// A reply that is valid JSON but not what the protocol asks for.
    struct ProtocolError: Error, CustomStringConvertible {
        var message: String
        var description: String { "the worker's reply is not protocol: \(message); it was killed" }
    }

    /// `{"phase": …, "generation": …, "individual": …, "task": …, "task_seed": …, "repeat": …}`.
    static func run(_ coordinates: RunCoordinates) -> String {
        "{\"phase\":\"\(coordinates.phase.rawValue)\",\"generation\":\(coordinates.generation),\"individual\":\(coordinates.individual),"
            + "\"task\":\(coordinates.taskIndex),\"task_seed\":\(coordinates.taskSeed),\"repeat\":\(coordinates.repeatIndex)}"
    }

    /// Checks a hello's answer: `{"type": "ready", "protocol": 1}`.
    static func checkReady(_ line: String) throws {
        let reply: JSONValue
        do {
            reply = try JSONParser.parse(line)
        } catch {
            throw ExternalWorker.Failure.garbage("\(error) in '\(SpecText.excerpt(line))'")
        }
        if reply["type"]?.stringValue == "error" {
            throw ExternalOptimizee.Failure.refused(reply["message"]?.stringValue ?? line)
        }
        guard reply["type"]?.stringValue == "ready" else {
            throw ProtocolError(message: "expected {\"type\": \"ready\", …} after the hello, got '\(SpecText.excerpt(line))'")
        }
        guard case .integer(let version)? = reply["protocol"], version == String(protocolVersion) else {
            throw ProtocolError(message: "the worker speaks protocol \(reply["protocol"]?.text ?? "(none)"), l2l speaks \(protocolVersion)")
        }
    }

    /// The outcomes of a `result` reply to a batch of `count` candidates.
    static func results(_ reply: JSONValue, count: Int, outputs: Bool) throws -> [EvaluationOutcome] {
        guard reply["type"]?.stringValue == "result", let results = reply["results"]?.arrayValue else {
            throw ProtocolError(message: "expected {\"type\": \"result\", \"results\": [...]}, got '\(SpecText.excerpt(reply.text))'")
        }
        guard results.count == count else {
            throw ProtocolError(message: "\(results.count) results for \(count) candidates")
        }
        return try results.enumerated().map { index, item in
            if let message = item["error"] {
                return .failed(.error, "the model: \(message.stringValue ?? message.text)")
            }
            guard let fitness = item["fitness"]?.doubleValue else {
                throw ProtocolError(message: "results[\(index)] has no number 'fitness' (nor an 'error')")
            }
            guard outputs else { return EvaluationOutcome(evaluation: Evaluation(fitness: fitness)) }
            guard let modelOutputs = try numbers(item["outputs"], "results[\(index)].outputs"),
                let targets = try numbers(item["targets"], "results[\(index)].targets"), modelOutputs.count == targets.count
            else {
                throw ProtocolError(message: "results[\(index)] needs 'outputs' and 'targets' of equal length (optimizee.external.outputs is true)")
            }
            return EvaluationOutcome(evaluation: Evaluation(fitness: fitness, outputs: modelOutputs, targets: targets))
        }
    }

    /// The metrics of a `final` reply; none when the model reported an error instead.
    static func metrics(_ reply: JSONValue) throws -> [String: Double] {
        if reply["type"]?.stringValue == "final", reply["error"] != nil { return [:] }
        guard reply["type"]?.stringValue == "final", case .object(let members)? = reply["metrics"] else {
            throw ProtocolError(message: "expected {\"type\": \"final\", \"metrics\": {...}}")
        }
        var metrics: [String: Double] = [:]
        for (name, value) in members {
            guard let number = value.doubleValue else { throw ProtocolError(message: "metric '\(name)' is not a number") }
            metrics[name] = number
        }
        return metrics
    }

    private static func numbers(_ value: JSONValue?, _ what: String) throws -> [Double]? {
        guard let items = value?.arrayValue else { return nil }
        return try items.map { item in
            guard let number = item.doubleValue else { throw ProtocolError(message: "\(what) holds '\(SpecText.excerpt(item.text))', not a number") }
            return number
        }
    }
}
