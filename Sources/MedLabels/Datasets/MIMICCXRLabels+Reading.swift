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

    /// One image from the metadata (or split) table, before its study's labels are attached.
    struct ImageRow {
        var record: LabelRecord
        var dicom: String
        var study: StudyKey
    }

    /// The extras every MIMIC record carries, in this order.
    ///
    /// `states` is appended and filled from the study.
    /// No `subject_id` here: it is the patient id, which only ``LabelRecord/patientID`` may carry.
    static let extraLayout: [(name: String, column: String)] = [
        ("studyID", "study_id"), ("viewPosition", "ViewPosition"), ("rows", "Rows"), ("columns", "Columns"),
        ("studyDate", "StudyDate"), ("studyTime", "StudyTime"), ("procedure", "PerformedProcedureStepDescription"),
        ("viewCodeMeaning", "ViewCodeSequence_CodeMeaning"),
        ("patientOrientation", "PatientOrientationCodeSequence_CodeMeaning"),
    ]

    /// One shared set per split, so that 377,110 records do not allocate 377,110 sets.
    static let fixedSplits: [SplitName: Set<SplitName>] = Dictionary(
        uniqueKeysWithValues: SplitName.allCases.map { ($0, [$0]) })

    func readStudies(rows: inout Int) throws(LabelError) -> (byKey: [StudyKey: StudyLabels], duplicates: [DuplicateRow])
    {
        var reader = try CSVReader(path: labels)
        let subject = try reader.requiredColumn("subject_id")
        let study = try reader.requiredColumn("study_id")
        let names = Self.vocabulary.names
        var columns: [Int] = []
        for name in names { columns.append(try reader.requiredColumn(name)) }
        var byKey: [StudyKey: StudyLabels] = [:]
        byKey.reserveCapacity(reader.estimatedRecordCount)
        var duplicates: [DuplicateRow] = []
        while let row = try reader.next() {
            rows += 1
            let key = StudyKey(
                subject: try TableReading.required(row, subject, "subject_id", path: labels),
                study: try TableReading.required(row, study, "study_id", path: labels))
            let encoded = try TableReading.observations(
                row, columns: columns, names: names, policy: policy, path: labels)
            let source = SourceLocation(path: labels, line: row.line)
            if var existing = byKey[key] {
                if existing.labels == encoded.labels && existing.mask == encoded.mask
                    && existing.states == encoded.states
                {
                    duplicates.append(
                        DuplicateRow(
                            key: "\(key.subject)/\(key.study)", first: existing.sources[0],
                            duplicate: source))
                } else {
                    existing.conflicting = true
                    existing.sources.append(source)
                    byKey[key] = existing
                }
                continue
            }
            byKey[key] = StudyLabels(
                labels: encoded.labels, mask: encoded.mask, states: encoded.states,
                sources: [source])
        }
        return (byKey, duplicates)
    }

    func readImages(_ path: String, studies: [StudyKey: StudyLabels], into table: inout LabelTable) throws(LabelError)
        -> [ImageRow]
    {
        var reader = try CSVReader(path: path)
        table.paths.append(path)
        let dicom = try reader.requiredColumn("dicom_id")
        let subject = try reader.requiredColumn("subject_id")
        let study = try reader.requiredColumn("study_id")
        let splitColumn = reader.columnIndex("split")
        let present = Self.extraLayout.compactMap { name, column in reader.columnIndex(column).map { (name, $0) } }
        let layout = present.map(\.0) + ["states"]
        var images: [ImageRow] = []
        while let row = try reader.next() {
            table.rowsRead += 1
            let dicomID = try TableReading.required(row, dicom, "dicom_id", path: path)
            let subjectID = try TableReading.required(row, subject, "subject_id", path: path)
            let studyID = try TableReading.required(row, study, "study_id", path: path)
            var extras = ExtraFields(names: layout)
            for (slot, (_, column)) in present.enumerated() { extras[slot: slot] = JSONValue(csvField: row[column]) }
            let studyKey = StudyKey(subject: subjectID, study: studyID)
            // Labels are attached here, once, so that no later mutation copies the record's arrays.
            let labels = studies[studyKey]
            if let labels { extras[slot: present.count] = labels.states }
            var official: Set<SplitName>?
            if let splitColumn { official = Self.fixedSplits[try Self.splitName(row, splitColumn, path: path)] }
            let record = LabelRecord(
                key: Self.imagePath(subject: subjectID, study: studyID, dicom: dicomID), patientID: subjectID,
                labels: labels?.labels ?? [], mask: labels?.mask, officialSplits: official, extras: extras,
                source: SourceLocation(path: path, line: row.line))
            images.append(ImageRow(record: record, dicom: dicomID, study: studyKey))
        }
        return images
    }

    func applySplit(_ path: String, to images: inout [ImageRow], table: inout LabelTable) throws(LabelError) {
        var reader = try CSVReader(path: path)
        table.paths.append(path)
        let dicom = try reader.requiredColumn("dicom_id")
        let subject = try reader.requiredColumn("subject_id")
        let study = try reader.requiredColumn("study_id")
        let splitColumn = try reader.requiredColumn("split")
        var position: [String: Int] = [:]
        var repeated: [String: [Int]] = [:]
        position.reserveCapacity(images.count)
        for index in images.indices {
            let dicom = images[index].dicom
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
            guard let first = position[dicomID] else {
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
            var more = (repeated[dicomID] ?? [])[...]
            while true {
                let disagrees =
                    images[index].study.subject != row[subject] || images[index].study.study != row[study]
                    || (images[index].record.officialSplits.map { $0.count != 1 || !$0.contains(split) } ?? false)
                if disagrees {
                    table.conflicts.append(
                        LabelConflict(
                            key: images[index].record.key, sources: [images[index].record.source, source],
                            reason: "split row disagrees with the metadata on subject, study or split"))
                }
                images[index].record.officialSplits = Self.fixedSplits[split]
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
