import MedCore
/// CheXpert (Irvin et al., AAAI 2019): `train.csv` and `valid.csv` of CheXpert-v1.0 or -v1.0-small.
///
/// Layout read: `Path,Sex,Age,Frontal/Lateral,AP/PA` then 14 observations (`No Finding`,
/// `Enlarged Cardiomediastinum`, `Cardiomegaly`, `Lung Opacity`, `Lung Lesion`, `Edema`,
/// `Consolidation`, `Pneumonia`, `Atelectasis`, `Pneumothorax`, `Pleural Effusion`, `Pleural Other`,
/// `Fracture`, `Support Devices`) whose values are `1.0`, `0.0`, `-1.0` (uncertain) or blank (not
/// mentioned). Columns are found by name. `Path` is relative to the release's parent folder
/// (`CheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg`); public copies often flatten it
/// (`chexpert/valid/patient64541_study1_view1_frontal.jpg`). The patient id is the `patientNNNNN`
/// token of `Path` wherever it stands (a folder, or the start of a flattened name); a row whose `Path`
/// has none, or two different ones, is refused (``LabelTable/refusedRows``), never given a patient made
/// up from the file name. The key is `Path` from the component holding the patient on
/// (`patient00001/study1/view1_frontal.jpg`, `patient64541_study1_view1_frontal.jpg`), matched by
/// whole-component path suffix whatever the local root.
///
/// Official split: rows whose path goes through `valid/` are fixed to val; rows under `train/` may go
/// to train or test (the official test set is not part of the release), chosen by patient hash with
/// the train:test fractions; rows under `test/` are fixed to test.
public struct CheXpertLabels: DatasetAdapter {
    /// The 14 observations in the CSV's column order: the vocabulary.
    public static let vocabulary = LabelVocabulary(names: [
        "No Finding", "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Opacity", "Lung Lesion", "Edema",
        "Consolidation", "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion", "Pleural Other", "Fracture",
        "Support Devices",
    ])

    /// `train.csv`, `valid.csv`, or both.
    public var tables: [String]
    /// How uncertain and blank observations become targets.
    public var policy: ObservationPolicy

    /// The encoding the tables are written in (``TableEncoding``); UTF-8 unless set.
    public var encoding: TableEncoding = .utf8

    /// Creates the adapter.
    ///
    /// - Parameters:
    ///   - tables: `train.csv`, `valid.csv`, or both.
    ///   - policy: Uncertainty (per class) and blank policies.
    public init(tables: [String], policy: ObservationPolicy = ObservationPolicy()) {
        self.tables = tables
        self.policy = policy
    }

    /// Reads the tables.
    ///
    /// - Returns: One record per `Path`.
    /// - Throws: ``LabelError``: missing columns, ragged rows, values other than 1.0/0.0/-1.0/blank,
    ///   a `Path` without a `patientNNNNN` component.
    public func table() throws(LabelError) -> LabelTable {
        let names = Self.vocabulary.names
        var records: [LabelRecord] = []
        var refused: [RowReference] = []
        var rows = 0
        for path in tables {
            var reader = try CSVReader(path: path, encoding: encoding)
            let pathColumn = try reader.requiredColumn("Path")
            var columns: [Int] = []
            for name in names { columns.append(try reader.requiredColumn(name)) }
            let sex = reader.columnIndex("Sex")
            let age = reader.columnIndex("Age")
            let frontal = reader.columnIndex("Frontal/Lateral")
            let projection = reader.columnIndex("AP/PA")
            while let row = try reader.next() {
                rows += 1
                let imagePath = try TableReading.required(row, pathColumn, "Path", path: path)
                let source = SourceLocation(path: path, line: row.line)
                let normalized = ImageMatcher.normalized(imagePath)
                let patient: Substring
                let key: String
                switch Self.patient(in: normalized) {
                case .found(let id, let keyStart):
                    patient = id
                    key = String(normalized[keyStart...])
                case .refused(let reason):
                    refused.append(RowReference(key: normalized, source: source, reason: reason))
                    continue
                }
                let encoded = try TableReading.observations(
                    row, columns: columns, names: names, policy: policy,
                    path: path)
                // Not the path: it holds the patient id, which only `patientID` may carry.
                var extras: ExtraFields = ["states": encoded.states]
                if let sex { extras["sex"] = JSONValue(csvField: row[sex]) }
                if let age { extras["age"] = JSONValue(csvField: row[age]) }
                if let frontal { extras["frontalLateral"] = JSONValue(csvField: row[frontal]) }
                if let projection { extras["apPA"] = JSONValue(csvField: row[projection]) }
                records.append(
                    LabelRecord(
                        key: key, patientID: String(patient), labels: encoded.labels,
                        mask: encoded.mask,
                        officialSplits: Self.officialSplits(ImageMatcher.components(of: normalized)),
                        extras: extras, source: source))
            }
        }
        var table = LabelTable(
            dataset: "CheXpert", paths: tables, vocabulary: Self.vocabulary,
            matchRule: .pathSuffix(anchorComponents: 3), records: records, rowsRead: rows)
        table.refusedRows = refused
        table.patientSource = "patientNNNNN in Path"
        return table
    }

