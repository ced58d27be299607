import Foundation

extension MeshAdaptiveDirectSearch {
    /// NOMAD 4's granular mesh for continuous variables (Audet, Le Digabel & Tribes 2019,
    /// "Dynamic scaling in the mesh adaptive direct search algorithm for blackbox
    /// optimization", *SIAM J. Optim.* 29:1164, doi:10.1137/18M1197927;
    /// `src/Algos/Mads/GMesh.cpp`).
    ///
    /// Per variable i: frame size Δᵢ = aᵢ·10^bᵢ with aᵢ ∈ {1, 2, 5}, mesh size
    /// δᵢ = 10^(bᵢ − |bᵢ − bᵢ⁰|), and ratio ρᵢ = aᵢ·10^|bᵢ − bᵢ⁰| = Δᵢ/δᵢ.
    public struct Mesh: Codable, Sendable, Equatable {
        /// Mantissas aᵢ ∈ {1, 2, 5}.
        public var mantissa: [Int]
        /// Exponents bᵢ.
        public var exponent: [Int]
        /// Initial exponents bᵢ⁰.
        public var initialExponent: [Int]
        /// Initial mantissas aᵢ⁰ (nil in states saved before l2l recorded them: read as 1).
        public var initialMantissa: [Int]?

        /// `GMesh::initFrameSizeGranular`: bᵢ = (int) log10 Δ⁰ᵢ (truncated toward zero), aᵢ the
        /// rounding of Δ⁰ᵢ·10^−bᵢ to 1 (< 1.5), 2 (< 3.5) or 5.
        public init(initialFrameSize: [Double]) {
            exponent = initialFrameSize.map { Int(log10(abs($0))) }
            mantissa = zip(initialFrameSize, exponent).map { d, b in
                let m = d * pow(10, Double(-b))
                return m < 1.5 ? 1 : (m < 3.5 ? 2 : 5)
            }
            initialExponent = exponent
            initialMantissa = mantissa
        }

        /// Mesh index rᵢ (NOMAD `GMesh::_r`): refinements minus enlargements of variable i so far,
        /// negated — each step moves aᵢ·10^bᵢ one place along 1, 2, 5, 10, … — so
        /// rᵢ = 3(bᵢ − bᵢ⁰) + k(aᵢ) − k(aᵢ⁰) with k(1) = 0, k(2) = 1, k(5) = 2.
        public func index(_ i: Int) -> Int {
            func k(_ a: Int) -> Int { a == 1 ? 0 : (a == 2 ? 1 : 2) }
            return 3 * (exponent[i] - initialExponent[i]) + k(mantissa[i]) - k(initialMantissa?[i] ?? 1)
        }

        /// Frame size Δᵢ (`GMesh::getDeltaFrameSize`).
        public func frameSize(_ i: Int) -> Double { Double(mantissa[i]) * pow(10, Double(exponent[i])) }
        /// Mesh size δᵢ (`GMesh::getdeltaMeshSize`).
        public func meshSize(_ i: Int) -> Double {
            pow(10, Double(exponent[i] - abs(exponent[i] - initialExponent[i])))
        }
        /// ρᵢ = Δᵢ/δᵢ (`GMesh::getRho`).
        public func rho(_ i: Int) -> Double {
            Double(mantissa[i]) * pow(10, Double(abs(exponent[i] - initialExponent[i])))
        }
        public var frameSizes: [Double] { mantissa.indices.map(frameSize) }
        public var meshSizes: [Double] { mantissa.indices.map(meshSize) }

        /// After a failure (`GMesh::refineDeltaFrameSize`): 1 → 0.5 (b − 1), 2 → 1, 5 → 2, for each
        /// variable whose current mesh size is still ≥ its minimum (all of them with NOMAD's default
        /// minimum 0).
        public mutating func refine(minimumMeshSize: [Double]) {
            for i in mantissa.indices where minimumMeshSize[i] <= meshSize(i) {
                switch mantissa[i] {
                case 1: mantissa[i] = 5; exponent[i] -= 1
                case 2: mantissa[i] = 1
                default: mantissa[i] = 2
                }
            }
        }

        /// After a success along `direction` (`GMesh::enlargeDeltaFrameSize`): 1 → 2, 2 → 5,
        /// 5 → 1 (b + 1) for every variable when isotropic; when anisotropic only where
        /// |dᵢ|/δᵢ/ρᵢ > `anisotropyFactor`, or where bᵢ < bᵢ⁰ and ρᵢ > (minⱼ ρⱼ)².
        /// - Returns: whether any frame size changed.
        @discardableResult
        public mutating func enlarge(direction: [Double], anisotropic: Bool, anisotropyFactor: Double) -> Bool {
            let minRho = mantissa.indices.map(rho).min() ?? .infinity
            var changed = false
            for i in mantissa.indices {
                let moved = abs(direction[i]) / meshSize(i) / rho(i) > anisotropyFactor
                let belowInitial = exponent[i] < initialExponent[i] && rho(i) > minRho * minRho
                if !anisotropic || moved || belowInitial {
                    switch mantissa[i] {
                    case 1: mantissa[i] = 2
                    case 2: mantissa[i] = 5
                    default: mantissa[i] = 1; exponent[i] += 1
                    }
                    changed = true
                }
            }
            return changed
        }

        /// `GMesh::scaleAndProjectOnMesh(dir)`: δᵢ·round(ρᵢ·dᵢ/‖d‖∞), so the largest step is ±Δᵢ.
        public func scaleAndProject(_ direction: [Double]) -> [Double] {
            let norm = direction.reduce(0) { Swift.max($0, abs($1)) }
            guard norm > 0 else { return direction.map { _ in 0 } }
            return direction.indices.map { i in meshSize(i) * (rho(i) * direction[i] / norm).rounded() }
        }

        /// `GMesh::projectOnMesh`: the mesh point nearest `point` on the mesh through `centre`.
        public func project(_ point: [Double], centre: [Double]) -> [Double] {
            point.indices.map { i in
                let d = meshSize(i)
                return centre[i] + d * ((point[i] - centre[i]) / d).rounded()
            }
        }
    }
}
