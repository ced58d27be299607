import Foundation
import L2LNumerics
import L2LOptimizers
import L2LOptimizees

/// An optimizee whose model runs in a worker program (`optimizee.external`): each inner iteration
/// is one `evaluate` request with all of its candidates, each run ends with one `final` request
/// (docs/external-protocol.md).
///
/// One instance serves one inner run and borrows a worker from ``ExternalWorkerPool`` for it, so
/// at most `--jobs` workers run at once and a worker outlives the runs it serves. A worker that
/// fails is killed; the request's candidates are failed evaluations, and the next request starts
/// a fresh worker.
final class ExternalOptimizee: BatchOptimizee, @unchecked Sendable {
    /// Why an external optimizee could not be built or asked.
    enum Failure: Error, CustomStringConvertible {
        case noCommand
        case refused(String)

        var description: String {
            switch self {
            case .noCommand: "optimizee.external.command is empty"
            case .refused(let message): "the worker refused the hello: \(message)"
            }
        }
    }

    let configuration: ExternalOptimizeeConfiguration
    let coordinates: RunCoordinates
    /// The hello every worker of this configuration is sent, without its worker index.
    private let helloBody: String
    /// Workers of equal configurations are interchangeable.
    private let poolKey: String
    private var worker: ExternalWorker?
    // Inner runs are sequential; the lock only guards against misuse from several threads.
    private let lock = NSLock()

    init(configuration: ExternalOptimizeeConfiguration, coordinates: RunCoordinates) throws {
        self.configuration = configuration
        self.coordinates = coordinates
        let parameters = JSONValue.array(configuration.space.dimensions.map { dimension in
            .object([("name", .string(dimension.name)), ("low", .number(dimension.lower)), ("high", .number(dimension.upper))])
        })
        helloBody = "\"outputs\":\(configuration.outputs),\"parameters\":\(parameters.text),\"config\":\(configuration.config.text)"
        poolKey = JSONValue.array(configuration.command.map(JSONValue.string)).text + "\u{0}"
            + (configuration.workingDirectory ?? "") + "\u{0}" + helloBody
    }

    deinit {
        if let worker { ExternalWorkerPool.shared.checkIn(worker, key: poolKey) }
    }

    var parameterSpace: SearchSpace { configuration.space }
    var initialPoint: [Double]? { configuration.initialPoint }

