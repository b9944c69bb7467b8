/// Everything an adapter read from a dataset's label tables: one record per image key, the
/// vocabulary, how keys match images, and the problems found while folding rows.
public struct LabelTable: Sendable {
    /// The dataset's name as shown in reports: `ChestX-ray14`, `CheXpert`, ...
    public var dataset: String
    /// The label tables read, in the order given.
    public var paths: [String]
    /// The vocabulary, in vector order.
    public var vocabulary: LabelVocabulary
    /// How record keys match image paths.
    public var matchRule: MatchRule
    /// One record per image key; two records with one key are reported as duplicates or conflicts.
    public var records: [LabelRecord]
    /// Data rows read across all tables (header lines excluded).
    public var rowsRead: Int
    /// Duplicate rows the adapter folded (same content, reported, harmless).
    public var duplicates: [DuplicateRow]
    /// Rows that disagree about one image, found by the adapter.
    ///
    /// For example RSNA `Target` against `class`. Images whose key appears here give no sample.
    public var conflicts: [LabelConflict]
    /// Rows of secondary tables that name an image the main table does not have.
    ///
    /// For example a box for an unknown image, or a split entry for an unknown DICOM.
    public var orphanRows: [RowReference]
    /// Rows of an image table whose image has no label row (a MIMIC DICOM whose study the labeler
    /// table lacks); they give no record.
    public var rowsWithoutLabels: [RowReference] = []
    /// Rows the adapter refused, each with its reason (a CheXpert `Path` naming no `patientNNNNN`):
    /// they give no record, and an image they name is not also listed as an image without rows.
    public var refusedRows: [RowReference] = []
    /// Where the patient of each record comes from, for the report: `Patient ID column`,
    /// `patientNNNNN in Path`; `nil` when the table names no patient and each key counts as its own.
    public var patientSource: String?
    /// Rows of the main table folded into one record, by key, where more than one (RSNA's box rows);
    /// a key absent here stands for one row.
    public var foldedRows: [String: Int] = [:]
    /// Rows whose key no listed image has, left out of ``records`` when the join told the adapter
    /// which keys the images have (first row of each key, in file order); their labels were not read.
    public var unmatchedRows: [RowReference] = []

    /// Creates a table.
    ///
    /// - Parameters:
    ///   - dataset: The dataset's display name.
    ///   - paths: The label tables read.
    ///   - vocabulary: The label vocabulary.
    ///   - matchRule: How keys match image paths.
    ///   - records: One record per image key.
    ///   - rowsRead: Data rows read.
    ///   - duplicates: Duplicate rows found while folding.
    ///   - conflicts: Conflicting rows found while folding.
    ///   - orphanRows: Secondary-table rows naming no known image.
    public init(
        dataset: String, paths: [String], vocabulary: LabelVocabulary, matchRule: MatchRule, records: [LabelRecord],
        rowsRead: Int, duplicates: [DuplicateRow] = [], conflicts: [LabelConflict] = [], orphanRows: [RowReference] = []
    ) {
        self.dataset = dataset
        self.paths = paths
        self.vocabulary = vocabulary
        self.matchRule = matchRule
        self.records = records
        self.rowsRead = rowsRead
        self.duplicates = duplicates
        self.conflicts = conflicts
        self.orphanRows = orphanRows
    }
}

/// A source of labels: one dataset's tables, read and folded into a ``LabelTable``.
///
/// Adapters read files only; they never look at the image folder.
public protocol LabelAdapter: Sendable {
    /// Reads the tables.
    ///
    /// - Returns: The records, vocabulary and match rule.
    /// - Throws: ``LabelError`` for unreadable or malformed tables, with path, line and column.
    func table() throws(LabelError) -> LabelTable
}
