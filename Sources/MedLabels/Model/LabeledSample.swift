/// One image joined to its labels, with its patient and split: what `medprep convert` writes.
public struct LabeledSample: Sendable, Hashable, Codable {
    /// The position of the image in the list given to the join.
    public var imageIndex: Int
    /// The image, as listed.
    public var image: ImageFile
    /// Multi-hot vector in vocabulary order.
    public var labels: [UInt8]
    /// 1 where the label is known; `nil` when every label is known.
    public var mask: [UInt8]?
    /// The class index, for single-label datasets.
    public var classIndex: Int?
    /// The raw patient id from the table.
    ///
    /// It is what the split is computed from; pseudonymize
    /// it (HMAC) before writing it anywhere.
    public var patientID: String
    /// The split the image belongs to; every image of one patient gets the same one.
    public var split: SplitName
    /// `true` when the split came from the dataset's official split rather than the hash.
    public var splitIsOfficial: Bool
    /// Extra fields for the sample's JSON, encoded as an object.
    ///
    /// They never hold the patient id.
    public var extras: ExtraFields
    /// The label row the sample comes from.
    public var source: SourceLocation
}
