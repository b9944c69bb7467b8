import MedLabels
import MedPipeline
import MedShards

extension LabelOptionsRecord {
    /// The record of `labels` and `splitting`; the tables are read and hashed.
    ///
    /// - Throws: ``ShardError`` `io` naming a table that cannot be read; `ValidationError` for a bad
    ///   `--uncertain-class`.
    init(labels: LabelOptions, splitting: LabelSplitOptions) throws {
        // The policies as applied (a class given twice keeps its last policy), in a stable order.
        let uncertainClass = try labels.observationPolicy().perClass.map { "\($0.key)=\($0.value.rawValue)" }.sorted()
        var tableSHA256: [String] = []
        for table in labels.tables {
            // The bytes as stored; a pipe or standard input is read once and kept by TableFile.
            tableSHA256.append(ContentHash.sha256(try TableFile.storedBytes(table)))
        }
        self.init(
            uncertain: labels.uncertain.rawValue, uncertainClass: uncertainClass,
            blank: labels.blank.rawValue, stratify: splitting.stratify, ignoreOfficialSplit: splitting.ignoreOfficialSplit,
            tableSHA256: tableSHA256, encoding: labels.encoding == .utf8 ? nil : labels.encoding.rawValue)
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
