/// Why connectome data could not be loaded.
///
/// Every case names the file (its path as given) and, for content errors, the
/// 1-based line and column of the offending field, so a user who edits or swaps a
/// CSV file sees where it went wrong:
///
/// ```
/// data/connectome/varshney2011_edges.csv:17:4: column "count": expected a non-negative integer, found "x"
/// ```
public enum ConnectomeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read at all (missing, unreadable, not UTF-8).
    case unreadable(file: String, reason: String)
    /// A required column is missing from the header (line 1).
    case missingColumn(file: String, column: String, header: [String])
    /// A row has a different number of fields than the header.
    case wrongFieldCount(file: String, line: Int, expected: Int, found: Int)
    /// A quoted field is not closed, or a quote appears inside an unquoted field.
    case malformedQuoting(file: String, line: Int, column: Int)
    /// A field could not be parsed as the value its column needs.
    case invalidValue(file: String, line: Int, column: Int, name: String, expected: String, found: String)
    /// An edge names a neuron that is not in the neuron table.
    case unknownNeuron(file: String, line: Int, column: Int, name: String)
    /// The same neuron, edge or pair appears twice.
    case duplicate(file: String, line: Int, what: String)
    /// A stimulus names a neuron that the network does not have.
    case unknownStimulusNeuron(name: String, dataset: String)
    /// A parameter-set name other than `kunert2014` and `interactome`.
    case unknownParameterSet(String)

    /// A one-line message `file:line:column: problem`.
    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .missingColumn(file, column, header):
            return "\(file):1: missing column \"\(column)\" (header: \(header.joined(separator: ",")))"
        case let .wrongFieldCount(file, line, expected, found):
            return "\(file):\(line): \(found) fields, the header has \(expected)"
        case let .malformedQuoting(file, line, column):
            return "\(file):\(line):\(column): malformed quoting"
        case let .invalidValue(file, line, column, name, expected, found):
            return "\(file):\(line):\(column): column \"\(name)\": expected \(expected), found \"\(found)\""
        case let .unknownNeuron(file, line, column, name):
            return "\(file):\(line):\(column): unknown neuron \"\(name)\""
        case let .duplicate(file, line, what):
            return "\(file):\(line): duplicate \(what)"
        case let .unknownStimulusNeuron(name, dataset):
            return "stimulus: \"\(name)\" is not a neuron of \(dataset) (names look like AVAL, VA8, DD1)"
        case let .unknownParameterSet(name):
            return "unknown parameter set \"\(name)\" (kunert2014 or interactome)"
        }
    }
}
