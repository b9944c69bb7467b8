/// What a label table says on its own, without images: for `labels check` on a table whose images
/// are not at hand, so the report still gives the class and box counts a curator compares with the
/// dataset's paper.
public struct TableTotals: Sendable, Hashable, Codable {
    /// Records (image keys) after folding rows.
    public var records: Int
    /// Distinct patients.
    public var patients: Int
    /// Records with each label positive, by label name.
    public var labelCounts: [String: Int]
    /// Bounding boxes carried by the records (NIH's box table, RSNA's box rows).
    public var boxes: Int
    /// Records with at least one box.
    public var recordsWithBoxes: Int

    init(records: [LabelRecord], table: LabelTable) {
        self.records = records.count
        var patients = Set<String>()
        var counts = [Int](repeating: 0, count: table.vocabulary.count)
        var boxes = 0
        var withBoxes = 0
        for record in records {
            patients.insert(record.patientID)
            for (label, value) in record.labels.enumerated() where value != 0 && label < counts.count {
                counts[label] += 1
            }
            if case .array(let list)? = record.extras["boxes"], !list.isEmpty {
                boxes += list.count
                withBoxes += 1
            }
        }
        self.patients = patients.count
        labelCounts = Dictionary(uniqueKeysWithValues: zip(table.vocabulary.names, counts))
        self.boxes = boxes
        recordsWithBoxes = withBoxes
    }
}
