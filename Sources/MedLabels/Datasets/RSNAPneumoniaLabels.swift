import Foundation
import MedCore

/// RSNA Pneumonia Detection Challenge (2018), stage 2: `stage_2_train_labels.csv` and, optionally,
/// `stage_2_detailed_class_info.csv`; images `stage_2_train_images/PATIENTID.dcm`.
///
/// Layout read: `patientId,x,y,width,height,Target`, one row per box when `Target` is 1 and one row
/// with an empty box when it is 0; `patientId,class` with `Normal`, `No Lung Opacity / Not Normal`
/// or `Lung Opacity`, repeated once per box row. All rows of one `patientId` are folded into one
/// record (the boxes go to `extras["boxes"]` as `{x, y, width, height}` in pixels). Rows that disagree
/// about `Target` or `class`, or a `Target` of 1 without `class` `Lung Opacity` (and the reverse), are
/// conflicts. Keys are matched against the file stem (``MatchRule/stem``); the patient is `patientId`
/// (the challenge gives one image per patient id).
///
/// Single-label: with the class table the vocabulary is the three classes in the order above;
/// without it, `No Lung Opacity`, `Lung Opacity` from `Target`.
public struct RSNAPneumoniaLabels: DatasetAdapter {
    /// The three classes of `stage_2_detailed_class_info.csv`.
    public static let detailedVocabulary = LabelVocabulary(
        names: ["Normal", "No Lung Opacity / Not Normal", "Lung Opacity"], isSingleLabel: true)
    /// The two classes of `Target` alone.
    public static let targetVocabulary = LabelVocabulary(
        names: ["No Lung Opacity", "Lung Opacity"], isSingleLabel: true)

    /// `stage_2_train_labels.csv`.
    public var labels: String
    /// `stage_2_detailed_class_info.csv`, if given.
    public var classInfo: String?

    /// The encoding the tables are written in (``TableEncoding``); UTF-8 unless set.
    public var encoding: TableEncoding = .utf8

    /// Creates the adapter.
    ///
    /// - Parameters:
    ///   - labels: The box / target table.
    ///   - classInfo: The detailed class table, if any.
    public init(labels: String, classInfo: String? = nil) {
        self.labels = labels
        self.classInfo = classInfo
    }

    private struct Folded {
        var target: Int
        var boxes: [JSONValue]
        var sources: [SourceLocation]
        var conflict: String?
    }

