import MedLabels
import Testing

@Suite("Generic CSV adapter")
struct GenericCSVTests {
    static let oneHot = lines([
        "file,patient,Effusion,Mass,Nodule,site,split",
        "scans/a1.png,P1,1,0,,north,train",
        "scans/a2.png,P1,0,-1,1,north,train",
        "\"scans/b,1.png\",P2,0,0,0,\"south, annex\",test",
    ])

    @Test(
        "one-hot columns, patient, split and extra columns",
        arguments: [
            (MatchRule.fileName, ["x/a1.png", "y/a2.png", "b,1.png"]),
            (MatchRule.pathSuffix(anchorComponents: 1), ["root/scans/a1.png", "a2.png", "scans/b,1.png"]),
        ])
    func oneHotColumns(rule: MatchRule, paths: [String]) throws {
        let folder = FixtureFolder()
        var text = Self.oneHot
        if rule == .fileName { text = text.replacingOccurrences(of: "scans/", with: "") }
        let adapter = GenericCSVLabels(
            path: folder.write("labels.csv", text), keyColumn: "file", matchRule: rule,
            labels: .oneHot(columns: ["Effusion", "Mass", "Nodule"]), patientColumn: "patient", splitColumn: "split",
            extraColumns: ["site"])
        let join = try LabelJoiner.join(images: images(paths), adapter: adapter, split: splitOptions())
        #expect(join.report.isClean)
        #expect(join.samples.map(\.labels) == [[1, 0, 0], [0, 0, 1], [0, 0, 0]])
        #expect(join.samples[1].mask == [1, 0, 1])
        #expect(join.samples[0].mask == nil)
        #expect(join.samples.map(\.split) == [.train, .train, .test])
        #expect(join.samples[2].extras["site"] == .string("south, annex"))
    }

    @Test("a separated column, matched by stem, collects a sorted vocabulary")
    func separatedColumn() throws {
        let folder = FixtureFolder()
        let text = lines(["id;findings;pid", "001;Mass|Effusion;7", "002;;8", "003;Nodule;7"])
        let adapter = GenericCSVLabels(
            path: folder.write("l.csv", text), keyColumn: "id", matchRule: .stem,
            labels: .separated(column: "findings", separator: "|"), patientColumn: "pid",
            delimiter: ";")
        let join = try LabelJoiner.join(
            images: images(["001.dcm", "002.dcm", "003.dcm", "004.dcm"]), adapter: adapter,
            split: splitOptions())
        #expect(join.vocabulary.names == ["Effusion", "Mass", "Nodule"])
        // 002's findings cell is blank: a row without labels, not an all-negative sample.
        #expect(join.samples.map(\.labels) == [[1, 1, 0], [0, 0, 1]])
        #expect(join.samples[0].split == join.samples[1].split)
        #expect(join.report.rowsWithoutLabels.map(\.key) == ["002"])
        #expect(join.report.rowsWithoutLabels.first?.source.line == 3)
        #expect(join.report.imagesWithoutRows == ["004.dcm"])
    }

    @Test("a class column gives class indices; a regex extracts the key")
    func classColumnWithRegex() throws {
        let folder = FixtureFolder()
        let text = lines(["case,diagnosis", "1001,benign", "1002,malignant", "1003,benign"])
        let adapter = GenericCSVLabels(
            path: folder.write("l.csv", text), keyColumn: "case",
            matchRule: .regex("case-([0-9]+)_"), labels: .singleClass(column: "diagnosis"),
            vocabulary: ["benign", "malignant"])
        let join = try LabelJoiner.join(
            images: images(["a/case-1001_cc.png", "a/case-1002_mlo.png", "b/other.png"]),
            adapter: adapter, split: splitOptions())
        #expect(join.vocabulary.isSingleLabel)
        #expect(join.samples.map(\.classIndex) == [0, 1])
        #expect(join.report.imagesWithoutRows == ["b/other.png"])
        #expect(join.report.rowsWithoutImages.map(\.source.line) == [4])
    }

    @Test("a class outside the given vocabulary is an error at its cell")
    func unknownClass() throws {
        let folder = FixtureFolder()
        let text = lines(["case,diagnosis", "1001,benign", "1002,unknown"])
        let adapter = GenericCSVLabels(
            path: folder.write("l.csv", text), keyColumn: "case", matchRule: .stem,
            labels: .singleClass(column: "diagnosis"), vocabulary: ["benign", "malignant"])
        let error = #expect(throws: LabelError.self) { try adapter.table() }
        #expect(error?.line == 3)
        #expect(error?.column == 2)
    }

    @Test("blank class cells do not stop the table: each is a row without labels, listed with its line")
    func blankClasses() throws {
        let folder = FixtureFolder()
        let text = lines(["case,diagnosis", "1001,benign", "1002,", "1003,  ", "1004,malignant"])
        let adapter = GenericCSVLabels(
            path: folder.write("l.csv", text), keyColumn: "case", matchRule: .stem,
            labels: .singleClass(column: "diagnosis"))
        let join = try LabelJoiner.join(
            images: images(["1001.png", "1002.png", "1003.png", "1004.png"]), adapter: adapter, split: splitOptions())
        #expect(join.vocabulary.names == ["benign", "malignant"])
        #expect(join.samples.map(\.classIndex) == [0, 1])
        #expect(join.report.rowsWithoutLabels.map(\.source.line) == [3, 4])
        #expect(join.report.rowsWithoutLabels.allSatisfy { $0.reason == "class column 'diagnosis' is blank" })
        #expect(join.report.imagesWithoutRows.isEmpty)
        #expect(join.report.rowsRead == 4)
    }
}
