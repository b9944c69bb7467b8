import Foundation
import MedCore

/// Any label table: one row per image, a key column, labels as one-hot columns, one separated
/// column, or one class column; optional patient, split and extra columns.
///
/// Nothing is inferred from the data except, when no vocabulary is given for a separated or class
/// column, the vocabulary itself: the distinct values sorted by Unicode scalar order, so the same
/// table always gives the same order. Without a patient column every image is its own patient, which
/// cannot prevent leaks between images of one person: give the patient column whenever the table has one.
public struct GenericCSVLabels: LabelAdapter {
    /// Where the labels are in the table.
    public enum Labels: Sendable, Hashable {
        /// One column per label holding 1/0/-1/blank (or true/false, yes/no); the column names are the vocabulary.
        case oneHot(columns: [String])
        /// One column listing the labels of the image, split by `separator` (`Effusion|Mass`); multi-label.
        case separated(column: String, separator: String)
        /// One column holding exactly one class name; single-label, with class indices.
        case singleClass(column: String)
    }

    /// The table.
    public var path: String
    /// The column whose value is matched against the image path.
    public var keyColumn: String
    /// How the key matches the path.
    public var matchRule: MatchRule
    /// Where the labels are.
    public var labels: Labels
    /// The vocabulary in vector order; `nil` to collect it from the data (sorted).
    public var vocabulary: [String]?
    /// The patient column, if any.
    public var patientColumn: String?
    /// A column of official splits (`train`, `val`/`valid`/`validate`, `test`), if any.
    public var splitColumn: String?
    /// Columns copied into the sample's extras under their own names.
    public var extraColumns: [String]
    /// How uncertain and blank one-hot values become targets.
    public var policy: ObservationPolicy
    /// The field separator.
    public var delimiter: Character

    /// The encoding the tables are written in (``TableEncoding``); UTF-8 unless set.
    public var encoding: TableEncoding = .utf8

    /// Creates the adapter.
    ///
    /// - Parameters:
    ///   - path: The table.
    ///   - keyColumn: The column matched against image paths.
    ///   - matchRule: How the key matches the path.
    ///   - labels: Where the labels are.
    ///   - vocabulary: The vocabulary, or `nil` to collect it.
    ///   - patientColumn: The patient column, if any.
    ///   - splitColumn: The official split column, if any.
    ///   - extraColumns: Columns copied into the extras.
    ///   - policy: Uncertainty and blank policies for one-hot columns.
    ///   - delimiter: The field separator.
    public init(
        path: String, keyColumn: String, matchRule: MatchRule, labels: Labels, vocabulary: [String]? = nil,
        patientColumn: String? = nil, splitColumn: String? = nil, extraColumns: [String] = [],
        policy: ObservationPolicy = ObservationPolicy(), delimiter: Character = ","
    ) {
        self.path = path
        self.keyColumn = keyColumn
        self.matchRule = matchRule
        self.labels = labels
        self.vocabulary = vocabulary
        self.patientColumn = patientColumn
        self.splitColumn = splitColumn
        self.extraColumns = extraColumns
        self.policy = policy
        self.delimiter = delimiter
    }

