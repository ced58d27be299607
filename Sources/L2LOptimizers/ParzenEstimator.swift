import Foundation
import L2LNumerics

/// The multivariate Parzen (kernel density) estimator of the tree-structured Parzen estimator,
/// over an encoded ``SearchSpace`` (Watanabe 2023, "Tree-structured Parzen estimator: understanding
/// its algorithm components and their roles for better empirical performance", arXiv:2304.11127,
/// §3, the multivariate kernel of Falkner et al. 2018):
///
///     p(x) = 1/(N+1) · [ k_prior(x) + Σ_{n=1..N} Π_d k_d(x_d | x_d^n, b_d) ]
///
/// one product kernel per observation plus one prior component (the uniform-weight, prior-weight-1
/// setting of Watanabe 2023 §3). Per dimension kind:
/// - real and log scale (a Gaussian in ln x, i.e. log-normal): a Gaussian truncated to the encoded
///   interval [a, b], `k(x | μ, b) = φ((x − μ)/b) / (b · [Φ((b_hi − μ)/b) − Φ((a − μ)/b)])`;
/// - integer: the same Gaussian over [lower − ½, upper + ½], integrated over the cell of the integer
///   `k`: `[Φ((k + ½ − μ)/b) − Φ((k − ½ − μ)/b)] / Z` (a probability mass, the discrete kernel of
///   Watanabe 2023 §3);
/// - choice among C options: the Aitchison–Aitken kernel, mass `1 − β` on the observed option and
///   `β/(C − 1)` on each other one, with β = (C − 1)/(2C) (half the kernel's mass spread uniformly).
///
/// The prior component is the Gaussian at the box centre with b = the interval width (uniform
/// over the options for a choice). Bandwidths follow Scott's rule for D dimensions with the
/// "magic clipping" of Bergstra et al. 2011 (Watanabe 2023 §3, bandwidth selection):
///
///     b_d = clamp(0.2 · w_d · N^(−1/(D+4)),  w_d / min(100, N + 1),  w_d)
///
/// where w_d is the encoded width of dimension d.
public struct ParzenEstimator: Sendable {
    public let space: SearchSpace
    /// Kernel centres, snapped to their cells for integer and choice entries (the prior's excluded).
    public let centres: [[Double]]
    /// Bandwidth per dimension (unused for choices).
    public let bandwidths: [Double]

    /// Per component (the prior last) and dimension, ln of the truncated Gaussian's mass on the
    /// encoded interval (its normalizer; 0 for choices).
    let logNormalizers: [[Double]]

    /// Fits the estimator to encoded `observations`.
    public init(observations: [[Double]], space: SearchSpace) {
        self.space = space
        let centres = observations.map { Self.snap($0, space: space) }
        let bandwidths = Self.bandwidths(count: observations.count, space: space)
        self.centres = centres
        self.bandwidths = bandwidths
        logNormalizers = (centres.map(Optional.some) + [nil]).map { centre in
            space.dimensions.enumerated().map { d, dimension in
                if case .categorical = dimension.kind { return 0 }
                let a = dimension.encodedLower, b = dimension.encodedUpper
                return log(Self.mass(centre?[d] ?? (a + b) / 2, centre == nil ? dimension.encodedWidth : bandwidths[d], a, b))
            }
        }
    }

    /// Scott's-rule bandwidths with magic clipping (see the type's documentation).
    public static func bandwidths(count: Int, space: SearchSpace) -> [Double] {
        let n = Double(max(count, 1)), d = Double(space.count)
        return space.widths.map { width in
            let scott = 0.2 * width * pow(n, -1 / (d + 4))
            return min(max(scott, width / min(100, Double(count) + 1)), width)
        }
    }

    /// `x` with integer entries rounded and choice entries moved to their option's cell centre.
    public static func snap(_ x: [Double], space: SearchSpace) -> [Double] {
        zip(x, space.dimensions).map { value, dimension in
            switch dimension.kind {
            case .real, .logScale: min(max(value, dimension.encodedLower), dimension.encodedUpper)
            case .integer, .categorical: dimension.encode(dimension.decode(value))
            }
        }
    }

    /// The Aitchison–Aitken weight β of a choice among `count` options.
    public static func choiceSpread(count: Int) -> Double { Double(count - 1) / Double(2 * count) }

