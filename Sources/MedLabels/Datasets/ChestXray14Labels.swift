import MedCore
/// NIH ChestX-ray14 (Wang et al., CVPR 2017): `Data_Entry_2017.csv` or `Data_Entry_2017_v2020.csv`,
/// optionally `BBox_List_2017.csv` and the official patient-wise lists `train_val_list.txt` and
/// `test_list.txt`.
///
/// Layout read (as released): header `Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,
/// Patient Gender,View Position,OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y]`, where
/// the bracketed names are cut by their commas into `OriginalImage[Width` / `Height]` and
/// `OriginalImagePixelSpacing[x` / `y]`, and the 2017 file ends the header and every row with a comma
/// (an unnamed twelfth column). `Finding Labels` is `|`-separated over 14 findings, or `No Finding`.
/// `Patient Age` is `57` (v2020) or `058Y` (2017). The box table's header is
/// `Image Index,Finding Label,Bbox [x,y,w,h],,,`; its rows carry x, y, w, h in original pixels
/// and may omit the three unnamed columns. Box labels are kept as written (`Infiltrate`, not
/// `Infiltration`).
///
/// Keys are `Image Index` file names (``MatchRule/fileName``), so images may sit in `images_001/images/`
/// or anywhere. Official lists: `test_list.txt` fixes test; `train_val_list.txt` allows train or val,
/// chosen by patient hash with the train:val fractions.
public struct ChestXray14Labels: DatasetAdapter, KeyFilteringAdapter {
    /// The 14 findings in the order of the paper's tables, then `No Finding`: the vocabulary.
    public static let vocabulary = LabelVocabulary(names: [
        "Atelectasis", "Cardiomegaly", "Effusion", "Infiltration", "Mass", "Nodule", "Pneumonia", "Pneumothorax",
        "Consolidation", "Edema", "Emphysema", "Fibrosis", "Pleural_Thickening", "Hernia", "No Finding",
    ])

    /// `Data_Entry_2017.csv` or `Data_Entry_2017_v2020.csv`.
    public var dataEntry: String
    /// `BBox_List_2017.csv`, if boxes should go into the extras.
    public var boundingBoxes: String?
    /// `train_val_list.txt`, if the official split is used.
    public var trainValList: String?
    /// `test_list.txt`, if the official split is used.
    public var testList: String?

    /// The encoding the tables are written in (``TableEncoding``); UTF-8 unless set.
    public var encoding: TableEncoding = .utf8

    /// Creates the adapter.
    ///
    /// - Parameters:
    ///   - dataEntry: The data entry table.
    ///   - boundingBoxes: The box table, if any.
    ///   - trainValList: The official train/val list, if any.
    ///   - testList: The official test list, if any.
    public init(dataEntry: String, boundingBoxes: String? = nil, trainValList: String? = nil, testList: String? = nil) {
        self.dataEntry = dataEntry
        self.boundingBoxes = boundingBoxes
        self.trainValList = trainValList
        self.testList = testList
    }

    /// Reads the tables.
    ///
    /// - Returns: One record per `Image Index` row.
    /// - Throws: ``LabelError``: missing columns, ragged rows, unknown findings (with line and column).
    public func table() throws(LabelError) -> LabelTable { try table(filter: nil) }

    /// The rule NIH keys match by.
    var matchRule: MatchRule { .fileName }

    func table(keeping filter: ImageKeyFilter) throws(LabelError) -> LabelTable { try table(filter: filter) }

