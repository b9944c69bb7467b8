/// Joins a dataset's label records to the images found under an input root, and splits by patient.
///
/// The join is exact: an image becomes a sample only when its path matches exactly one record and
/// no other row contradicts that record. Everything else is reported, never guessed:
/// - rows with one key and the same content: the first is used, the rest are duplicates;
/// - rows with one key and different content: a conflict, and the image is left out;
/// - an image matching several records: a conflict, and the image is left out (it claims none of
///   the records, so a record no other image matches is also listed as a row without image);
/// - several images matching one record: a conflict, and only the first image in list order is kept;
/// - images no row names, rows naming no listed image.
///
/// It does not read images, pseudonymize patient ids, or look at file contents.
public enum LabelJoiner {
    /// Reads the adapter's tables and joins them.
    ///
    /// - Parameters:
    ///   - images: The images under the input root, in the walker's order.
    ///   - adapter: The dataset's label tables.
    ///   - split: Split fractions, seed and policies.
    /// - Returns: Samples in image order, and the report.
    /// - Throws: ``LabelError`` from reading the tables, or `.invalidConfiguration` for a bad match rule.
    public static func join(images: [ImageFile], adapter: some LabelAdapter, split: SplitOptions) throws(LabelError)
        -> LabelJoin
    {
        // With images listed and an exact rule, rows no image can match are listed, not built into records.
        if !images.isEmpty, let filtering = adapter as? any KeyFilteringAdapter,
            let filter = ImageKeyFilter(images: images, rule: filtering.matchRule)
        {
            return try join(images: images, table: try filtering.table(keeping: filter), split: split)
        }
        return try join(images: images, table: try adapter.table(), split: split)
    }

