import Foundation
import L2LNumerics
import Testing

@testable import L2LOptimizers

/// The quadratic model and what NOMAD 4 builds on it: the N+1 QUAD direction, the model-ordered
/// poll and the quad-model search; and the `start` switch.
@Suite("MeshAdaptiveDirectSearch model")
struct MADSModelTests {
    typealias MADS = MeshAdaptiveDirectSearch

    /// f(x) = (x − a)ᵀ A (x − a) with A = [[2, 0.5], [0.5, 1]], minimum at a = (0.3, −0.2).
    static let a = [0.3, -0.2]
    static func f(_ x: [Double]) -> Double {
        let u = x[0] - a[0], v = x[1] - a[1]
        return 2 * u * u + u * v + v * v
    }

    /// A MADS at centre 0 in [−1, 1]² (initial frame 0.01 of the width: Δ = δ = 0.1, refined
    /// `refinements` times) whose cache holds f on a 5 × 5 grid of spacing h (told as −f).
    static func primed(_ configuration: MADS.Configuration = .init(), h: Double = 0.03, refinements: Int = 0) throws -> MADS {
        var c = configuration
        c.initialFrameSize = 0.01
        var mads = try MADS(
            configuration: c, space: .box(count: 2, lower: -1, upper: 1), initialPoint: [0, 0],
            random: RandomStream(seed: 1))
        var s = mads.state
        #expect(s.mesh.frameSizes == [0.1, 0.1])
        for _ in 0..<refinements { s.mesh.refine(minimumMeshSize: [1e-9, 1e-9]) }
        for i in -2...2 {
            for j in -2...2 {
                let x = [Double(i) * h, Double(j) * h]
                s.cachePoints.append(x)
                s.cacheValues.append(f(x))
            }
        }
        s.centreValue = f([0, 0])
        s.phase = .poll
        s.evaluations = s.cachePoints.count
        mads = try MADS(configuration: c, space: mads.space, state: s)
        return mads
    }

