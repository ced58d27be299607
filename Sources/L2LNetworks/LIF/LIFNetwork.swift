/// A contiguous block of neurons that share LIF parameters (NEST `nest.Create(model, n, params)`).
public struct LIFPopulation: Codable, Sendable, Equatable {
    /// Label, e.g. "E" or "I".
    public var name: String
    /// Number of neurons.
    public var count: Int
    /// Their parameters.
    public var parameters: LIFParameters

    public init(name: String, count: Int, parameters: LIFParameters) {
        self.name = name
        self.count = count
        self.parameters = parameters
    }
}

/// An input node of a network: a Poisson generator or a given spike train (NEST
/// `poisson_generator`, `spike_generator`). Sources are presynaptic nodes of the graph
/// (`neuronCount + index`), so their synapses have weights, delays and groups like any other.
public enum LIFSource: Sendable, Equatable, Codable {
    /// Independent Poisson process at this rate, Hz (rate 0: silent).
    case poisson(rateHz: Double)
    /// Spikes at these times, ms from the start of the simulation (sorted or not; rounded to steps).
    case spikeTrain([Double])
}

/// The structure of a spiking network: populations of LIF neurons, input sources, the
/// synaptic graph and the time step. Simulators with different weights (`LIFWeights`) share it.
///
/// ```swift
/// let net = LIFNetwork(populations: [LIFPopulation(name: "E", count: 800, parameters: p)],
///                      sources: [], graph: builder.build(), dt: 0.1)
/// let sim = LIFSimulator(network: net, weights: .groupScales([1, 0.8]))
/// ```
///
/// Neurons are numbered population after population; population `k` occupies
/// `populationRange(k)`. Sources follow the neurons in the graph's node numbering.
public struct LIFNetwork: Sendable {
    /// Populations in neuron order.
    public let populations: [LIFPopulation]
    /// Input sources in node order (node `neuronCount + j`).
    public let sources: [LIFSource]
    /// Synapses (CSR by presynaptic node).
    public let graph: SynapseGraph
    /// Time step, ms.
    public let dt: Double
    /// Total number of neurons.
    public let neuronCount: Int
    /// First neuron of each population, plus the total at the end.
    public let populationStart: [Int]

    /// - Precondition: the graph's neuron and node counts match the populations and sources.
    public init(populations: [LIFPopulation], sources: [LIFSource] = [], graph: SynapseGraph, dt: Double) {
        precondition(dt > 0 && dt.isFinite, "LIFNetwork: dt must be > 0, got \(dt)")
        var starts = [0]
        for p in populations {
            precondition(p.count >= 0, "LIFNetwork: population \(p.name) has negative size")
            p.parameters.validate()
            starts.append(starts.last! + p.count)
        }
        precondition(graph.neuronCount == starts.last!, "LIFNetwork: graph has \(graph.neuronCount) neurons, populations \(starts.last!)")
        precondition(graph.nodeCount == starts.last! + sources.count,
                     "LIFNetwork: graph has \(graph.nodeCount - graph.neuronCount) sources, got \(sources.count)")
        self.populations = populations
        self.sources = sources
        self.graph = graph
        self.dt = dt
        self.neuronCount = starts.last!
        self.populationStart = starts
    }

    /// Neurons of population `k`.
    public func populationRange(_ k: Int) -> Range<Int> { populationStart[k]..<populationStart[k + 1] }

    /// Index of the population named `name`, if any.
    public func population(named name: String) -> Int? { populations.firstIndex { $0.name == name } }

    /// Whether any population uses exponential or alpha currents (two receptor buffers needed).
    var usesCurrents: Bool { populations.contains { $0.parameters.synapse != .delta } }
}