    /// Reads the table.
    ///
    /// - Returns: One record per row.
    /// - Throws: ``LabelError``: missing columns, ragged rows, values outside the vocabulary or the
    ///   one-hot states, a row without exactly one class in single-class mode.
    public func table() throws(LabelError) -> LabelTable {
        var reader = try CSVReader(path: path, delimiter: delimiter, encoding: encoding)
        let key = try reader.requiredColumn(keyColumn)
        let patient = try patientColumn.map { name throws(LabelError) in try reader.requiredColumn(name) }
        let split = try splitColumn.map { name throws(LabelError) in try reader.requiredColumn(name) }
        var extras: [(String, Int)] = []
        for name in extraColumns { extras.append((name, try reader.requiredColumn(name))) }
        var rows: [CSVRecord] = []
        while let row = try reader.next() { rows.append(row) }
        let names = try vocabularyNames(reader: reader, rows: rows)
        let vocabulary = LabelVocabulary(
            names: names,
            isSingleLabel: {
                if case .singleClass = labels { return true } else { return false }
            }())
        var labelColumns: [Int] = []
        switch labels {
        case .oneHot(let columns): for name in columns { labelColumns.append(try reader.requiredColumn(name)) }
        case .separated(let column, _), .singleClass(let column): labelColumns = [try reader.requiredColumn(column)]
        }
        var records: [LabelRecord] = []
        var withoutLabels: [RowReference] = []
        records.reserveCapacity(rows.count)
        for row in rows {
            let keyValue = try TableReading.required(row, key, keyColumn, path: path)
            // A blank label or class cell says nothing about the image: the row is listed, never read as
            // "no finding" (that would train on made-up negatives) and never a reason to stop.
            if let blank = blankLabelColumn(row, columns: labelColumns) {
                withoutLabels.append(
                    RowReference(
                        key: keyValue, source: SourceLocation(path: path, line: row.line),
                        reason: "\(blank) is blank"))
                continue
            }
            var record = LabelRecord(
                key: keyValue, patientID: keyValue, labels: [],
                source: SourceLocation(path: path, line: row.line))
            if let patient {
                record.patientID = try TableReading.required(row, patient, patientColumn ?? "", path: path)
            }
            if let split {
                guard let name = SplitName(datasetValue: String(row[split].trimmingSpaces)) else {
                    throw LabelError(
                        .invalidValue, path: path, line: row.line, column: split + 1,
                        reason: "split '\(row[split])' is not train, val or test")
                }
                record.officialSplits = [name]
            }
            for (name, column) in extras { record.extras[name] = JSONValue(csvField: row[column]) }
            try encodeLabels(row, columns: labelColumns, vocabulary: vocabulary, into: &record)
            records.append(record)
        }
        var table = LabelTable(
            dataset: "generic", paths: [path], vocabulary: vocabulary, matchRule: matchRule,
            records: records, rowsRead: rows.count)
        table.patientSource = patientColumn.map { "column '\($0)'" }
        table.rowsWithoutLabels = withoutLabels
        return table
    }

    /// The name of the label column when a `--label-column` or `--class-column` cell is blank; `nil`
    /// otherwise (one-hot blanks are a state of their own, read under the blank policy).
    private func blankLabelColumn(_ row: CSVRecord, columns: [Int]) -> String? {
        switch labels {
        case .oneHot: return nil
        case .separated(let column, let separator):
            return Self.split(row[columns[0]], by: separator).isEmpty ? "label column '\(column)'" : nil
        case .singleClass(let column):
            return row[columns[0]].isBlank ? "class column '\(column)'" : nil
        }
    }

    private func vocabularyNames(reader: CSVReader, rows: [CSVRecord]) throws(LabelError) -> [String] {
        switch labels {
        case .oneHot(let columns):
            return vocabulary ?? columns
        case .separated(let column, let separator):
            if let vocabulary { return vocabulary }
            let index = try reader.requiredColumn(column)
            var names = Set<String>()
            for row in rows { for name in Self.split(row[index], by: separator) { names.insert(name) } }
            return names.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        case .singleClass(let column):
            if let vocabulary { return vocabulary }
            let index = try reader.requiredColumn(column)
            let names = Set(rows.map { String($0[index].trimmingSpaces) }.filter { !$0.isEmpty })
            return names.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        }
    }

    private func encodeLabels(
        _ row: CSVRecord, columns: [Int], vocabulary: LabelVocabulary,
        into record: inout LabelRecord
    ) throws(LabelError) {
        switch labels {
        case .oneHot:
            let encoded = try TableReading.observations(
                row, columns: columns, names: vocabulary.names, policy: policy,
                path: path)
            record.labels = encoded.labels
            if encoded.mask.contains(0) { record.mask = encoded.mask }
            record.extras["states"] = encoded.states
        case .separated(_, let separator):
            let index = columns[0]
            record.labels = [UInt8](repeating: 0, count: vocabulary.count)
            for name in Self.split(row[index], by: separator) {
                guard let position = vocabulary.index(of: name) else {
                    throw LabelError(
                        .invalidValue, path: path, line: row.line, column: index + 1,
                        reason: "label '\(name)' is not in the vocabulary")
                }
                record.labels[position] = 1
            }
        case .singleClass:
            let index = columns[0]
            let name = String(row[index].trimmingSpaces)
            guard let position = vocabulary.index(of: name) else {
                throw LabelError(
                    .invalidValue, path: path, line: row.line, column: index + 1,
                    reason: name.isEmpty ? "class is empty" : "class '\(name)' is not in the vocabulary")
            }
            record.labels = [UInt8](repeating: 0, count: vocabulary.count)
            record.labels[position] = 1
            record.classIndex = position
        }
    }

    static func split(_ field: String, by separator: String) -> [String] {
        field.components(separatedBy: separator).map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
    }
}
