import MedLabels
import MedShards

/// Every label and split option that changes a sample's labels, mask, extras or split, with the
/// SHA-256 of each label table: recorded in the manifest's `pipeline`, so that `--resume` refuses
/// a run whose policies, columns or tables changed instead of mixing two labelings in one output.
/// Options left at their defaults or unset are recorded too (as their values, or absent).
struct LabelOptionsRecord: Encodable {
    var uncertain: String
    var uncertainClass: [String]
    var blank: String
    var stratify: Bool
    var ignoreOfficialSplit: Bool
    var tableSHA256: [String]
    var keyColumn: String?
    var match: String?
    var keyRegex: String?
    var anchor: Int?
    var labelColumns: String?
    var labelColumn: String?
    var labelSeparator: String?
    var classColumn: String?
    var vocabulary: String?
    var patientColumn: String?
    var splitColumn: String?
    var extraColumns: [String]?
    var delimiter: String?
    /// Absent for UTF-8, so manifests written before `--encoding` existed read the same.
    var encoding: String?

    /// The record of `labels` and `splitting`; the tables are read and hashed.
    ///
    /// - Throws: ``ShardError`` `io` naming a table that cannot be read; `ValidationError` for a bad
    ///   `--uncertain-class`.
    init(labels: LabelOptions, splitting: LabelSplitOptions) throws {
        uncertain = labels.uncertain.rawValue
        // The policies as applied (a class given twice keeps its last policy), in a stable order.
        uncertainClass = try labels.observationPolicy().perClass.map { "\($0.key)=\($0.value.rawValue)" }.sorted()
        blank = labels.blank.rawValue
        stratify = splitting.stratify
        ignoreOfficialSplit = splitting.ignoreOfficialSplit
        tableSHA256 = []
        for table in labels.tables {
            // The bytes as stored; a pipe or standard input is read once and kept by TableFile.
            tableSHA256.append(ContentHash.sha256(try TableFile.storedBytes(table)))
        }
        encoding = labels.encoding == .utf8 ? nil : labels.encoding.rawValue
        guard labels.dataset == .generic else { return }
        let generic = labels.generic
        keyColumn = generic.keyColumn
        match = generic.match.rawValue
        keyRegex = generic.keyRegex
        anchor = generic.anchor
        labelColumns = generic.labelColumns
        labelColumn = generic.labelColumn
        labelSeparator = generic.labelSeparator
        classColumn = generic.classColumn
        vocabulary = generic.vocabulary
        patientColumn = generic.patientColumn
        splitColumn = generic.splitColumn
        extraColumns = generic.extraColumns
        delimiter = generic.delimiter
    }
}