    /// Reads the tables.
    ///
    /// - Returns: One record per `patientId`.
    /// - Throws: ``LabelError``: missing columns, ragged rows, a `Target` other than 0 or 1, a box
    ///   given with `Target` 0 or missing with `Target` 1.
    public func table() throws(LabelError) -> LabelTable {
        var reader = try CSVReader(path: labels, encoding: encoding)
        let patient = try reader.requiredColumn("patientId")
        let target = try reader.requiredColumn("Target")
        let boxColumns = [
            try reader.requiredColumn("x"), try reader.requiredColumn("y"),
            try reader.requiredColumn("width"), try reader.requiredColumn("height"),
        ]
        var order: [String] = []
        var folded: [String: Folded] = [:]
        var rows = 0
        while let row = try reader.next() {
            rows += 1
            let id = try TableReading.required(row, patient, "patientId", path: labels)
            let source = SourceLocation(path: labels, line: row.line)
            guard let value = Int(row[target].trimmingSpaces), value == 0 || value == 1 else {
                throw LabelError(
                    .invalidValue, path: labels, line: row.line, column: target + 1,
                    reason: "Target '\(row[target])' is not 0 or 1")
            }
            var numbers: [Double] = []
            for (column, name) in zip(boxColumns, ["x", "y", "width", "height"]) {
                if let number = try TableReading.optionalNumber(row, column, name, path: labels) {
                    numbers.append(number)
                }
            }
            guard numbers.count == (value == 1 ? 4 : 0) else {
                throw LabelError(
                    .invalidValue, path: labels, line: row.line, column: boxColumns[0] + 1,
                    reason: value == 1
                        ? "Target 1 needs x, y, width and height"
                        : "Target 0 must leave the box empty")
            }
            let box: JSONValue? =
                value == 1
                ? .object([
                    "x": .double(numbers[0]), "y": .double(numbers[1]), "width": .double(numbers[2]),
                    "height": .double(numbers[3]),
                ]) : nil
            if var entry = folded[id] {
                if entry.target != value { entry.conflict = "rows give Target 0 and 1" }
                if let box { entry.boxes.append(box) }
                entry.sources.append(source)
                folded[id] = entry
            } else {
                order.append(id)
                folded[id] = Folded(target: value, boxes: box.map { [$0] } ?? [], sources: [source])
            }
        }
        var table = LabelTable(
            dataset: "RSNA Pneumonia", paths: [labels], vocabulary: Self.targetVocabulary,
            matchRule: .stem, records: [], rowsRead: rows)
        table.patientSource = "patientId column (one image per patient)"
        let classes = try classInfo.map { path throws(LabelError) in try readClasses(path, table: &table) }
        if classes != nil { table.vocabulary = Self.detailedVocabulary }
        for id in order {
            guard let entry = folded[id] else { continue }
            var classIndex = entry.target
            var sources = entry.sources
            var conflict = entry.conflict
            var extras: ExtraFields = ["target": .int(entry.target), "boxes": .array(entry.boxes)]
            if let classes {
                if let (name, classSources, classConflict) = classes[id] {
                    classIndex = Self.detailedVocabulary.index(of: name) ?? 0
                    extras["class"] = .string(name)
                    sources += classSources
                    conflict = conflict ?? classConflict
                    if (name == "Lung Opacity") != (entry.target == 1) {
                        conflict = conflict ?? "Target \(entry.target) disagrees with class '\(name)'"
                    }
                } else {
                    table.rowsWithoutLabels.append(RowReference(key: id, source: entry.sources[0]))
                    continue
                }
            }
            if entry.sources.count > 1 { table.foldedRows[id] = entry.sources.count }
            if let conflict { table.conflicts.append(LabelConflict(key: id, sources: sources, reason: conflict)) }
            var labels = [UInt8](repeating: 0, count: table.vocabulary.count)
            labels[classIndex] = 1
            table.records.append(
                LabelRecord(
                    key: id, patientID: id, labels: labels, classIndex: classIndex,
                    extras: extras, source: entry.sources[0]))
        }
        if let classes {
            for (id, entry) in classes where folded[id] == nil {
                table.orphanRows.append(RowReference(key: id, source: entry.1[0]))
            }
            table.orphanRows.sort { $0.source.line < $1.source.line }
        }
        return table
    }

    private func readClasses(_ path: String, table: inout LabelTable) throws(LabelError)
        -> [String: (String, [SourceLocation], String?)]
    {
        var reader = try CSVReader(path: path, encoding: encoding)
        table.paths.append(path)
        let patient = try reader.requiredColumn("patientId")
        let classColumn = try reader.requiredColumn("class")
        var classes: [String: (String, [SourceLocation], String?)] = [:]
        while let row = try reader.next() {
            table.rowsRead += 1
            let id = try TableReading.required(row, patient, "patientId", path: path)
            let name = row[classColumn]
            guard Self.detailedVocabulary.index(of: name) != nil else {
                throw LabelError(
                    .invalidValue, path: path, line: row.line, column: classColumn + 1,
                    reason: "class '\(name)' is not one of \(Self.detailedVocabulary.names)")
            }
            let source = SourceLocation(path: path, line: row.line)
            if var entry = classes[id] {
                if entry.0 != name { entry.2 = "class rows give '\(entry.0)' and '\(name)'" }
                entry.1.append(source)
                classes[id] = entry
            } else {
                classes[id] = (name, [source], nil)
            }
        }
        return classes
    }
}

extension RSNAPneumoniaLabels {
    private static let labelsRole = TableRole("labels")
    private static let classInfoRole = TableRole("class info")

    /// `Target`: the box/target table; `class`: the detailed class table.
    public static func recognizes(header: [String]) -> TableRole? {
        if header.contains("Target") { return labelsRole }
        if header.contains("class") { return classInfoRole }
        return nil
    }

    /// The adapter over the box/target table (required) and the class table.
    public init(tables: RecognizedTables, policy: ObservationPolicy, encoding: TableEncoding) throws(LabelError) {
        self.init(labels: try tables.required(Self.labelsRole), classInfo: tables[Self.classInfoRole])
        self.encoding = encoding
    }
}
