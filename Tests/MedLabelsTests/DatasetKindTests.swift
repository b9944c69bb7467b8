import MedLabels
import Testing

@Suite("Recognizing a dataset's tables")
struct DatasetKindTests {
    @Test("NIH tables are recognized by header and list name, in any order")
    func nihTables() throws {
        let folder = FixtureFolder()
        let paths = [
            folder.write("test_list.txt", lines(["00000003_000.png"])),
            folder.write("BBox_List_2017.csv", ChestXray14Tests.boxes),
            folder.write("Data_Entry_2017.csv", ChestXray14Tests.dataEntry),
            folder.write("train_val_list.txt", lines(["00000001_000.png"])),
        ]
        let adapter = try #require(try DatasetKind.nih.adapter(tables: paths) as? ChestXray14Labels)
        #expect(adapter.dataEntry == paths[2])
        #expect(adapter.boundingBoxes == paths[1])
        #expect(adapter.testList == paths[0])
        #expect(adapter.trainValList == paths[3])
    }

    @Test("MIMIC tables are recognized by header")
    func mimicTables() throws {
        let folder = FixtureFolder()
        let split = folder.write("s.csv", MIMICCXRTests.split)
        let labels = folder.write("l.csv", MIMICCXRTests.chexpert)
        let metadata = folder.write("m.csv", MIMICCXRTests.metadata)
        let adapter = try #require(try DatasetKind.mimic.adapter(tables: [split, labels, metadata]) as? MIMICCXRLabels)
        #expect(adapter.metadata == metadata && adapter.labels == labels && adapter.split == split)
    }

    @Test("a table of another dataset is refused, naming the file")
    func refused() throws {
        let folder = FixtureFolder()
        let path = folder.write("stage_2_train_labels.csv", RSNAPneumoniaTests.labels)
        let error = #expect(throws: LabelError.self) { try DatasetKind.nih.adapter(tables: [path]) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.path == path)
    }

    @Test("RSNA tables are recognized by header, CheXpert tables all by their Path column")
    func rsnaAndCheXpertTables() throws {
        let folder = FixtureFolder()
        let classes = folder.write("stage_2_detailed_class_info.csv", RSNAPneumoniaTests.classes)
        let labels = folder.write("stage_2_train_labels.csv", RSNAPneumoniaTests.labels)
        let rsna = try #require(try DatasetKind.rsna.adapter(tables: [classes, labels]) as? RSNAPneumoniaLabels)
        #expect(rsna.labels == labels && rsna.classInfo == classes)
        let valid = folder.write("valid.csv", CheXpertTests.valid)
        let train = folder.write("train.csv", CheXpertTests.train)
        let chexpert = try #require(try DatasetKind.chexpert.adapter(tables: [valid, train]) as? CheXpertLabels)
        #expect(chexpert.tables == [valid, train])
    }

    @Test("the refusals keep their messages: unrecognized, given twice, missing, generic", arguments: 0..<6)
    func refusalMessages(_ index: Int) throws {
        let folder = FixtureFolder()
        let entry = folder.write("Data_Entry_2017.csv", ChestXray14Tests.dataEntry)
        let copy = folder.write("Data_Entry_copy.csv", ChestXray14Tests.dataEntry)
        let list = folder.write("train_val_list.txt", lines(["00000001_000.png"]))
        let rsna = folder.write("stage_2_train_labels.csv", RSNAPneumoniaTests.labels)
        let mimicLabels = folder.write("l.csv", MIMICCXRTests.chexpert)
        // (dataset, tables, expected path, expected reason), from the messages of the 2026-12 central switch.
        let cases: [(DatasetKind, [String], String, String)] = [
            (.chexpert, [rsna], rsna, "not recognized as a chexpert label table"),
            (.nih, [entry, copy], copy, "this file and \(entry) both look like the data entry table"),
            (.nih, [list], "", "nih needs its data entry table"),
            (.mimic, [mimicLabels], "", "mimic needs its split table"),
            (.rsna, [entry], entry, "not recognized as a rsna label table"),
            (.generic, [entry], "", "generic tables need their columns named"),
        ]
        let (dataset, tables, path, reason) = cases[index]
        let error = #expect(throws: LabelError.self) { try dataset.adapter(tables: tables) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.path == path)
        #expect(error?.reason == reason)
    }

    @Test("the v2020 data entry layout (no trailing comma, integer ages) reads the same")
    func nihV2020() throws {
        let folder = FixtureFolder()
        let text = lines([
            "Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View Position,"
                + "OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y]",
            "00000001_000.png,Cardiomegaly,0,1,57,M,PA,2682,2749,0.14300000000000002,0.14300000000000002",
            "00000001_001.png,Cardiomegaly|Emphysema,1,1,58,M,PA,2894,2729,0.14300000000000002,0.14300000000000002",
        ])
        let table = try ChestXray14Labels(dataEntry: folder.write("Data_Entry_2017_v2020.csv", text)).table()
        #expect(table.records.map(\.key) == ["00000001_000.png", "00000001_001.png"])
        #expect(table.records[0].extras["age"] == .int(57))
        #expect(
            table.records[1].extras["pixelSpacing"]
                == .array([.double(0.14300000000000002), .double(0.14300000000000002)]))
    }
}