    @Test("fit recovers a quadratic exactly from enough points; n + 1 points give a model, n do not")
    func fitRecoversQuadratic() throws {
        let mads = try Self.primed()
        let model = try #require(mads.quadraticModel())
        // In frame units s = x/Δ (Δ = 0.1): m(s) = f(Δ s).
        let frame = mads.state.mesh.frameSizes
        for s in [[0.0, 0.0], [0.7, -0.3], [-1.5, 2.0]] {
            let x = [s[0] * frame[0], s[1] * frame[1]]
            #expect(abs(model.value(s) - Self.f(x)) < 1e-6, "s = \(s): model \(model.value(s)) vs f \(Self.f(x))")
        }
        let three = MADS.QuadraticModel.fit(points: [[0, 0], [1, 0], [0, 1]], values: [0, 1, 2])
        #expect(three != nil && abs(three!.gradient[0] - 1) < 1e-4 && abs(three!.gradient[1] - 2) < 1e-4)
        // Separable: 2n + 1 coefficients, zero off-diagonal Hessian, exact on a separable quadratic.
        let grid = (-2...2).flatMap { i in (-2...2).map { j in [Double(i), Double(j)] } }
        let separable = try #require(
            MADS.QuadraticModel.fit(points: grid, values: grid.map { 3 * $0[0] * $0[0] + $0[1] - 1 }, separable: true))
        #expect(separable.hessian[0][1] == 0 && abs(separable.hessian[0][0] - 6) < 1e-5 && abs(separable.gradient[1] - 1) < 1e-5)
        #expect(MADS.QuadraticModel.fit(points: [[0, 0], [1, 0]], values: [0, 1]) == nil)
        #expect(MADS.QuadraticModel.fit(points: [[0, 0], [1, 1], [2, 2]], values: [0, 1, 2]) == nil, "collinear")
    }

    @Test("minimize: the Newton point of an ill-conditioned positive definite model, the box otherwise")
    func minimizeIllConditioned() {
        // Condition number ~2000: 100 sweeps of coordinate descent alone get only ~18 % of the way.
        let m = MADS.QuadraticModel(constant: 0, gradient: [0.0005, -0.0005], hessian: [[1, 0.999], [0.999, 1]])
        let z = m.minimize(lower: [-1, -1], upper: [1, 1])
        #expect(abs(z[0] + 0.5) < 1e-9 && abs(z[1] - 0.5) < 1e-9, "\(z)")
        let boxed = m.minimize(lower: [-0.25, -0.25], upper: [0.25, 0.25])
        #expect(abs(boxed[0] + 0.25) < 1e-9 && abs(boxed[1] - 0.25) < 1e-9, "\(boxed)")
        let concave = MADS.QuadraticModel(constant: 0, gradient: [0.1, 0], hessian: [[-1, 0], [0, 2]])
        #expect(concave.minimize(lower: [-1, -1], upper: [1, 1]) == [-1, 0])
    }

    @Test("model-ordered poll: poll points come in increasing f on a quadratic")
    func modelOrderedPoll() throws {
        for type in [MADS.DirectionType.ortho2N, .orthoNPlus1Quad] {
            var mads = try Self.primed(.init(directionType: type, evalQueueSort: .quadraticModel))
            let points = mads.pollPoints()
            let values = points.map(Self.f)
            #expect(points.count >= 2)
            #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 + 1e-12 }, "\(type): \(values)")
            var unsorted = try Self.primed(.init(directionType: type, evalQueueSort: .directionLastSuccess))
            #expect(Set(unsorted.pollPoints().map { $0.map(\.bitPattern) }) == Set(points.map { $0.map(\.bitPattern) }))
        }
    }

    @Test("N+1 QUAD: the first pass points along −∇m; the second lies in the negative cone and descends")
    func nPlusOneQuad() throws {
        // Δ = 0.01 and δ = 0.001 (ρ = 10), so rounding on the mesh barely moves a direction.
        var mads = try Self.primed(.init(directionType: .orthoNPlus1Quad), h: 0.007, refinements: 3)
        #expect(mads.state.mesh.rho(0) == 10)
        let model = try #require(mads.quadraticModel())
        let first = mads.pollPoints()
        let cone = mads.state.pollCone
        #expect(cone.count == 2 && first.count == 2)
        for d in cone {
            #expect(zip(d, model.gradient).reduce(0) { $0 + $1.0 * $1.1 } <= 0, "first-pass direction \(d) is not descent")
        }
        // Second pass with the cone negated: its point must be a nonnegative combination of −dⱼ.
        var s = mads.state
        s.pollCone = cone.map { $0.map { -$0 } }
        mads = try MADS(configuration: mads.configuration, space: mads.space, state: s)
        let x = try #require(mads.coneCompletionPoint())
        let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for d in s.pollCone {
            // Inside the cone of the −dⱼ up to the mesh rounding (≤ 0.05 Δ per coordinate).
            #expect(zip(d, x).reduce(0) { $0 + $1.0 * $1.1 } <= 0.1 * norm, "point \(x) is outside the cone of −\(d)")
        }
        #expect(Self.f(x) < Self.f([0, 0]), "second-pass point \(x) does not descend: \(Self.f(x))")
        // Without a model it is the negative sum.
        var bare = try MADS(
            configuration: .init(directionType: .orthoNPlus1Quad), space: .box(count: 2, lower: -1, upper: 1),
            initialPoint: [0, 0], random: RandomStream(seed: 1))
        var b = bare.state
        b.pollCone = [[1, 0], [0, 1]]
        bare = try MADS(configuration: bare.configuration, space: bare.space, state: b)
        let neg = try #require(bare.coneCompletionPoint())
        #expect(neg[0] < 0 && neg[1] < 0 && abs(neg[0] - neg[1]) < 1e-12)
    }

    @Test("N+1 QUAD polls at most n + 1 points per failed iteration on a quadratic, and converges")
    func nPlusOneRun() throws {
        var mads = try MADS(
            configuration: .init(directionType: .orthoNPlus1Quad, speculativeSearch: false, quadraticModelSearch: false),
            space: .box(count: 3, lower: -2, upper: 2), initialPoint: [1, -1, 1.5], random: RandomStream(seed: 4))
        var pollPerIteration: [Int: Int] = [:]
        while mads.state.evaluations < 200 && mads.stopReasons.isEmpty {
            let xs = try mads.ask()
            let iteration = mads.state.madsIteration
            pollPerIteration[iteration, default: 0] += mads.state.steps.filter { $0 == 3 }.count
            try mads.tell(xs.map { x in -x.reduce(0) { $0 + $1 * $1 } })
        }
        #expect(pollPerIteration.values.allSatisfy { $0 <= 4 }, "\(pollPerIteration)")
        #expect(-(mads.incumbent?.fitness ?? -1) < 1e-6)
    }

    @Test("the quad-model search jumps to the minimum of a quadratic within its training box")
    func modelSearch() throws {
        // a = (0.3, −0.2) lies beyond the frame (Δ = 0.1) but inside the training box (±0.3).
        let mads = try Self.primed(.init(modelSearchBox: .trainingSet), h: 0.15)
        let x = try #require(mads.modelPoint())
        #expect(Self.f(x) < 0.01 * Self.f([0, 0]), "model point \(x), f = \(Self.f(x))")
        let framed = try Self.primed(.init(modelSearchBox: .frame), h: 0.15)
        let y = try #require(framed.modelPoint())
        #expect(y.allSatisfy { abs($0) <= 0.1 + 1e-12 } && Self.f(y) < Self.f([0, 0]), "\(y)")
    }

    /// A MADS at centre 0 in [−1, 1]² with Δ = δ = 0.1 whose cache holds f at `points`.
    static func cached(_ points: [[Double]], _ configuration: MADS.Configuration = .init()) throws -> MADS {
        var c = configuration
        c.initialFrameSize = 0.01
        let bare = try MADS(
            configuration: c, space: .box(count: 2, lower: -1, upper: 1), initialPoint: [0, 0],
            random: RandomStream(seed: 1))
        var s = bare.state
        s.cachePoints = points
        s.cacheValues = points.map(f)
        s.centreValue = f([0, 0])
        s.evaluations = points.count
        s.phase = .poll
        return try MADS(configuration: c, space: bare.space, state: s)
    }

    @Test("training set: the radius doubles until a full quadratic's worth of points (NOMAD's QuadModelUpdate)")
    func trainingSetEnlarges() throws {
        // 16 points 4.2 to 6.6 frame sizes away (∞-norm) (none within model_radius 4): the radius doubles once to 8,
        // the fit is exact, and the search jumps to a = (0.3, −0.2), a mesh point (δ = 0.1).
        let ring = (0..<16).map { k -> [Double] in
            let angle = Double(k) * .pi / 8, r = 0.6 + 0.02 * Double(k % 4)
            return [r * cos(angle), r * sin(angle)]
        }
        let mads = try Self.cached(ring)
        let (points, _) = mads.modelTrainingSet()
        #expect(points.count == 16)
        let x = try #require(mads.modelPoint())
        #expect(abs(x[0] - 0.3) < 1e-12 && abs(x[1] + 0.2) < 1e-12, "model point \(x)")
        // Fewer than (n+1)(n+2)/2 = 6 cached points: the target is n + 1 = 3, still reached by doubling.
        #expect(try Self.cached(Array(ring.prefix(4))).modelTrainingSet().points.count == 4)
    }

    @Test("training set: at most 500 points, the closest to the centre")
    func trainingSetCap() throws {
        var random = RandomStream(seed: 3)
        let cloud = (0..<700).map { _ in [0.3 * (2 * random.nextUniform() - 1), 0.3 * (2 * random.nextUniform() - 1)] }
        let mads = try Self.cached(cloud)
        let (points, _) = mads.modelTrainingSet()
        #expect(points.count == MADS.modelMaximumPoints && MADS.modelMaximumPoints == 500)
        let chosen = Set(points.map { $0.map(\.bitPattern) })
        let norm = { (s: [Double]) in s.reduce(0) { $0 + $1 * $1 } }
        let frame = mads.state.mesh.frameSizes
        let left = cloud.map { x in [x[0] / frame[0], x[1] / frame[1]] }.filter { !chosen.contains($0.map(\.bitPattern)) }
        #expect(left.count == 200)
        #expect((points.map(norm).max() ?? .infinity) <= (left.map(norm).min() ?? 0))
    }

    @Test("search: the speculative point is asked alone; the model point only after it failed (NOMAD's Search::runImp)")
    func searchMethodsInTurn() throws {
        var mads = try Self.primed(.init(nmSearch: false), h: 0.15)
        var s = mads.state
        s.phase = .search
        s.previousCentre = [0.025, -0.025]
        mads = try MADS(configuration: mads.configuration, space: mads.space, state: s)
        let speculative = try mads.ask()
        #expect(speculative == [[-0.1, 0.1]] && mads.state.steps == [1], "\(speculative)")
        try mads.tell([-Self.f([-0.1, 0.1])])
        #expect(mads.state.centre == [0, 0], "f(−0.1, 0.1) = 0.29 > f(0) = 0.16: no success")
        let model = try mads.ask()
        #expect(model.count == 1 && mads.state.steps == [2] && Self.f(model[0]) < 0.01 * Self.f([0, 0]), "\(model)")
    }

    @Test("start: prior asks the prior first, center the box centre; ENOMAD likewise")
    func startSwitch() throws {
        let space = SearchSpace.box(count: 3, lower: -1, upper: 3)
        for (start, expected) in [(MADS.StartPoint.prior, [0.5, 0.25, -1.0]), (.center, [1.0, 1.0, 1.0])] {
            var mads = try MADS(
                configuration: .init(start: start), space: space, initialPoint: [0.5, 0.25, -1],
                random: RandomStream(seed: 1))
            #expect(try mads.ask() == [expected])
            let enomad = try ENOMAD(
                configuration: .init(population: 4, subsetSize: 2, start: start), space: space,
                initialPoint: [0.5, 0.25, -1], random: RandomStream(seed: 1))
            #expect(enomad.state.prior == expected && enomad.state.population.allSatisfy { $0 == expected })
        }
        var none = try MADS(configuration: .init(start: .prior), space: space, initialPoint: nil, random: RandomStream(seed: 1))
        #expect(try none.ask() == [[1, 1, 1]])
    }

    @Test("an indefinite model is minimized from the box exits of its most negative curvature too")
    func indefiniteModelFarMinimizer() {
        // m(s) = s₁s₂ on [−1, 3] × [−2, 2]: descent from 0 stops at (−1, 2) with m = −2; the
        // global minimizer (3, −2), m = −6, lies along the eigenvector (1, −1) of eigenvalue −1.
        let model = MADS.QuadraticModel(constant: 0, gradient: [0, 0], hessian: [[0, 1], [1, 0]])
        let lower = [-1.0, -2], upper = [3.0, 2]
        #expect(model.value(model.descend(from: [0, 0], lower: lower, upper: upper)) == -2)
        let z = model.minimize(lower: lower, upper: upper)
        #expect(abs(model.value(z) + 6) < 1e-12, "\(z)")
        // Positive definite with an interior Newton point: unchanged, the Newton point.
        let convex = MADS.QuadraticModel(constant: 1, gradient: [-2, 0], hessian: [[2, 0], [0, 1]])
        let x = convex.minimize(lower: lower, upper: upper)
        #expect(abs(x[0] - 1) < 1e-12 && abs(x[1]) < 1e-12)
    }
}
