/// Everything a curator needs to trust a join: what did not match, what was duplicated or
/// contradictory, and how labels and patients fall into the splits.
///
/// Encodes to the JSON printed by `medprep labels check --json`; lists are in a fixed order
/// (input order for images, file order for rows) so two runs give identical reports.
public struct JoinReport: Sendable, Hashable, Codable {
    /// The dataset's display name.
    public var dataset: String
    /// The label tables read.
    public var tables: [String]
    /// The vocabulary, in vector order.
    public var vocabulary: [String]
    /// Data rows read across all tables.
    public var rowsRead: Int
    /// Image keys the tables describe (after folding rows per image).
    public var labelledKeys: Int
    /// Images listed in the folder.
    public var imagesListed: Int
    /// Images joined to exactly one record (the samples).
    public var imagesMatched: Int
    /// Relative paths of listed images that no row names.
    public var imagesWithoutRows: [String]
    /// Rows naming an image that is not in the folder.
    public var rowsWithoutImages: [RowReference]
    /// The rows behind ``rowsWithoutImages``, which lists keys: folded rows (RSNA's box rows) and
    /// repeated rows of those keys count one each.
    public var rowsWithoutImagesRowCount: Int = 0
    /// What the tables hold on their own (records, patients, positives per label, boxes); given when
    /// no image matched (a table checked without its images), `nil` otherwise.
    public var tableTotals: TableTotals?
    /// Rows of secondary tables naming no image of the main table.
    public var orphanRows: [RowReference]
    /// Rows that name an image but give it no label: a MIMIC image whose study the labeler table
    /// lacks, an RSNA patient without a class row, a generic row whose label cell is blank. An image
    /// such a row names is listed here only, not also under ``imagesWithoutRows``.
    public var rowsWithoutLabels: [RowReference]
    /// Rows the adapter refused, each with its reason (a CheXpert `Path` without `patientNNNNN`).
    public var refusedRows: [RowReference]
    /// Where each sample's patient comes from (`Patient ID column`, `patientNNNNN in Path`, ...);
    /// `nil` when the table names no patient, so every image counts as its own patient and
    /// ``patientsInSeveralSplits`` cannot find a leak between images of one person.
    public var patientSource: String?
    /// Repeated rows with identical content.
    public var duplicateRows: [DuplicateRow]
    /// Rows that disagree about an image, and images matching several rows; left out of the samples.
    public var conflicts: [LabelConflict]
    /// Samples per split.
    public var imagesPerSplit: [SplitName: Int]
    /// Distinct patients per split.
    public var patientsPerSplit: [SplitName: Int]
    /// Positive count per label name, per split.
    public var labelCountsPerSplit: [SplitName: [String: Int]]
    /// Patients found in more than one split; always empty unless an official split put them there.
    public var patientsInSeveralSplits: [String]

    /// Whether everything matched once and nothing leaked.
    ///
    /// `true` when every listed image matched exactly one row, every row matched an image, and
    /// nothing was duplicated, contradictory or leaked across splits. `--strict` fails otherwise.
    public var isClean: Bool {
        imagesWithoutRows.isEmpty && rowsWithoutImages.isEmpty && orphanRows.isEmpty && rowsWithoutLabels.isEmpty
            && refusedRows.isEmpty && duplicateRows.isEmpty
            && conflicts.isEmpty && patientsInSeveralSplits.isEmpty
    }
}
