import Foundation
import L2L
import L2LOptimizees

/// A worker rank (rank ≥ 1): receives the spec from rank 0, then evaluates one inner run per job
/// message and sends its result back, until rank 0 says stop. Never opens the result file.
public enum MPIWorker {
    /// Serves rank 0 until it says stop (then returns), or aborts the job on a broken protocol.
    public static func serve(world: MPIWorld) async {
        precondition(world.rank != 0, "rank 0 coordinates; it does not serve")
        var experiment: Experiment?
        // The inner spec of the last candidate: consecutive jobs usually share it (tasks × repeats).
        var last: (candidate: [UInt64]?, spec: ExperimentSpec)?
        while true {
            let message = world.wait(source: 0, tag: nil)
            let bytes = world.receive(message)
            switch message.tag {
            case .spec:
                do {
                    experiment = try Experiment(encodedSpec: bytes)
                } catch {
                    fail(world, "rank \(world.rank) cannot read the spec rank 0 sent: \(error)")
                }
            case .job:
                guard let experiment else { fail(world, "rank \(world.rank) got a job before the spec") }
                let request: InnerRunRequest
                do {
                    request = try WireFormat.decode(InnerRunRequest.self, from: bytes)
                } catch {
                    fail(world, "rank \(world.rank) cannot read a job: \(error)")
                }
                let key = request.candidate?.map(\.bitPattern)
                var spec: ExperimentSpec? = nil
                if let last, last.candidate == key {
                    spec = last.spec
                } else if let built = try? experiment.innerSpec(for: request.candidate) {
                    spec = built
                    last = (key, built)
                }
                // Without a spec, `execute` rebuilds it and records why it could not be built.
                let result = await experiment.execute(request, spec: spec)
                do {
                    world.send(try WireFormat.encode(result), to: 0, tag: .result)
                } catch {
                    fail(world, "rank \(world.rank) cannot encode the result of \(request.coordinates): \(error)")
                }
            case .stop:
                return
            case .result:
                fail(world, "rank \(world.rank) got a result message; only rank 0 receives those")
            }
        }
    }

    private static func fail(_ world: MPIWorld, _ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        world.abort(code: 1)
    }
}