    /// ln p(x) of an encoded point (log-sum-exp over the N + 1 components).
    public func logDensity(_ x: [Double]) -> Double {
        let point = Self.snap(x, space: space)
        var terms = [componentLogDensity(point, centre: nil, logNormalizers: logNormalizers[centres.count])]
        terms.reserveCapacity(centres.count + 1)
        for (n, centre) in centres.enumerated() { terms.append(componentLogDensity(point, centre: centre, logNormalizers: logNormalizers[n])) }
        let top = terms.max()!
        guard top.isFinite else { return top }
        return top + log(terms.reduce(0) { $0 + exp($1 - top) }) - log(Double(centres.count + 1))
    }

    /// ln of one component's product kernel at a snapped point; `centre` nil for the prior.
    func componentLogDensity(_ point: [Double], centre: [Double]?, logNormalizers: [Double]) -> Double {
        var sum = 0.0
        for (d, dimension) in space.dimensions.enumerated() {
            let a = dimension.encodedLower, b = dimension.encodedUpper
            let mu = centre?[d] ?? (a + b) / 2
            let sigma = centre == nil ? dimension.encodedWidth : bandwidths[d]
            switch dimension.kind {
            case .real, .logScale:
                let z = (point[d] - mu) / sigma
                sum += -0.5 * z * z - log(sigma * (2 * Double.pi).squareRoot()) - logNormalizers[d]
            case .integer:
                let k = point[d]
                sum += log(Self.mass(mu, sigma, k - 0.5, k + 0.5)) - logNormalizers[d]
            case .categorical(let count):
                guard count > 1 else { continue }
                guard let centre else { sum -= log(Double(count)); continue }
                let beta = Self.choiceSpread(count: count)
                sum += floor(point[d]) == floor(centre[d]) ? log(1 - beta) : log(beta / Double(count - 1))
            }
        }
        return sum
    }

    /// Φ((hi − μ)/σ) − Φ((lo − μ)/σ), computed on the tail that keeps its precision; at least 1e-300.
    static func mass(_ mu: Double, _ sigma: Double, _ lo: Double, _ hi: Double) -> Double {
        let zlo = (lo - mu) / sigma, zhi = (hi - mu) / sigma
        let value = zlo > 0
            ? 0.5 * (erfc(zlo / 2.0.squareRoot()) - erfc(zhi / 2.0.squareRoot()))  // upper tails
            : 0.5 * (erfc(-zhi / 2.0.squareRoot()) - erfc(-zlo / 2.0.squareRoot()))
        return max(value, 1e-300)
    }

    /// A draw from p: a component chosen uniformly (the prior included), then each coordinate from
    /// its kernel; integer and choice coordinates come out at their cell centres.
    public func sample(_ random: inout RandomStream) -> [Double] {
        let pick = random.nextInt(below: centres.count + 1)
        let centre: [Double]? = pick < centres.count ? centres[pick] : nil
        return space.dimensions.enumerated().map { d, dimension in
            let a = dimension.encodedLower, b = dimension.encodedUpper
            switch dimension.kind {
            case .real, .logScale, .integer:
                let mu = centre?[d] ?? (a + b) / 2
                let sigma = centre == nil ? dimension.encodedWidth : bandwidths[d]
                let value = Self.truncatedGaussian(mu, sigma, a, b, &random)
                return dimension.kind == .integer ? dimension.encode(dimension.decode(value)) : value
            case .categorical(let count):
                let option: Int
                if let centre, count > 1 {
                    let own = Int(floor(centre[d]))
                    let beta = Self.choiceSpread(count: count)
                    if random.nextUniform() < 1 - beta {
                        option = own
                    } else {
                        let other = random.nextInt(below: count - 1)
                        option = other >= own ? other + 1 : other
                    }
                } else {
                    option = random.nextInt(below: count)
                }
                return Double(option) + 0.5
            }
        }
    }

    /// A Gaussian draw truncated to [a, b] by rejection (at least ≈ 16% acceptance, since μ lies in
    /// [a, b] and σ ≤ b − a); after 1000 rejections a uniform draw in [a, b].
    static func truncatedGaussian(_ mu: Double, _ sigma: Double, _ a: Double, _ b: Double, _ random: inout RandomStream) -> Double {
        for _ in 0..<1000 {
            let value = mu + sigma * random.nextGaussian()
            if value >= a && value <= b { return value }
        }
        return random.nextUniform(in: a, b)
    }
}