    /// Joins records that were already read.
    ///
    /// - Parameters:
    ///   - images: The images under the input root, in the walker's order.
    ///   - table: The records, vocabulary and match rule.
    ///   - split: Split fractions, seed and policies.
    /// - Returns: Samples in image order, and the report.
    /// - Throws: ``LabelError`` `.invalidConfiguration` for a bad match rule.
    /// - Complexity: O(images + records) expected, plus O(patients log patients) when stratified.
    public static func join(images: [ImageFile], table: LabelTable, split: SplitOptions) throws(LabelError)
        -> LabelJoin
    {
        // 1. One canonical record per key; later rows are duplicates or conflicts.
        // Canonical records are named by their index in `table.records`; when no key repeats (the
        // usual case) the canonical array is the table's own, shared rather than copied.
        let records = table.records
        var canonicalIndex: [Int] = []
        var positionOfKey: [HashedKey: Int] = [:]
        positionOfKey.reserveCapacity(records.count)
        canonicalIndex.reserveCapacity(records.count)
        var duplicates = table.duplicates
        var conflictSources: [Int: [SourceLocation]] = [:]
        for index in records.indices {
            let key = HashedKey(records[index].key)
            if let position = positionOfKey[key] {
                let first = canonicalIndex[position]
                if records[first].hasSameContent(as: records[index]) {
                    duplicates.append(
                        DuplicateRow(
                            key: records[index].key, first: records[first].source,
                            duplicate: records[index].source))
                } else {
                    conflictSources[position, default: [records[first].source]].append(records[index].source)
                }
            } else {
                positionOfKey[key] = canonicalIndex.count
                canonicalIndex.append(index)
            }
        }
        positionOfKey = [:]
        let canonical = canonicalIndex.count == records.count ? records : canonicalIndex.map { records[$0] }
        canonicalIndex = []
        var conflicts = table.conflicts
        // Adapters report rows that contradict each other about a key; such keys give no sample.
        let contradicted = Set(table.conflicts.map(\.key))
        for position in conflictSources.keys.sorted() {
            conflicts.append(
                LabelConflict(
                    key: canonical[position].key, sources: conflictSources[position] ?? [],
                    reason: "rows give different labels, patient or split for one image"))
        }

        // 2. Match each image.
        let matcher = try ImageMatcher(keys: canonical.map(\.key), rule: table.matchRule)
        // Rows that name an image but give it no label (or were refused) are reported in their own
        // lists; an image they name is accounted for there, not listed again as an image without rows.
        let unlabeled = try UnlabeledRows(table: table)
        var imagesWithoutRows: [String] = []
        var claimedBy = [Int?](repeating: nil, count: canonical.count)
        var matched: [(image: Int, record: Int)] = []
        matched.reserveCapacity(min(images.count, canonical.count))
        for (imageIndex, image) in images.enumerated() {
            // One match is the usual case and needs no array.
            if let only = matcher.singleMatch(image) {
                if let first = claimedBy[only] {
                    conflicts.append(
                        LabelConflict(
                            key: image.relativePath, sources: [canonical[only].source],
                            reason: "row already matched \(images[first].relativePath); this image is left out"))
                } else {
                    claimedBy[only] = imageIndex
                    if conflictSources[only] == nil, contradicted.isEmpty || !contradicted.contains(canonical[only].key) {
                        matched.append((imageIndex, only))
                    }
                }
                continue
            }
            let candidates = matcher.matches(image)
            if candidates.isEmpty {
                if !unlabeled.names(image) { imagesWithoutRows.append(image.relativePath) }
            } else if candidates.count > 1 {
                conflicts.append(
                    LabelConflict(
                        key: image.relativePath, sources: candidates.map { canonical[$0].source },
                        reason: "image path matches \(candidates.count) different rows"))
            } else if let first = claimedBy[candidates[0]] {
                conflicts.append(
                    LabelConflict(
                        key: image.relativePath, sources: [canonical[candidates[0]].source],
                        reason: "row already matched \(images[first].relativePath); this image is left out"))
            } else {
                claimedBy[candidates[0]] = imageIndex
                if conflictSources[candidates[0]] == nil,
                    contradicted.isEmpty || !contradicted.contains(canonical[candidates[0]].key)
                {
                    matched.append((imageIndex, candidates[0]))
                }
            }
        }
        let rowsWithoutImages = Self.inFileOrder(
            canonical.indices.filter { claimedBy[$0] == nil }.map {
                RowReference(key: canonical[$0].key, source: canonical[$0].source)
            }, table.unmatchedRows, paths: table.paths)
        // Keys are what is listed; rows are what a curator counts in the file: a key may stand for
        // several folded rows (RSNA's boxes) and for repeated rows (duplicates).
        var rowsWithoutImagesRows = rowsWithoutImages.count
        if !table.foldedRows.isEmpty || !duplicates.isEmpty {
            let missing = Set(rowsWithoutImages.map(\.key))
            for key in missing { rowsWithoutImagesRows += (table.foldedRows[key] ?? 1) - 1 }
            rowsWithoutImagesRows += duplicates.filter { missing.contains($0.key) }.count
        }

        // 3. Split by patient and build the samples.
        let joined = SelectedRecords(base: canonical, positions: matched.map(\.record))
        let assignment = PatientSplitter.assign(of: joined, labelCount: table.vocabulary.count, options: split)
        var samples: [LabeledSample] = []
        samples.reserveCapacity(matched.count)
        for (position, pair) in matched.enumerated() {
            let record = canonical[pair.record]
            samples.append(
                LabeledSample(
                    imageIndex: pair.image, image: images[pair.image], labels: record.labels, mask: record.mask,
                    classIndex: record.classIndex, patientID: record.patientID, split: assignment.splits[position],
                    splitIsOfficial: assignment.isOfficial[position], extras: record.extras, source: record.source))
        }
        var report = JoinReport.summarizing(
            samples: samples, table: table, imagesListed: images.count,
            labelledKeys: canonical.count + table.unmatchedRows.count,
            imagesWithoutRows: imagesWithoutRows, rowsWithoutImages: rowsWithoutImages, duplicates: duplicates,
            conflicts: conflicts)
        report.rowsWithoutImagesRowCount = rowsWithoutImagesRows
        if samples.isEmpty { report.tableTotals = TableTotals(records: canonical, table: table) }
        return LabelJoin(vocabulary: table.vocabulary, samples: samples, report: report)
    }
}

extension LabelJoiner {
    /// Two lists of rows, each in file order, merged into file order (tables in the order given).
    static func inFileOrder(_ first: [RowReference], _ second: [RowReference], paths: [String]) -> [RowReference] {
        if second.isEmpty { return first }
        if first.isEmpty { return second }
        let rank = Dictionary(paths.enumerated().map { ($1, $0) }) { earlier, _ in earlier }
        func precedes(_ a: RowReference, _ b: RowReference) -> Bool {
            if a.source.path == b.source.path { return a.source.line < b.source.line }
            return (rank[a.source.path] ?? Int.max, a.source.path) < (rank[b.source.path] ?? Int.max, b.source.path)
        }
        var merged: [RowReference] = []
        merged.reserveCapacity(first.count + second.count)
        var i = 0
        var j = 0
        while i < first.count && j < second.count {
            if precedes(second[j], first[i]) {
                merged.append(second[j])
                j += 1
            } else {
                merged.append(first[i])
                i += 1
            }
        }
        merged.append(contentsOf: first[i...])
        merged.append(contentsOf: second[j...])
        return merged
    }
}

