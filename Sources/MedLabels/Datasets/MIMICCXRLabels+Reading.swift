import MedCore
extension MIMICCXRLabels {
    /// A study: `subject_id` and `study_id` as written (both short, so no allocation per key).
    struct StudyKey: Hashable {
        var subject: String
        var study: String
    }

    /// The labels of one study, folded from its rows.
    struct StudyLabels {
        var labels: [UInt8]
        var mask: [UInt8]
        var states: JSONValue
        var sources: [SourceLocation]
        var conflicting = false
    }

    /// The images of the metadata (or split) table, as parallel arrays so that the records can
    /// become the table's records without a copy.
    struct ImageRows {
        /// One record per image row, labels attached when the study has a label row.
        var records: [LabelRecord] = []
        /// The `dicom_id` of each row: a slice of the record's key, which ends with `DICOM_ID.jpg`,
        /// so no second string per image.
        var dicoms: [Substring] = []
        /// The study of each row.
        var studies: [StudyKey] = []
        /// The study's number in the ``StudyTable``, or -1 when the label table lacks it.
        var studyNumbers: [Int] = []

        var count: Int { records.count }
    }

    /// The extras every MIMIC record carries, in this order.
    ///
    /// `states` is appended and filled from the study.
    /// No `subject_id` here: it is the patient id, which only ``LabelRecord/patientID`` may carry.
    /// No `study_id`, `StudyDate` or `StudyTime` either: a record number and dates identify a visit
    /// (dates are among HIPAA's identifiers even when shifted, as MIMIC's are), and the samples carry
    /// only fields a model can use.
    static let extraLayout: [(name: String, column: String)] = [
        ("viewPosition", "ViewPosition"), ("rows", "Rows"), ("columns", "Columns"),
        ("procedure", "PerformedProcedureStepDescription"), ("viewCodeMeaning", "ViewCodeSequence_CodeMeaning"),
        ("patientOrientation", "PatientOrientationCodeSequence_CodeMeaning"),
    ]

    /// One shared set per split, so that 377,110 records do not allocate 377,110 sets.
    static let fixedSplits: [SplitName: Set<SplitName>] = Dictionary(
        uniqueKeysWithValues: SplitName.allCases.map { ($0, [$0]) })

    /// The label table folded per study: studies are numbered in file order, so that images refer
    /// to their study by number and later steps need no second hash lookup.
    struct StudyTable {
        var keys: [StudyKey] = []
        var labels: [StudyLabels] = []
        var number: [StudyKey: Int] = [:]
        var duplicates: [DuplicateRow] = []
    }

    /// The 2-bit code of a state, for the per-pattern encoding cache.
    private static func code(_ state: ObservationState) -> UInt64 {
        switch state {
        case .positive: 0
        case .negative: 1
        case .uncertain: 2
        case .blank: 3
        }
    }