    private func table(filter: ImageKeyFilter?) throws(LabelError) -> LabelTable {
        var reader = try CSVReader(path: dataEntry, encoding: encoding)
        let image = try reader.requiredColumn("Image Index")
        let findings = try reader.requiredColumn("Finding Labels")
        let patient = try reader.requiredColumn("Patient ID")
        let followUp = reader.columnIndex("Follow-up #")
        let age = reader.columnIndex("Patient Age")
        let sex = reader.columnIndex("Patient Gender") ?? reader.columnIndex("Patient Sex")
        let view = reader.columnIndex("View Position")
        let width = reader.columnIndex("OriginalImage[Width")
        let spacing = reader.columnIndex("OriginalImagePixelSpacing[x")
        let vocabulary = Self.vocabulary
        var records: [LabelRecord] = []
        var positions: [String: [Int]] = [:]
        // Keys of rows no listed image has: their first row, for duplicates and for the box and list tables.
        var unmatched = UnmatchedKeys()
        var unmatchedRows: [RowReference] = []
        var rows = 0
        while let row = try reader.next() {
            rows += 1
            let key = try TableReading.required(row, image, "Image Index", path: dataEntry)
            if let filter, !filter.contains(key) {
                unmatched.append(key, row: unmatchedRows.count)
                unmatchedRows.append(RowReference(key: key, source: SourceLocation(path: dataEntry, line: row.line)))
                continue
            }
            var labels = [UInt8](repeating: 0, count: vocabulary.count)
            let names = try TableReading.required(row, findings, "Finding Labels", path: dataEntry)
            for name in names.split(separator: "|") {
                guard let index = vocabulary.index(of: String(name)) else {
                    throw LabelError(
                        .invalidValue, path: dataEntry, line: row.line, column: findings + 1,
                        reason: "unknown finding '\(name)'")
                }
                labels[index] = 1
            }
            if labels[vocabulary.count - 1] == 1, labels.reduce(0, { $0 + Int($1) }) > 1 {
                throw LabelError(
                    .invalidValue, path: dataEntry, line: row.line, column: findings + 1,
                    reason: "'No Finding' together with findings in '\(names)'")
            }
            var extras: ExtraFields = [:]
            if let followUp { extras["followUp"] = JSONValue(csvField: row[followUp]) }
            if let age { extras["age"] = Self.age(row[age]) }
            if let sex { extras["sex"] = JSONValue(csvField: row[sex]) }
            if let view { extras["viewPosition"] = JSONValue(csvField: row[view]) }
            if let width {
                extras["originalSize"] = .array([JSONValue(csvField: row[width]), JSONValue(csvField: row[width + 1])])
            }
            if let spacing {
                extras["pixelSpacing"] = .array([
                    JSONValue(csvField: row[spacing]),
                    JSONValue(csvField: row[spacing + 1]),
                ])
            }
            let patientID = try TableReading.required(row, patient, "Patient ID", path: dataEntry)
            positions[key, default: []].append(records.count)
            records.append(
                LabelRecord(
                    key: key, patientID: patientID, labels: labels, extras: extras,
                    source: SourceLocation(path: dataEntry, line: row.line)))
        }
        var table = LabelTable(
            dataset: "ChestX-ray14", paths: [dataEntry], vocabulary: vocabulary,
            matchRule: .fileName, records: records, rowsRead: rows)
        table.patientSource = "Patient ID column"
        table.duplicates = unmatched.removeRepeats(from: &unmatchedRows)
        table.unmatchedRows = unmatchedRows
        if let boundingBoxes { try attachBoxes(boundingBoxes, to: &table, positions: positions, unmatched: unmatched) }
        try applyOfficialLists(to: &table, positions: positions, unmatched: unmatched)
        return table
    }

    /// `57` or `058Y` → 57; anything else kept as a string.
    static func age(_ field: String) -> JSONValue {
        var text = Substring(field)
        if text.hasSuffix("Y") { text = text.dropLast() }
        if let years = Int(text) { return .int(years) }
        return JSONValue(csvField: field)
    }

