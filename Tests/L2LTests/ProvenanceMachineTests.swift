import Foundation
import Testing

@testable import L2L

/// `/provenance@blas_kernels`: which BLAS kernels a file's numbers came from, across resumes.
@Suite struct ProvenanceMachineTests {
    @Test func kernelsAreRecordedOnceAndEachChangeOnResumeIsAppended() {
        #expect(ExperimentRecorder.kernelHistory(nil, now: "Cooperlake") == "Cooperlake")
        #expect(ExperimentRecorder.kernelHistory("", now: "Cooperlake") == "Cooperlake")
        #expect(ExperimentRecorder.kernelHistory("Cooperlake", now: "Cooperlake") == "Cooperlake")
        #expect(ExperimentRecorder.kernelHistory("Cooperlake", now: "Haswell") == "Cooperlake, then Haswell")
        #expect(ExperimentRecorder.kernelHistory("Cooperlake, then Haswell", now: "Haswell") == "Cooperlake, then Haswell")
        #expect(ExperimentRecorder.kernelHistory("Cooperlake, then Haswell", now: "Cooperlake")
                == "Cooperlake, then Haswell, then Cooperlake")
    }
}