/// The keys of rows that name an image without giving it a label: rows without labels and refused rows.
struct UnlabeledRows {
    private let matcher: ImageMatcher?

    init(table: LabelTable) throws(LabelError) {
        let keys = (table.rowsWithoutLabels + table.refusedRows).map(\.key)
        guard !keys.isEmpty else {
            matcher = nil
            return
        }
        var rule = table.matchRule
        // Refused paths may be longer or shorter than the anchor; few rows, so index by file name.
        if case .pathSuffix = rule { rule = .pathSuffix(anchorComponents: 1) }
        matcher = try ImageMatcher(keys: keys, rule: rule)
    }

    /// Whether such a row names the image.
    func names(_ image: ImageFile) -> Bool {
        guard let matcher else { return false }
        return matcher.singleMatch(image) != nil || !matcher.matches(image).isEmpty
    }
}

/// The records that joined an image, by position in the canonical records: what the splitter
/// reads, without copying 377,110 records into a second array.
struct SelectedRecords: RandomAccessCollection {
    let base: [LabelRecord]
    let positions: [Int]

    var startIndex: Int { 0 }
    var endIndex: Int { positions.count }
    subscript(index: Int) -> LabelRecord { base[positions[index]] }
}

extension JoinReport {
    /// Patients in more than one of the per-split sets: the same check as
    /// ``PatientSplitter/leaks(in:)``, without building a second table of all patients.
    private static func leaks(_ patients: [SplitName: Set<String>]) -> [String] {
        let sets = SplitName.allCases.map { patients[$0] ?? [] }.sorted { $0.count < $1.count }
        var found = Set<String>()
        for (position, set) in sets.enumerated() {
            for patient in set where sets[(position + 1)...].contains(where: { $0.contains(patient) }) {
                found.insert(patient)
            }
        }
        return Array(found)
    }

    static func summarizing(
        samples: [LabeledSample], table: LabelTable, imagesListed: Int, labelledKeys: Int, imagesWithoutRows: [String],
        rowsWithoutImages: [RowReference], duplicates: [DuplicateRow], conflicts: [LabelConflict]
    ) -> JoinReport {
        var imagesPerSplit: [SplitName: Int] = [:]
        var patients: [SplitName: Set<String>] = [:]
        var counts: [SplitName: [Int]] = [:]
        for split in SplitName.allCases {
            imagesPerSplit[split] = 0
            patients[split] = []
            counts[split] = [Int](repeating: 0, count: table.vocabulary.count)
        }
        // The images of one patient are usually listed together: skip the set insertion when the
        // sample repeats the previous sample's patient and split.
        var previous: (patient: String, split: SplitName)?
        for sample in samples {
            imagesPerSplit[sample.split, default: 0] += 1
            if previous?.split != sample.split || previous?.patient != sample.patientID {
                patients[sample.split, default: []].insert(sample.patientID)
                previous = (sample.patientID, sample.split)
            }
            for (label, value) in sample.labels.enumerated() where value != 0 && label < table.vocabulary.count {
                counts[sample.split]?[label] += 1
            }
        }
        var labelCounts: [SplitName: [String: Int]] = [:]
        for (split, values) in counts {
            labelCounts[split] = Dictionary(uniqueKeysWithValues: zip(table.vocabulary.names, values))
        }
        return JoinReport(
            dataset: table.dataset, tables: table.paths, vocabulary: table.vocabulary.names, rowsRead: table.rowsRead,
            labelledKeys: labelledKeys, imagesListed: imagesListed, imagesMatched: samples.count,
            imagesWithoutRows: imagesWithoutRows, rowsWithoutImages: rowsWithoutImages, orphanRows: table.orphanRows,
            rowsWithoutLabels: table.rowsWithoutLabels, refusedRows: table.refusedRows,
            patientSource: table.patientSource,
            duplicateRows: duplicates, conflicts: conflicts, imagesPerSplit: imagesPerSplit,
            patientsPerSplit: patients.mapValues(\.count), labelCountsPerSplit: labelCounts,
            patientsInSeveralSplits: leaks(patients).sorted())
    }
}
