import L2LNumerics

/// A learning rule that changes only a ``TwoLayerClassifier``'s output layer, from the activity of
/// its fixed hidden layer (SignSGD, the dopaminergic rule), so callers can compute that activity once.
public protocol OutputLayerRule {
    /// The network with the output weights learned so far.
    var network: TwoLayerClassifier { get }
    /// One update from a batch's hidden activity (batch × hidden) and its labels.
    mutating func step(hidden: Matrix, classIndices: [Int])
}

extension SignSGDRule: OutputLayerRule {}
extension DopaminergicRule: OutputLayerRule {}