    func readStudies(rows: inout Int) throws(LabelError) -> StudyTable {
        var reader = try CSVReader(path: labels, encoding: encoding)
        let subject = try reader.requiredColumn("subject_id")
        let study = try reader.requiredColumn("study_id")
        let names = Self.vocabulary.names
        var columns: [Int] = []
        for name in names { columns.append(try reader.requiredColumn(name)) }
        var table = StudyTable()
        let expected = reader.estimatedRecordCount
        table.number.reserveCapacity(expected)
        table.keys.reserveCapacity(expected)
        table.labels.reserveCapacity(expected)
        // Studies with the same 14 states share one labels, mask and states array (2 bits per state
        // index the cache): the released tables repeat a few thousand patterns, so most studies
        // allocate nothing. The cache is capped so that a table of mostly distinct patterns does not
        // grow a second table beside the studies.
        var encodings: [UInt64: (labels: [UInt8], mask: [UInt8], states: JSONValue)] = [:]
        while let row = try reader.next() {
            rows += 1
            let key = StudyKey(
                subject: try TableReading.required(row, subject, "subject_id", path: labels),
                study: try TableReading.required(row, study, "study_id", path: labels))
            var code: UInt64 = 0
            for (position, column) in columns.enumerated() {
                let state = try TableReading.state(row, column, names[position], path: labels)
                code |= Self.code(state) << UInt64(2 * position)
            }
            let encoded: (labels: [UInt8], mask: [UInt8], states: JSONValue)
            if columns.count <= 32, let known = encodings[code] {
                encoded = known
            } else {
                encoded = try TableReading.observations(
                    row, columns: columns, names: names, policy: policy, path: labels)
                if columns.count <= 32, encodings.count < 4096 { encodings[code] = encoded }
            }
            let source = SourceLocation(path: labels, line: row.line)
            // One hash for a new study (the usual case); a repeated study puts its number back.
            if let number = table.number.updateValue(table.labels.count, forKey: key) {
                table.number[key] = number
                let existing = table.labels[number]
                if existing.labels == encoded.labels && existing.mask == encoded.mask
                    && existing.states == encoded.states
                {
                    table.duplicates.append(
                        DuplicateRow(
                            key: "\(key.subject)/\(key.study)", first: existing.sources[0],
                            duplicate: source))
                } else {
                    table.labels[number].conflicting = true
                    table.labels[number].sources.append(source)
                }
                continue
            }
            table.keys.append(key)
            table.labels.append(
                StudyLabels(
                    labels: encoded.labels, mask: encoded.mask, states: encoded.states,
                    sources: [source]))
        }
        return table
    }

    func readImages(_ path: String, studies: StudyTable, into table: inout LabelTable) throws(LabelError)
        -> ImageRows
    {
        var reader = try CSVReader(path: path, encoding: encoding)
        table.paths.append(path)
        let dicom = try reader.requiredColumn("dicom_id")
        let subject = try reader.requiredColumn("subject_id")
        let study = try reader.requiredColumn("study_id")
        let splitColumn = reader.columnIndex("split")
        let present = Self.extraLayout.compactMap { name, column in reader.columnIndex(column).map { (name, $0) } }
        let layout = present.map(\.0) + ["states"]
        var images = ImageRows()
        let expected = reader.estimatedRecordCount
        images.records.reserveCapacity(expected)
        images.dicoms.reserveCapacity(expected)
        images.studies.reserveCapacity(expected)
        images.studyNumbers.reserveCapacity(expected)
        // Consecutive rows usually belong to one study: compare with the previous row's study
        // before hashing.
        var lastStudy: (key: StudyKey, number: Int?)?
        // Per extra column, the previous row's field and its value: consecutive rows of a study repeat
        // most fields, and the reader hands back the same String for a repeated long field.
        let columns = present.map(\.1)
        var lastField = [String?](repeating: nil, count: columns.count)
        var lastValue = [JSONValue](repeating: .null, count: columns.count)
        while let row = try reader.next() {
            table.rowsRead += 1
            let dicomID = try TableReading.required(row, dicom, "dicom_id", path: path)
            let subjectID = try TableReading.required(row, subject, "subject_id", path: path)
            let studyID = try TableReading.required(row, study, "study_id", path: path)
            var extras = ExtraFields(names: layout)
            for slot in columns.indices {
                let field = row[columns[slot]]
                if lastField[slot] != field {
                    lastField[slot] = field
                    lastValue[slot] = JSONValue(csvField: field)
                }
                extras[slot: slot] = lastValue[slot]
            }
            let studyKey = StudyKey(subject: subjectID, study: studyID)
            // Labels are attached here, once, so that no later mutation copies the record's arrays.
            let number: Int?
            if let lastStudy, lastStudy.key == studyKey {
                number = lastStudy.number
            } else {
                number = studies.number[studyKey]
                lastStudy = (studyKey, number)
            }
            let labels = number.map { studies.labels[$0] }
            if let labels { extras[slot: present.count] = labels.states }
            var official: Set<SplitName>?
            if let splitColumn { official = Self.fixedSplits[try Self.splitName(row, splitColumn, path: path)] }
            let key = Self.imagePath(subject: subjectID, study: studyID, dicom: dicomID)
            let record = LabelRecord(
                key: key, patientID: subjectID,
                labels: labels?.labels ?? [], mask: labels?.mask, officialSplits: official, extras: extras,
                source: SourceLocation(path: path, line: row.line))
            images.records.append(record)
            images.dicoms.append(Self.dicomSlice(of: key, length: dicomID.utf8.count))
            images.studies.append(studyKey)
            images.studyNumbers.append(number ?? -1)
        }
        return images
    }

