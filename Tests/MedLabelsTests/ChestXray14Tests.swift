import Foundation
import MedLabels
import Testing

@Suite("ChestX-ray14 adapter")
struct ChestXray14Tests {
    /// The 2017 layout: header and every row end with a comma; ages as `058Y` in old copies.
    static let dataEntry = lines(
        [
            "Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View Position,"
                + "OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y],",
            "00000001_000.png,Cardiomegaly,0,1,058Y,M,PA,2682,2749,0.143,0.143,",
            "00000001_001.png,Cardiomegaly|Emphysema,1,1,58,M,PA,2894,2729,0.14300000000000002,0.14300000000000002,",
            "00000002_000.png,No Finding,0,2,81,M,PA,2500,2048,0.171,0.171,",
            "00000003_000.png,Hernia,0,3,81,F,PA,2582,2991,0.143,0.143,",
            "00000003_001.png,Hernia|Infiltration,1,3,74,F,AP,2500,2048,0.168,0.168,",
            "00013118_008.png,Atelectasis|Effusion,8,13118,60,M,AP,3056,2544,0.139,0.139,",
        ], ending: "\r\n")

    static let boxes = lines([
        "Image Index,Finding Label,Bbox [x,y,w,h],,,",
        "00013118_008.png,Atelectasis,225.084745762712,547.019216763771,86.7796610169491,79.1864406779661",
        "00013118_008.png,Effusion,686.101694915254,131.543416829494,185.491525423729,313.491525423729",
        "00099999_000.png,Infiltrate,1,2,3,4",
    ])

