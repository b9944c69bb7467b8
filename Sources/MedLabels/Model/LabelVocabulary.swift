/// The label names of a dataset in a fixed order: the meaning of each position of a multi-hot
/// vector and of each class index.
///
/// The order is the dataset's documented order (see each adapter) and never depends on the data,
/// so vectors from two runs, or two machines, line up. Store it in the manifest.
public struct LabelVocabulary: Sendable, Hashable, Codable {
    /// The label names, in vector order.
    public var names: [String]
    /// `true` when every sample has exactly one label, so ``LabeledSample/classIndex`` is set.
    public var isSingleLabel: Bool

    /// Creates a vocabulary.
    ///
    /// - Parameters:
    ///   - names: The label names in vector order; must be distinct.
    ///   - isSingleLabel: Whether each sample carries exactly one class.
    public init(names: [String], isSingleLabel: Bool = false) {
        precondition(Set(names).count == names.count, "label names must be distinct")
        self.names = names
        self.isSingleLabel = isSingleLabel
    }

    /// The number of labels.
    public var count: Int { names.count }

    /// The position of a label name.
    ///
    /// - Parameter name: A label name.
    /// - Returns: Its index, or `nil` when the name is not in the vocabulary.
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }
}
