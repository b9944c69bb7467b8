/// CheXpert (Irvin et al., AAAI 2019): `train.csv` and `valid.csv` of CheXpert-v1.0 or -v1.0-small.
///
/// Layout read: `Path,Sex,Age,Frontal/Lateral,AP/PA` then 14 observations (`No Finding`,
/// `Enlarged Cardiomediastinum`, `Cardiomegaly`, `Lung Opacity`, `Lung Lesion`, `Edema`,
/// `Consolidation`, `Pneumonia`, `Atelectasis`, `Pneumothorax`, `Pleural Effusion`, `Pleural Other`,
/// `Fracture`, `Support Devices`) whose values are `1.0`, `0.0`, `-1.0` (uncertain) or blank (not
/// mentioned). Columns are found by name. `Path` is relative to the release's parent folder
/// (`CheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg`) and matched by path suffix
/// anchored on `patientNNNNN/studyN/viewN_*.jpg`, whatever the local root. The patient id is the
/// `patientNNNNN` component of `Path`.
///
/// Official split: rows whose path goes through `valid/` are fixed to val; rows under `train/` may go
/// to train or test (the official test set is not part of the release), chosen by patient hash with
/// the train:test fractions; rows under `test/` are fixed to test.
public struct CheXpertLabels: LabelAdapter {
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
        var rows = 0
        for path in tables {
            var reader = try CSVReader(path: path)
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
                let components = ImageMatcher.components(of: imagePath)
                guard let patient = components.last(where: { $0.hasPrefix("patient") }) else {
                    throw LabelError(
                        .invalidValue, path: path, line: row.line, column: pathColumn + 1,
                        reason: "Path '\(imagePath)' has no patientNNNNN component")
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
                        key: imagePath, patientID: String(patient), labels: encoded.labels, mask: encoded.mask,
                        officialSplits: Self.officialSplits(components), extras: extras,
                        source: SourceLocation(path: path, line: row.line)))
            }
        }
        return LabelTable(
            dataset: "CheXpert", paths: tables, vocabulary: Self.vocabulary,
            matchRule: .pathSuffix(anchorComponents: 3), records: records, rowsRead: rows)
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