    private func attachBoxes(
        _ path: String, to table: inout LabelTable, positions: [String: [Int]], unmatched: UnmatchedKeys
    ) throws(LabelError) {
        var reader = try CSVReader(path: path, encoding: encoding)
        let image = try reader.requiredColumn("Image Index")
        let label = try reader.requiredColumn("Finding Label")
        guard let x = reader.header.firstIndex(where: { $0.hasPrefix("Bbox [x") || $0.hasPrefix("Bbox[x") }) else {
            throw LabelError(
                .missingColumn, path: path, line: 1,
                reason: "no column 'Bbox [x'; the header is \(reader.header.joined(separator: ","))")
        }
        table.paths.append(path)
        var boxes: [String: [JSONValue]] = [:]
        while let row = try reader.next() {
            table.rowsRead += 1
            let key = try TableReading.required(row, image, "Image Index", path: path)
            var box: [String: JSONValue] = ["label": .string(row[label])]
            for (offset, name) in ["x", "y", "w", "h"].enumerated() {
                guard let value = try TableReading.optionalNumber(row, x + offset, name, path: path) else {
                    throw LabelError(
                        .invalidValue, path: path, line: row.line, column: x + offset + 1,
                        reason: "box \(name) is empty")
                }
                box[name] = .double(value)
            }
            guard positions[key] != nil else {
                // A box of a row whose image is not listed is not an orphan: its row exists.
                if unmatched.contains(key, in: table.unmatchedRows) { continue }
                table.orphanRows.append(RowReference(key: key, source: SourceLocation(path: path, line: row.line)))
                continue
            }
            boxes[key, default: []].append(.object(box))
        }
        for (key, list) in boxes {
            // Duplicate data-entry rows share the boxes, so they stay duplicates rather than conflicts.
            for index in positions[key] ?? [] { table.records[index].extras["boxes"] = .array(list) }
        }
    }

    private func applyOfficialLists(
        to table: inout LabelTable, positions: [String: [Int]], unmatched: UnmatchedKeys
    ) throws(LabelError) {
        var official: [String: (Set<SplitName>, SourceLocation)] = [:]
        let lists: [(String?, Set<SplitName>)] = [(trainValList, [.train, .val]), (testList, [.test])]
        for (path, splits) in lists {
            guard let path else { continue }
            table.paths.append(path)
            for (line, name) in try TableReading.lines(path: path, encoding: encoding) {
                table.rowsRead += 1
                let source = SourceLocation(path: path, line: line)
                if let (earlier, first) = official[name] {
                    if earlier != splits {
                        table.conflicts.append(
                            LabelConflict(
                                key: name, sources: [first, source],
                                reason: "image is in both official split lists"))
                    } else {
                        table.duplicates.append(DuplicateRow(key: name, first: first, duplicate: source))
                    }
                    continue
                }
                official[name] = (splits, source)
                if positions[name] == nil, !unmatched.contains(name, in: table.unmatchedRows) { table.orphanRows.append(RowReference(key: name, source: source)) }
            }
        }
        guard !official.isEmpty else { return }
        for index in table.records.indices {
            table.records[index].officialSplits = official[table.records[index].key]?.0
        }
    }
}

extension ChestXray14Labels {
    private static let dataEntryRole = TableRole("data entry")
    private static let boxRole = TableRole("bounding box")
    private static let trainValRole = TableRole("train/val list")
    private static let testRole = TableRole("test list")

    /// The official lists, by name: a `.txt` (or `.txt.gz`) file is the test list when its name
    /// contains `test`, else the train/val list.
    public static func recognizes(fileName path: String) -> TableRole? {
        let lowered = path.lowercased()
        guard lowered.hasSuffix(".txt") || lowered.hasSuffix(".txt.gz") else { return nil }
        let name = lowered.split(separator: "/").last.map(String.init) ?? lowered
        return name.contains("test") ? testRole : trainValRole
    }

    /// `Finding Labels`: the data entry table; a column starting `Bbox`: the box table.
    public static func recognizes(header: [String]) -> TableRole? {
        if header.contains("Finding Labels") { return dataEntryRole }
        if header.contains(where: { $0.hasPrefix("Bbox") }) { return boxRole }
        return nil
    }

    /// The adapter over the data entry table (required), the box table and the official lists.
    public init(tables: RecognizedTables, policy: ObservationPolicy, encoding: TableEncoding) throws(LabelError) {
        self.init(
            dataEntry: try tables.required(Self.dataEntryRole), boundingBoxes: tables[Self.boxRole],
            trainValList: tables[Self.trainValRole], testList: tables[Self.testRole])
        self.encoding = encoding
    }
}
