/// MIMIC-CXR-JPG 2.0.0 (Johnson et al., PhysioNet 2019): `mimic-cxr-2.0.0-metadata.csv`,
/// `mimic-cxr-2.0.0-chexpert.csv` or `mimic-cxr-2.0.0-negbio.csv`, and `mimic-cxr-2.0.0-split.csv`.
///
/// Layout read: metadata `dicom_id,subject_id,study_id,PerformedProcedureStepDescription,ViewPosition,
/// Rows,Columns,StudyDate,StudyTime,ProcedureCodeSequence_CodeMeaning,ViewCodeSequence_CodeMeaning,
/// PatientOrientationCodeSequence_CodeMeaning`; labels `subject_id,study_id` then 14 observations in
/// alphabetical order (`Atelectasis` … `Support Devices`, values `1.0`, `0.0`, `-1.0`, blank), one row
/// per study; split `dicom_id,study_id,subject_id,split` with `train`, `validate`, `test`.
///
/// Labels are per study and joined to every image of the study. Each image's key is its documented
/// path `files/pXX/pSUBJECT/sSTUDY/DICOM_ID.jpg` (XX = the first two digits of the subject id),
/// matched by path suffix anchored on the file name, so a local copy rooted at `files/`, at `p10/`, or
/// flattened to `DICOM_ID.jpg` all match. The patient is `subject_id`. An image whose study has no
/// label row is reported in ``JoinReport/rowsWithoutLabels``, not guessed negative.
public struct MIMICCXRLabels: DatasetAdapter {
    /// The 14 observations in the label tables' column order: the vocabulary.
    public static let vocabulary = LabelVocabulary(names: [
        "Atelectasis", "Cardiomegaly", "Consolidation", "Edema", "Enlarged Cardiomediastinum", "Fracture",
        "Lung Lesion", "Lung Opacity", "No Finding", "Pleural Effusion", "Pleural Other", "Pneumonia", "Pneumothorax",
        "Support Devices",
    ])

    /// `mimic-cxr-2.0.0-metadata.csv`; the image list (or the split file stands in for it).
    public var metadata: String?
    /// `mimic-cxr-2.0.0-chexpert.csv` or `mimic-cxr-2.0.0-negbio.csv`.
    public var labels: String
    /// `mimic-cxr-2.0.0-split.csv`, for the official split.
    public var split: String?
    /// How uncertain and blank observations become targets.
    public var policy: ObservationPolicy

    /// The encoding the tables are written in (``TableEncoding``); UTF-8 unless set.
    public var encoding: TableEncoding = .utf8

    /// Creates the adapter.
    ///
    /// - Parameters:
    ///   - metadata: The metadata table (one row per DICOM); may be `nil` if `split` is given.
    ///   - labels: The CheXpert- or NegBio-labeler table (one row per study).
    ///   - split: The official split table.
    ///   - policy: Uncertainty (per class) and blank policies.
    public init(
        metadata: String?, labels: String, split: String? = nil, policy: ObservationPolicy = ObservationPolicy()
    ) {
        self.metadata = metadata
        self.labels = labels
        self.split = split
        self.policy = policy
    }

    /// The documented relative path of an image: `files/p10/p10000032/s50414267/DICOM.jpg`.
    ///
    /// - Parameters:
    ///   - subject: The `subject_id`.
    ///   - study: The `study_id`.
    ///   - dicom: The `dicom_id`.
    /// - Returns: The path under the release root.
    public static func imagePath(subject: String, study: String, dicom: String) -> String {
        // Built from bytes: string interpolation took a tenth of the MIMIC table's reading time.
        // `prefix(2)` counts characters, which are bytes only for ASCII ids, the released tables' case.
        var subject = subject
        guard let prefix = subject.withUTF8({ Self.twoASCIICharacters($0) ? 2 : nil }) else { return "files/p\(subject.prefix(2))/p\(subject)/s\(study)/\(dicom).jpg" }
        var study = study
        var dicom = dicom
        return subject.withUTF8 { subjectBytes in
            study.withUTF8 { studyBytes in
                dicom.withUTF8 { dicomBytes in
                    let count = 7 + prefix + 2 + subjectBytes.count + 2 + studyBytes.count + 1 + dicomBytes.count + 4
                    return String(unsafeUninitializedCapacity: count) { buffer in
                        var at = 0
                        func put(_ part: UnsafeBufferPointer<UInt8>) {
                            for byte in part {
                                buffer[at] = byte
                                at &+= 1
                            }
                        }
                        func put(_ text: StaticString) {
                            text.withUTF8Buffer { put($0) }
                        }
                        put("files/p")
                        put(UnsafeBufferPointer(rebasing: subjectBytes[0..<prefix]))
                        put("/p")
                        put(subjectBytes)
                        put("/s")
                        put(studyBytes)
                        put("/")
                        put(dicomBytes)
                        put(".jpg")
                        return at
                    }
                }
            }
        }
    }

