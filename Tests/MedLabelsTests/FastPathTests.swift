import MedLabels
import Testing

/// The shortcuts taken for speed give the same answers as the general code they stand in for.
@Suite("Fast paths")
struct FastPathTests {
    @Test("a long field repeated from the previous row reads the same; a changed one reads anew")
    func repeatedLongFields() throws {
        let long = "CHEST (PA AND LAT)"
        let other = "CHEST (PA AND LAX)"  // same length, one byte differs
        let text = lines([
            "a,b,c",
            "\(long),x,postero-anterior view",
            "\(long),y,postero-anterior view",
            "\(other),z,\"postero-anterior view\"",
            "\(long),w,éé postero-anterior view",
            "\(long),v,éé postero-anterior view",
            "short,\(long),",
        ])
        let table = try records(text)
        #expect(table.rows.map { $0[0] } == [long, long, other, long, long, "short"])
        #expect(table.rows.map { $0[1] } == ["x", "y", "z", "w", "v", long])
        #expect(
            table.rows.map { $0[2] } == [
                "postero-anterior view", "postero-anterior view", "postero-anterior view",
                "éé postero-anterior view", "éé postero-anterior view", "",
            ])
    }

    @Test("invalid UTF-8 in a long field is reported even after a valid row")
    func invalidAfterRepeat() throws {
        var bytes = Array("a,b\nxxxxxxxxxxxxxxxxxxxx,1\n".utf8)
        bytes += Array("xxxxxxxxxxxxxxxxxxx".utf8) + [0xFF] + Array(",2\n".utf8)
        var reader = try CSVReader(bytes: bytes, path: "bad.csv")
        #expect(try reader.next()?[0] == "xxxxxxxxxxxxxxxxxxxx")
        #expect(throws: LabelError.self) { _ = try reader.next() }
    }

    @Test("the MIMIC image path equals the interpolated form, ASCII or not")
    func imagePaths() {
        let cases: [(String, String, String)] = [
            ("10000032", "50414267", "02aa804e-bde0afdd-112c0b34-7bc16630-4e384014"),
            ("1", "2", "3"),
            ("12", "", "d"),
            ("é1234", "s", "d"),
            ("1e\u{301}234", "s", "d"),
            ("1\r\n234", "s", "d"),
            ("123", "5ß", "dïcom"),
        ]
        for (subject, study, dicom) in cases {
            #expect(
                MIMICCXRLabels.imagePath(subject: subject, study: study, dicom: dicom)
                    == "files/p\(subject.prefix(2))/p\(subject)/s\(study)/\(dicom).jpg")
        }
    }

    @Test("file-name and stem matching agree with ImageFile.fileName and .stem", arguments: [MatchRule.fileName, .stem])
    func fileNameAndStem(rule: MatchRule) throws {
        let paths = [
            "images_001/images/00000001_000.png", "plain.png", "dir/.hidden", "dir/a.b.c", "dir/noext",
            "dir/e\u{301}.png", "dir\u{301}/x.png", "a/b/\u{301}y.png", "a/ü.dcm", "a/b.\u{301}png",
        ]
        let listing = images(paths)
        let keys = listing.map { rule == .fileName ? $0.fileName : $0.stem }
        let table = LabelTable(
            dataset: "t", paths: ["t.csv"], vocabulary: LabelVocabulary(names: ["x"]), matchRule: rule,
            records: keys.enumerated().map { index, key in
                LabelRecord(
                    key: key, patientID: "p\(index)", labels: [1], source: SourceLocation(path: "t.csv", line: index + 2))
            }, rowsRead: keys.count)
        let join = try LabelJoiner.join(images: listing, table: table, split: splitOptions())
        #expect(join.samples.map(\.imageIndex) == Array(paths.indices))
        #expect(join.samples.map(\.patientID) == paths.indices.map { "p\($0)" })
        #expect(join.report.isClean)
    }

    @Test("MIMIC: repeated and conflicting study rows, images without a label row, and shared label arrays")
    func mimicFolding() throws {
        let folder = FixtureFolder()
        let header =
            "subject_id,study_id,Atelectasis,Cardiomegaly,Consolidation,Edema,Enlarged Cardiomediastinum,Fracture,"
            + "Lung Lesion,Lung Opacity,No Finding,Pleural Effusion,Pleural Other,Pneumonia,Pneumothorax,Support Devices"
        let labels = folder.write(
            "mimic-cxr-2.0.0-chexpert.csv",
            lines([
                header,
                "10000001,50000001,1.0,,,,,,,,,,,,,",
                "10000001,50000001,1.0,,,,,,,,,,,,,",  // duplicate of line 2
                "10000002,50000002,,1.0,,,,,,,,,,,,",
                "10000002,50000002,,0.0,,,,,,,,,,,,",  // conflicts with line 4
                "10000003,50000003,1.0,,,,,,,,,,,,,",  // same pattern as line 2
                "10000004,50000004,-1.0,,,,,,,,,,,,,",  // no image: orphan
            ]))
        let metadata = folder.write(
            "mimic-cxr-2.0.0-metadata.csv",
            lines([
                "dicom_id,subject_id,study_id,ViewPosition",
                "d1,10000001,50000001,PA",
                "d2,10000001,50000001,LATERAL",
                "d3,10000002,50000002,PA",
                "d4,10000003,50000003,PA",
                "d5,10000009,50000009,PA",  // no label row
            ]))
        let adapter = MIMICCXRLabels(metadata: metadata, labels: labels)
        let table = try adapter.table()
        #expect(table.records.map(\.key).map { $0.split(separator: "/").last.map(String.init) } == [
            "d1.jpg", "d2.jpg", "d3.jpg", "d4.jpg",
        ])
        #expect(table.records[0].labels == table.records[3].labels)
        #expect(table.records[0].extras["states"] == table.records[3].extras["states"])
        #expect(table.duplicates.map(\.duplicate.line) == [3])
        #expect(table.conflicts.map(\.sources) == [[SourceLocation(path: labels, line: 4), SourceLocation(path: labels, line: 5)]])
        #expect(table.rowsWithoutLabels.map(\.source.line) == [6])
        #expect(table.orphanRows.map(\.key) == ["10000004/50000004"])
        let join = try LabelJoiner.join(
            images: images(["files/p10/p10000001/s50000001/d1.jpg", "d2.jpg", "d3.jpg", "x/d4.jpg"]),
            adapter: adapter, split: splitOptions())
        // d3's study is contradicted, and x/d4.jpg is not a suffix of d4's documented path.
        #expect(join.samples.map(\.imageIndex) == [0, 1])
        #expect(join.samples[1].extras["viewPosition"] == .string("LATERAL"))
        #expect(join.report.imagesWithoutRows == ["x/d4.jpg"])
    }

    @Test("the splitter gives the same splits through the join as on the matched records directly",
          arguments: [false, true])
    func splitterThroughJoin(stratify: Bool) throws {
        // Images listed in reverse table order, so the join's matched records are a permutation.
        let count = 40
        let records = (0..<count).map { index in
            LabelRecord(
                key: "img\(index).png", patientID: "patient\(index / 3)", labels: [UInt8(index % 2), UInt8(index % 5 == 0 ? 1 : 0)],
                officialSplits: index % 7 == 0 ? [.test] : nil, source: SourceLocation(path: "t.csv", line: index + 2))
        }
        let table = LabelTable(
            dataset: "t", paths: ["t.csv"], vocabulary: LabelVocabulary(names: ["a", "b"]), matchRule: .fileName,
            records: records, rowsRead: count)
        let listing = images((0..<count).reversed().map { "dir/img\($0).png" })
        let options = splitOptions(0.6, 0.2, 0.2, seed: 11, stratify: stratify)
        let join = try LabelJoiner.join(images: listing, table: table, split: options)
        let direct = PatientSplitter.assign(
            (0..<count).reversed().map { records[$0] }, labelCount: 2, options: options)
        #expect(join.samples.map(\.split) == direct.splits)
        #expect(join.samples.map(\.splitIsOfficial) == direct.isOfficial)
    }
}
