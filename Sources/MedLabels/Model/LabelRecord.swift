/// The labels of one image as a dataset adapter read them, before the join with the image folder.
///
/// An adapter folds all the rows that concern one image (RSNA's several box rows, NIH's boxes,
/// MIMIC's per-study labels) into one record, whose `key` is matched against image paths by the
/// table's ``MatchRule``.
public struct LabelRecord: Sendable, Hashable {
    /// What is matched against an image: a file name, a stem, a relative path or a regex capture.
    public var key: String
    /// The patient identifier as written in the table (not pseudonymized); splits are by patient.
    public var patientID: String
    /// Multi-hot vector in vocabulary order: 1 where the label is present.
    public var labels: [UInt8]
    /// 1 where the label's value is known and should count in a loss, 0 where it is ignored
    /// (U-Ignore uncertainty, blank with the ignore policy); `nil` when every value is known.
    public var mask: [UInt8]?
    /// The class index for single-label datasets.
    public var classIndex: Int?
    /// The splits the dataset's official split allows for this image: one split when it is fixed
    /// (MIMIC's split file, NIH's test list), several when the official split only says "not test"
    /// (NIH's train_val list); `nil` when the dataset gives none.
    public var officialSplits: Set<SplitName>?
    /// Extra fields for the sample's JSON: view position, boxes, raw label states, age, sex.
    ///
    /// Never the patient id (that is ``patientID``, which the caller pseudonymizes).
    public var extras: ExtraFields
    /// The row the record comes from (the first one when several rows were folded).
    public var source: SourceLocation

    /// Creates a record.
    ///
    /// - Parameters:
    ///   - key: The value matched against image paths.
    ///   - patientID: The raw patient identifier.
    ///   - labels: Multi-hot vector in vocabulary order.
    ///   - mask: 1 where the label is known; `nil` when all are.
    ///   - classIndex: The single class, if the dataset has one.
    ///   - officialSplits: The splits the official split allows, if any.
    ///   - extras: Extra fields for the sample JSON.
    ///   - source: The row the record comes from.
    public init(
        key: String, patientID: String, labels: [UInt8], mask: [UInt8]? = nil, classIndex: Int? = nil,
        officialSplits: Set<SplitName>? = nil, extras: ExtraFields = [:], source: SourceLocation
    ) {
        self.key = key
        self.patientID = patientID
        self.labels = labels
        self.mask = mask
        self.classIndex = classIndex
        self.officialSplits = officialSplits
        self.extras = extras
        self.source = source
    }

    /// Whether two records say the same thing about an image (source lines aside).
    func hasSameContent(as other: LabelRecord) -> Bool {
        patientID == other.patientID && labels == other.labels && mask == other.mask
            && classIndex == other.classIndex && officialSplits == other.officialSplits
    }
}