    /// Whether the first two characters are the first two bytes: ASCII, not followed by a combining
    /// byte, and no CR (CR LF is one character).
    private static func twoASCIICharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 2 else { return false }
        for index in 0..<min(3, bytes.count) where bytes[index] >= 0x80 || bytes[index] == 13 { return false }
        return true
    }

    /// Reads the tables.
    ///
    /// - Returns: One record per DICOM whose study has a label row.
    /// - Throws: ``LabelError``: missing columns, ragged rows, bad values, no image table.
    public func table() throws(LabelError) -> LabelTable {
        guard let imageTable = metadata ?? split else {
            throw LabelError(
                .invalidConfiguration, path: labels,
                reason: "MIMIC-CXR needs the metadata or the split table to list the images")
        }
        var rows = 0
        let studies = try readStudies(rows: &rows)
        var table = LabelTable(
            dataset: "MIMIC-CXR-JPG", paths: [], vocabulary: Self.vocabulary,
            matchRule: .pathSuffix(anchorComponents: 1), records: [], rowsRead: 0)
        table.patientSource = "subject_id column"
        table.duplicates = studies.duplicates
        var images = try readImages(imageTable, studies: studies, into: &table)
        if let split, split != imageTable { try applySplit(split, to: &images, table: &table) }
        table.paths.append(labels)
        var usedStudies = [Bool](repeating: false, count: studies.labels.count)
        // Images without a label row give no record; when every image has one (the released
        // tables), the records array becomes the table's without a copy.
        var keep = [Bool](repeating: true, count: images.count)
        var kept = 0
        for index in 0..<images.count {
            let number = images.studyNumbers[index]
            guard number >= 0 else {
                keep[index] = false
                table.rowsWithoutLabels.append(
                    RowReference(key: images.records[index].key, source: images.records[index].source))
                continue
            }
            kept += 1
            usedStudies[number] = true
            let study = studies.labels[number]
            if study.conflicting {
                table.conflicts.append(
                    LabelConflict(
                        key: images.records[index].key, sources: study.sources,
                        reason: "the study has label rows that disagree"))
            }
        }
        // readImages already attached the study's labels, so records move over without changing.
        if kept == images.count {
            table.records = images.records
        } else {
            table.records.reserveCapacity(kept)
            for index in 0..<images.count where keep[index] { table.records.append(images.records[index]) }
        }
        images = ImageRows()
        for number in studies.labels.indices where !usedStudies[number] {
            let key = studies.keys[number]
            table.orphanRows.append(
                RowReference(key: "\(key.subject)/\(key.study)", source: studies.labels[number].sources[0]))
        }
        table.orphanRows.sort { ($0.source.path, $0.source.line) < ($1.source.path, $1.source.line) }
        table.rowsRead += rows
        return table
    }
}

extension MIMICCXRLabels {
    private static let splitRole = TableRole("split")
    private static let metadataRole = TableRole("metadata")
    private static let labelsRole = TableRole("labels")

    /// `dicom_id` and `split`: the split table; `dicom_id` alone: the metadata table; `study_id` and
    /// `Atelectasis`: the labeler table (CheXpert or NegBio).
    public static func recognizes(header: [String]) -> TableRole? {
        if header.contains("dicom_id") && header.contains("split") { return splitRole }
        if header.contains("dicom_id") { return metadataRole }
        if header.contains("study_id") && header.contains("Atelectasis") { return labelsRole }
        return nil
    }

    /// The adapter over the labeler table (required) and the metadata table, the split table, or both
    /// (one of them is required: it lists the images).
    public init(tables: RecognizedTables, policy: ObservationPolicy, encoding: TableEncoding) throws(LabelError) {
        if tables[Self.metadataRole] == nil { _ = try tables.required(Self.splitRole) }
        self.init(
            metadata: tables[Self.metadataRole], labels: try tables.required(Self.labelsRole),
            split: tables[Self.splitRole], policy: policy)
        self.encoding = encoding
    }
}