    /// One candidate as a batch of one (the inner run uses ``evaluateBatch(_:context:)``).
    func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
        let context = EvaluationBatchContext(coordinates: coordinates, iteration: 0, random: random, timeLimit: nil)
        let outcome = evaluateBatch([parameters], context: context)[0]
        if outcome.status == .error || outcome.status == .timeLimit { throw Failure.refused(outcome.reason) }
        return outcome.evaluation
    }

    func evaluateBatch(_ candidates: [[Double]], context: EvaluationBatchContext) -> [EvaluationOutcome] {
        lock.lock()
        defer { lock.unlock() }
        var request = ""
        request.reserveCapacity(256 + candidates.count * (4 + (candidates.first?.count ?? 0) * 25))
        request += "{\"type\":\"evaluate\",\"iteration\":\(context.iteration),\"seed\":\(context.seed),\"run\":"
        request += ExternalMessages.run(context.coordinates)
        request += ",\"candidates\":["
        for (index, candidate) in candidates.enumerated() {
            if index > 0 { request += "," }
            request += "["
            for (j, value) in candidate.enumerated() {
                if j > 0 { request += "," }
                JSONValue.write(value, to: &request)
            }
            request += "]"
        }
        request += "]}"
        let limit = context.timeLimit.map { $0 * Double(candidates.count) }
        do {
            let reply = try exchange(request, limit: limit)
            return try ExternalMessages.results(reply, count: candidates.count, outputs: configuration.outputs)
        } catch let failure as ExternalWorker.Failure {
            return Array(repeating: .failed(failure.status, failure.description), count: candidates.count)
        } catch {
            // A reply that breaks the protocol: the worker cannot be trusted with the next request.
            worker?.kill()
            worker = nil
            return Array(repeating: .failed(.error, String(describing: error)), count: candidates.count)
        }
    }

    /// The worker's metrics about the incumbent; none when it fails.
    func finalReport(bestParameters: [Double]) -> [String: Double] {
        lock.lock()
        defer { lock.unlock() }
        var request = "{\"type\":\"final\",\"run\":\(ExternalMessages.run(coordinates)),\"parameters\":"
        request += JSONValue.array(bestParameters.map(JSONValue.number)).text + "}"
        guard let reply = try? exchange(request, limit: configuration.finalTimeLimit) else { return [:] }
        guard let metrics = try? ExternalMessages.metrics(reply) else {
            worker?.kill()
            worker = nil
            return [:]
        }
        return metrics
    }

    /// Sends one request and returns the parsed reply, starting a worker first if none is held.
    /// On any failure the worker is killed and dropped.
    private func exchange(_ request: String, limit: Double?) throws -> JSONValue {
        let worker = try heldWorker()
        do {
            let deadline = Deadline.after(limit)
            try worker.send(request, deadline: deadline)
            let line = try worker.receiveLine(deadline: deadline)
            do {
                return try JSONParser.parse(line)
            } catch {
                throw ExternalWorker.Failure.garbage("\(error) in '\(SpecText.excerpt(line))'")
            }
        } catch {
            worker.kill()
            self.worker = nil
            throw error
        }
    }

    private func heldWorker() throws -> ExternalWorker {
        if let worker { return worker }
        if let idle = ExternalWorkerPool.shared.checkOut(key: poolKey) {
            worker = idle
            return idle
        }
        let index = ExternalWorkerPool.shared.nextIndex()
        let started = try ExternalWorker(
            command: configuration.command, workingDirectory: configuration.workingDirectory, index: index)
        do {
            let deadline = Deadline.after(configuration.startupTimeLimit)
            try started.send("{\"type\":\"hello\",\"protocol\":\(ExternalMessages.protocolVersion),\"worker\":\(index),\(helloBody)}", deadline: deadline)
            let line = try started.receiveLine(deadline: deadline)
            try ExternalMessages.checkReady(line)
        } catch {
            started.kill()
            throw error
        }
        worker = started
        return started
    }
}

/// Idle workers by configuration, shared by every external optimizee of the process.
final class ExternalWorkerPool: @unchecked Sendable {
    static let shared = ExternalWorkerPool()

    private let lock = NSLock()
    private var idle: [String: [ExternalWorker]] = [:]
    private var started = 0

    /// An idle worker of the configuration `key`, if any.
    func checkOut(key: String) -> ExternalWorker? {
        lock.lock()
        defer { lock.unlock() }
        return idle[key]?.popLast()
    }

    /// Returns a healthy worker for the next run of its configuration.
    func checkIn(_ worker: ExternalWorker, key: String) {
        lock.lock()
        defer { lock.unlock() }
        idle[key, default: []].append(worker)
    }

    /// The index of the next worker started (`L2L_WORKER_INDEX`, the hello's `worker`).
    func nextIndex() -> Int {
        lock.lock()
        defer { lock.unlock() }
        started += 1
        return started - 1
    }

    /// Says goodbye to every idle worker and waits for them to exit (at the end of `l2l run`).
    func stopAll() {
        lock.lock()
        let workers = idle.values.flatMap { $0 }
        idle = [:]
        lock.unlock()
        for worker in workers { worker.stop() }
    }
}

/// The external-optimizee workers of this process.
public enum ExternalWorkers {
    /// Says goodbye to every idle worker and waits for it to exit (`l2l run` does this at its end).
    public static func stopIdle() { ExternalWorkerPool.shared.stopAll() }

    /// Kills every live worker's process group at once, busy or idle (an interrupted run).
    public static func killAll() { ExternalProcessGroups.shared.killAll() }
}