    /// The `dicom_id` inside an image key `…/DICOM_ID.jpg` whose id is `length` UTF-8 bytes long.
    static func dicomSlice(of key: String, length: Int) -> Substring {
        let utf8 = key.utf8
        let end = utf8.index(utf8.endIndex, offsetBy: -4)
        let start = utf8.index(end, offsetBy: -length)
        return key[start..<end]
    }

    func applySplit(_ path: String, to images: inout ImageRows, table: inout LabelTable) throws(LabelError) {
        var reader = try CSVReader(path: path, encoding: encoding)
        table.paths.append(path)
        let dicom = try reader.requiredColumn("dicom_id")
        let subject = try reader.requiredColumn("subject_id")
        let study = try reader.requiredColumn("study_id")
        let splitColumn = try reader.requiredColumn("split")
        var position: [HashedKey: Int] = [:]
        var repeated: [HashedKey: [Int]] = [:]
        position.reserveCapacity(images.count)
        for index in images.dicoms.indices {
            let dicom = HashedKey(images.dicoms[index])
            if position[dicom] == nil {
                position[dicom] = index
            } else {
                repeated[dicom, default: []].append(index)
            }
        }
        // Which image already has a split row: an array beside `images`, not a second hash table.
        var splitRow = [SourceLocation?](repeating: nil, count: images.count)
        var orphanSeen: [String: SourceLocation] = [:]
        while let row = try reader.next() {
            table.rowsRead += 1
            let dicomID = try TableReading.required(row, dicom, "dicom_id", path: path)
            let split = try Self.splitName(row, splitColumn, path: path)
            let source = SourceLocation(path: path, line: row.line)
            let dicomKey = HashedKey(dicomID)
            guard let first = position[dicomKey] else {
                if let earlier = orphanSeen[dicomID] {
                    table.duplicates.append(DuplicateRow(key: dicomID, first: earlier, duplicate: source))
                } else {
                    orphanSeen[dicomID] = source
                    table.orphanRows.append(RowReference(key: dicomID, source: source))
                }
                continue
            }
            if let earlier = splitRow[first] {
                table.duplicates.append(DuplicateRow(key: dicomID, first: earlier, duplicate: source))
            } else {
                splitRow[first] = source
            }
            // The first image, then any repeats of the DICOM id; no array is built per row.
            var index = first
            var more = (repeated.isEmpty ? [] : repeated[dicomKey] ?? [])[...]
            while true {
                let disagrees =
                    images.studies[index].subject != row[subject] || images.studies[index].study != row[study]
                    || (images.records[index].officialSplits.map { $0.count != 1 || !$0.contains(split) } ?? false)
                if disagrees {
                    table.conflicts.append(
                        LabelConflict(
                            key: images.records[index].key, sources: [images.records[index].source, source],
                            reason: "split row disagrees with the metadata on subject, study or split"))
                }
                images.records[index].officialSplits = Self.fixedSplits[split]
                guard let next = more.popFirst() else { break }
                index = next
            }
        }
    }

    static func splitName(_ row: CSVRecord, _ column: Int, path: String) throws(LabelError) -> SplitName {
        guard let split = SplitName(datasetValue: row[column]) else {
            throw LabelError(
                .invalidValue, path: path, line: row.line, column: column + 1,
                reason: "split '\(row[column])' is not train, validate or test")
        }
        return split
    }
}