    @Test("rows join images by file name with vocabulary, extras and boxes")
    func join() throws {
        let folder = FixtureFolder()
        let adapter = ChestXray14Labels(
            dataEntry: folder.write("Data_Entry_2017.csv", Self.dataEntry),
            boundingBoxes: folder.write("BBox_List_2017.csv", Self.boxes))
        let listing = images([
            "images_001/images/00000001_000.png", "images_001/images/00000001_001.png",
            "images_001/images/00000002_000.png", "images_001/images/00000003_000.png",
            "images_006/images/00013118_008.png", "images_012/images/00030805_000.png",
        ])
        let join = try LabelJoiner.join(images: listing, adapter: adapter, split: splitOptions())
        #expect(join.vocabulary.names.count == 15 && join.vocabulary.names.last == "No Finding")
        #expect(
            join.samples.map(\.image.fileName) == [
                "00000001_000.png", "00000001_001.png", "00000002_000.png", "00000003_000.png", "00013118_008.png",
            ])
        let second = join.samples[1]
        let names = join.vocabulary.names
        #expect(zip(names, second.labels).filter { $0.1 == 1 }.map(\.0) == ["Cardiomegaly", "Emphysema"])
        #expect(second.patientID == "1")
        #expect(second.extras["age"] == .int(58))
        #expect(join.samples[0].extras["age"] == .int(58))
        #expect(second.extras["originalSize"] == .array([.int(2894), .int(2729)]))
        #expect(second.extras["viewPosition"] == .string("PA"))
        #expect(second.source.line == 3)
        #expect(join.samples[2].labels.last == 1)
        guard case .array(let boxList)? = join.samples[4].extras["boxes"] else {
            Issue.record("no boxes")
            return
        }
        #expect(boxList.count == 2)
        #expect(join.report.imagesWithoutRows == ["images_012/images/00030805_000.png"])
        #expect(join.report.rowsWithoutImages.map(\.key) == ["00000003_001.png"])
        #expect(join.report.orphanRows.map(\.key) == ["00099999_000.png"])
        #expect(join.report.orphanRows.first?.source.line == 4)
        #expect(join.report.rowsRead == 9)
        #expect(join.report.labelCountsPerSplit.values.map { $0["Cardiomegaly"] ?? 0 }.reduce(0, +) == 2)
        #expect(join.report.patientsInSeveralSplits.isEmpty)
    }

    @Test("the official lists fix test and leave train/val to the hash")
    func officialLists() throws {
        let folder = FixtureFolder()
        let adapter = ChestXray14Labels(
            dataEntry: folder.write("Data_Entry_2017_v2020.csv", Self.dataEntry),
            trainValList: folder.write(
                "train_val_list.txt",
                lines([
                    "00000001_000.png", "00000001_001.png",
                    "00000002_000.png",
                ])),
            testList: folder.write(
                "test_list.txt", lines(["00000003_000.png", "00000003_001.png", "00013118_008.png"])))
        let listing = images([
            "00000001_000.png", "00000001_001.png", "00000002_000.png", "00000003_000.png",
            "00000003_001.png", "00013118_008.png",
        ])
        for seed in UInt64(0)..<20 {
            let join = try LabelJoiner.join(
                images: listing, adapter: adapter, split: splitOptions(0.5, 0.25, 0.25, seed: seed))
            let bySplit = Dictionary(grouping: join.samples, by: \.split).mapValues { $0.map(\.image.fileName) }
            #expect(bySplit[.test] == ["00000003_000.png", "00000003_001.png", "00013118_008.png"])
            #expect(join.samples.filter { $0.split == .test }.allSatisfy { $0.splitIsOfficial })
            #expect(PatientSplitter.leaks(in: join.samples).isEmpty)
        }
    }

    @Test("an unknown finding is an error at its line and column")
    func unknownFinding() throws {
        let folder = FixtureFolder()
        let path = folder.write(
            "Data_Entry_2017.csv",
            Self.dataEntry.replacingOccurrences(
                of: "Hernia|Infiltration",
                with: "Hernia|Infiltrate"))
        let error = #expect(throws: LabelError.self) { try ChestXray14Labels(dataEntry: path).table() }
        #expect(error?.code == .invalidValue)
        #expect(error?.line == 6)
        #expect(error?.column == 2)
    }

    @Test("duplicate rows are reported once and conflicting rows drop the image")
    func duplicatesAndConflicts() throws {
        let folder = FixtureFolder()
        let text =
            Self.dataEntry
            + lines(
                [
                    "00000001_000.png,Cardiomegaly,0,1,058Y,M,PA,2682,2749,0.143,0.143,",
                    "00000002_000.png,Mass,0,2,81,M,PA,2500,2048,0.171,0.171,",
                ], ending: "\r\n")
        let adapter = ChestXray14Labels(dataEntry: folder.write("Data_Entry_2017.csv", text))
        let join = try LabelJoiner.join(
            images: images(["00000001_000.png", "00000002_000.png"]), adapter: adapter,
            split: splitOptions())
        #expect(join.samples.map(\.image.fileName) == ["00000001_000.png"])
        #expect(join.report.duplicateRows.map(\.duplicate.line) == [8])
        #expect(join.report.conflicts.map(\.key) == ["00000002_000.png"])
        #expect(join.report.conflicts.first?.sources.map(\.line) == [4, 9])
        #expect(!join.report.isClean)
    }

    @Test("extras encode as a plain JSON object, with integers kept as integers and no patient id")
    func extrasJSON() throws {
        let folder = FixtureFolder()
        let table = try ChestXray14Labels(dataEntry: folder.write("Data_Entry_2017.csv", Self.dataEntry)).table()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(table.records[0].extras), as: UTF8.self)
        #expect(
            json == #"{"age":58,"followUp":0,"originalSize":[2682,2749],"pixelSpacing":[0.143,0.143],"#
                + #""sex":"M","viewPosition":"PA"}"#)
    }

    @Test("rows without a listed image are listed, not built: the report equals the join of every record")
    func filteredRowsReportTheSame() throws {
        let folder = FixtureFolder()
        // 00000002_000 repeated; 00013118_008 has boxes but no image; the lists name rows without images.
        let entry = Self.dataEntry + "00000002_000.png,No Finding,0,2,81,M,PA,2500,2048,0.171,0.171,\r\n"
        let adapter = ChestXray14Labels(
            dataEntry: folder.write("Data_Entry_2017.csv", entry),
            boundingBoxes: folder.write("BBox_List_2017.csv", Self.boxes),
            trainValList: folder.write("train_val_list.txt", lines(["00000001_000.png", "00000002_000.png"])),
            testList: folder.write("test_list.txt", lines(["00000003_001.png", "00000077_000.png"])))
        let listing = images(["a/00000001_000.png", "a/00000003_000.png", "b/00000009_000.png"])
        let filtered = try LabelJoiner.join(images: listing, adapter: adapter, split: splitOptions())
        let whole = try LabelJoiner.join(images: listing, table: try adapter.table(), split: splitOptions())
        #expect(filtered.samples == whole.samples)
        #expect(filtered.report.rowsWithoutImages.map(\.source.line) == [3, 4, 6, 7])
        #expect(filtered.report.rowsWithoutImagesRowCount == 5)
        #expect(filtered.report.duplicateRows.map(\.duplicate.line) == [8])
        // Only the box of an image no row names, and the list entry no row names, are orphans.
        #expect(filtered.report.orphanRows.map(\.key) == ["00099999_000.png", "00000077_000.png"])
        #expect(filtered.report.labelledKeys == 6)
        var expected = whole.report
        expected.tables = filtered.report.tables
        #expect(filtered.report == expected)
    }
}
