/// The result of joining label tables to an image listing: the vocabulary, one sample per image
/// that matched exactly one record, and the report of everything else.
public struct LabelJoin: Sendable {
    /// The vocabulary, in vector order; store it in the manifest.
    public var vocabulary: LabelVocabulary
    /// The samples, in the order of the image list.
    public var samples: [LabeledSample]
    /// What matched, what did not, and the split statistics.
    public var report: JoinReport
}
