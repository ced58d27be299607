/// One chunk of a ``GradedPotentialSimulator``'s members as the simulator drives it, whatever its
/// precision: values in and out as `Double`, one call per step (so the kernels behind it are
/// specialized for `Double` or `Float` and the simulator is not generic).
protocol GradedChunk: AnyObject {
    /// Members in the chunk.
    var batch: Int { get }
    /// Stored conductances of one member (excitatory, inhibitory and both directions of the gaps).
    var entryCount: Int { get }
    /// Floating-point operations per neuron and member of one evaluation's element loop.
    var operationsPerNeuron: Int { get }
    /// Member `b`'s conductances from its weight vector (computed in double, rounded once).
    func setWeights(_ w: [Double], member b: Int, network: GradedPotentialNetwork)
    /// Member `b`'s input currents, pA per neuron.
    func setInput(_ currents: [Double], member b: Int)
    /// Writes member `b`'s per-neuron values into a state array.
    func write(_ values: [Double], to field: GradedField, member b: Int)
    /// Member `b`'s per-neuron values of a state array.
    func read(_ field: GradedField, member b: Int) -> [Double]
    /// One step of `method` with time step `dt` (s), the fused RK4 kernel for a full chunk.
    func step(_ method: GradedPotentialSimulator.Method, dt: Double, p: GradedPotentialParameters)
    /// Whether some V or s is NaN or ±∞; then ``isFinite(member:)`` tells which members.
    func anyNonFinite() -> Bool
    /// After ``anyNonFinite()`` returned true: whether member `b`'s state is finite.
    func isFinite(member b: Int) -> Bool
    /// dV/dt and ds/dt of each member at its current state.
    func derivatives(p: GradedPotentialParameters) -> [(dv: [Double], ds: [Double])]
}

/// A per-neuron state array of a chunk.
enum GradedField {
    case potential, activation, threshold
}

extension GradedPotentialBuffers: GradedChunk {
    var entryCount: Int { excitatory.count + inhibitory.count + gap.count }

    private func pointer(_ field: GradedField) -> UnsafeMutablePointer<Real> {
        switch field {
        case .potential: return v
        case .activation: return s
        case .threshold: return vth
        }
    }

    func write(_ values: [Double], to field: GradedField, member b: Int) { write(values, to: pointer(field), member: b) }

    func read(_ field: GradedField, member b: Int) -> [Double] { read(pointer(field), member: b) }

    // The protocol's witnesses are generic over Real; these two entry points of the time loop are
    // pre-specialized so that a step runs the Double or Float kernels, not the unspecialized generic
    // code (100× slower).
    @_specialize(where Real == Double)
    @_specialize(where Real == Float)
    func step(_ method: GradedPotentialSimulator.Method, dt: Double, p: GradedPotentialParameters) {
        switch method {
        case .euler: eulerStep(dt: dt, p: p)
        case .rk4: if batch == Self.fusedWidth { fusedRK4Step(dt: dt, p: p) } else { rk4Step(dt: dt, p: p) }
        }
    }

    func isFinite(member b: Int) -> Bool { sums[b].isFinite }

    func derivatives(p: GradedPotentialParameters) -> [(dv: [Double], ds: [Double])] {
        let dv = UnsafeMutablePointer<Real>.allocate(capacity: nb)
        let ds = UnsafeMutablePointer<Real>.allocate(capacity: nb)
        defer { dv.deallocate(); ds.deallocate() }
        derivative(v: v, s: s, dv: dv, ds: ds, p: p)
        return (0..<batch).map { (read(dv, member: $0), read(ds, member: $0)) }
    }
}