    /// What a `Path` says about its patient.
    enum PatientInPath: Equatable {
        /// The `patientNNNNN` token, and where the key starts: the first byte of the component that holds it.
        case found(Substring, keyStart: String.Index)
        /// No patient, or two different ones; the reason, for the report.
        case refused(String)
    }

    /// The patient of a normalized `Path`: `patient` followed by digits, wherever it stands, as a component
    /// of its own (`train/patient00001/study1/view1_frontal.jpg`) or inside a flattened file name
    /// (`valid/patient64541_study1_view1_frontal.jpg`), not preceded or followed by a letter or digit.
    ///
    /// A path with no such token, or with two different ones, is refused: guessing the patient from
    /// anything else (the file name) puts one person's images in several splits.
    static func patient(in path: String) -> PatientInPath {
        let bytes = Array(path.utf8)
        let word = Array("patient".utf8)
        var found: (start: Int, end: Int)?
        var index = 0
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
        }
        while index + word.count < bytes.count {
            defer { index += 1 }
            guard bytes[index] == word[0], bytes[index..<(index + word.count)].elementsEqual(word) else { continue }
            if index > 0, isWordByte(bytes[index - 1]) { continue }
            var end = index + word.count
            while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39 { end += 1 }
            guard end > index + word.count, end == bytes.count || !isWordByte(bytes[end]) else { continue }
            if let found, !bytes[found.start..<found.end].elementsEqual(bytes[index..<end]) {
                return .refused(
                    "Path names two patients, '\(String(decoding: bytes[found.start..<found.end], as: UTF8.self))' "
                        + "and '\(String(decoding: bytes[index..<end], as: UTF8.self))'")
            }
            found = (index, end)
        }
        guard let found else { return .refused("Path has no patientNNNNN (as a folder or at the start of a name)") }
        var componentStart = found.start
        while componentStart > 0, bytes[componentStart - 1] != UInt8(ascii: "/") { componentStart -= 1 }
        let utf8 = path.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: found.start)
        let end = utf8.index(utf8.startIndex, offsetBy: found.end)
        return .found(path[start..<end], keyStart: utf8.index(utf8.startIndex, offsetBy: componentStart))
    }

    /// The official split from the folder a `Path` goes through.
    static func officialSplits(_ components: [Substring]) -> Set<SplitName>? {
        for component in components.reversed() {
            switch component {
            case "valid", "val", "validation": return [.val]
            case "test": return [.test]
            case "train": return [.train, .test]
            default: continue
            }
        }
        return nil
    }
}

extension CheXpertLabels {
    private static let tableRole = TableRole("CheXpert", isRepeatable: true)

    /// Every table with a `Path` column (`train.csv`, `valid.csv`).
    public static func recognizes(header: [String]) -> TableRole? {
        header.contains("Path") ? tableRole : nil
    }

    /// The adapter over every recognized table, in the order given.
    ///
    /// - Throws: ``LabelError`` `.invalidConfiguration` when no table was given.
    public init(tables: RecognizedTables, policy: ObservationPolicy, encoding: TableEncoding) throws(LabelError) {
        let paths = tables.all(Self.tableRole)
        guard !paths.isEmpty else { throw LabelError(.invalidConfiguration, path: "", reason: "no CheXpert table") }
        self.init(tables: paths, policy: policy)
        self.encoding = encoding
    }
}
