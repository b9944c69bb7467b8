import MedLabels
import Testing

@Suite("Joining records to images")
struct LabelJoinerTests {
    static func table(_ keys: [String], rule: MatchRule, patients: [String]? = nil) -> LabelTable {
        let records = keys.enumerated().map { index, key in
            LabelRecord(
                key: key, patientID: patients?[index] ?? "P\(index)", labels: [1],
                source: SourceLocation(path: "t.csv", line: index + 2))
        }
        return LabelTable(
            dataset: "test", paths: ["t.csv"], vocabulary: LabelVocabulary(names: ["x"]),
            matchRule: rule, records: records, rowsRead: records.count)
    }

    @Test("an image path matching two rows is a conflict, not a guess")
    func ambiguousSuffix() throws {
        let table = Self.table(["site1/p1/s1/img.jpg", "site2/p1/s1/img.jpg"], rule: .pathSuffix(anchorComponents: 3))
        let join = try LabelJoiner.join(
            images: images(["p1/s1/img.jpg", "x/site2/p1/s1/img.jpg"]), table: table,
            split: splitOptions())
        #expect(join.samples.map(\.image.relativePath) == ["x/site2/p1/s1/img.jpg"])
        #expect(join.report.conflicts.map(\.key) == ["p1/s1/img.jpg"])
        #expect(join.report.conflicts.first?.sources.map(\.line) == [2, 3])
    }

    @Test("two images claiming one row: the first is kept and the second reported")
    func twoImagesOneRow() throws {
        let table = Self.table(["a.png"], rule: .fileName)
        let join = try LabelJoiner.join(
            images: images(["one/a.png", "two/a.png"]), table: table, split: splitOptions())
        #expect(join.samples.map(\.image.relativePath) == ["one/a.png"])
        #expect(join.report.conflicts.map(\.key) == ["two/a.png"])
    }

    @Test("path-suffix matching compares whole components")
    func wholeComponents() throws {
        let table = Self.table(["p1/s1/view1.jpg"], rule: .pathSuffix(anchorComponents: 1))
        let join = try LabelJoiner.join(
            images: images(["xp1/s1/view1.jpg", "q/p1/s1/view1.jpg"]), table: table,
            split: splitOptions())
        #expect(join.samples.map(\.image.relativePath) == ["q/p1/s1/view1.jpg"])
        #expect(join.report.imagesWithoutRows == ["xp1/s1/view1.jpg"])
    }

    @Test("samples keep the input order and the report counts add up")
    func reportCounts() throws {
        let table = Self.table(
            ["c.png", "a.png", "b.png", "z.png"], rule: .fileName, patients: ["P1", "P1", "P2", "P3"])
        let listing = images(["a.png", "b.png", "c.png", "d.png"])
        let join = try LabelJoiner.join(images: listing, table: table, split: splitOptions())
        #expect(join.samples.map(\.imageIndex) == [0, 1, 2])
        #expect(join.report.imagesMatched == 3 && join.report.imagesListed == 4)
        #expect(join.report.rowsWithoutImages.map(\.key) == ["z.png"])
        #expect(join.report.imagesPerSplit.values.reduce(0, +) == 3)
        #expect(join.report.patientsPerSplit.values.reduce(0, +) == 2)
        #expect(join.report.labelCountsPerSplit.values.map { $0["x"] ?? 0 }.reduce(0, +) == 3)
        #expect(join.samples[0].split == join.samples[2].split)
    }

    @Test("an official split that splits a patient shows in the report and makes it unclean")
    func officialLeakInReport() throws {
        var table = Self.table(["a.png", "b.png", "c.png"], rule: .fileName, patients: ["P1", "P1", "P2"])
        table.records[0].officialSplits = [.train]
        table.records[1].officialSplits = [.test]
        let join = try LabelJoiner.join(
            images: images(["a.png", "b.png", "c.png"]), table: table, split: splitOptions())
        #expect(join.report.patientsInSeveralSplits == ["P1"])
        #expect(Set(PatientSplitter.leaks(in: join.samples).keys) == ["P1"])
        #expect(!join.report.isClean)
    }
}
