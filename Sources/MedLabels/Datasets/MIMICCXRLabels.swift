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
public struct MIMICCXRLabels: LabelAdapter {
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
        "files/p\(subject.prefix(2))/p\(subject)/s\(study)/\(dicom).jpg"
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
        table.duplicates = studies.duplicates
        var images = try readImages(imageTable, studies: studies.byKey, into: &table)
        if let split, split != imageTable { try applySplit(split, to: &images, table: &table) }
        table.paths.append(labels)
        var usedStudies = Set<StudyKey>()
        table.records.reserveCapacity(images.count)
        for image in images {
            let studyKey = image.study
            guard let study = studies.byKey[studyKey] else {
                table.rowsWithoutLabels.append(RowReference(key: image.record.key, source: image.record.source))
                continue
            }
            usedStudies.insert(studyKey)
            if study.conflicting {
                table.conflicts.append(
                    LabelConflict(
                        key: image.record.key, sources: study.sources,
                        reason: "the study has label rows that disagree"))
            }
            // readImages already attached the study's labels, so this appends without copying arrays.
            table.records.append(image.record)
        }
        for (key, study) in studies.byKey where !usedStudies.contains(key) {
            table.orphanRows.append(RowReference(key: "\(key.subject)/\(key.study)", source: study.sources[0]))
        }
        table.orphanRows.sort { ($0.source.path, $0.source.line) < ($1.source.path, $1.source.line) }
        table.rowsRead += rows
        return table
    }
}
