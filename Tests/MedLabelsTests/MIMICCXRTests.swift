import MedLabels
import Testing

@Suite("MIMIC-CXR-JPG adapter")
struct MIMICCXRTests {
    static let metadata = lines([
        "dicom_id,subject_id,study_id,PerformedProcedureStepDescription,ViewPosition,Rows,Columns,StudyDate,StudyTime,"
            + "ProcedureCodeSequence_CodeMeaning,ViewCodeSequence_CodeMeaning,PatientOrientationCodeSequence_CodeMeaning",
        "02aa804e-bde0afdd-112c0b34-7bc16630-4e384014,10000032,50414267,CHEST (PA AND LAT),PA,3056,2544,21800506,"
            + "213014.531,CHEST (PA AND LAT),postero-anterior,Erect",
        "174413ec-4ec4c1f7-34ea26b7-c5f994f8-79ef1962,10000032,50414267,CHEST (PA AND LAT),LATERAL,3056,2544,21800506,"
            + "213014.531,CHEST (PA AND LAT),lateral,Erect",
        "2a2277a9-b0ded155-c0de8eb9-c124d10e-82c5caab,10000032,53189527,CHEST (PA AND LAT),PA,3056,2544,21800626,"
            + "165500.312,CHEST (PA AND LAT),postero-anterior,Erect",
        "68b5c4b1-227d0485-9cc38c3f-7b84ab51-4b472714,10000764,57375967,CHEST (PORTABLE AP),AP,2705,2539,21321012,"
            + "125454.625,CHEST (PORTABLE AP),antero-posterior,",
        "fffabebf-74fd3a1f-673b6b41-96ec0ac9-2ab69818,10000898,50771383,CHEST (PA AND LAT),PA,2544,3056,21321012,"
            + "135516.000,CHEST (PA AND LAT),postero-anterior,Erect",
    ])
    static let chexpert = lines([
        "subject_id,study_id,Atelectasis,Cardiomegaly,Consolidation,Edema,Enlarged Cardiomediastinum,Fracture,"
            + "Lung Lesion,Lung Opacity,No Finding,Pleural Effusion,Pleural Other,Pneumonia,Pneumothorax,Support Devices",
        "10000032,50414267,,,,,,,,,1.0,,,,,",
        "10000032,53189527,,,,,,,,,1.0,,,,,",
        "10000764,57375967,,,1.0,,,,,,,,,-1.0,,",
        "10000935,50578979,1.0,,,,,,,,,,,,,",
    ])
    static let split = lines([
        "dicom_id,study_id,subject_id,split",
        "02aa804e-bde0afdd-112c0b34-7bc16630-4e384014,50414267,10000032,train",
        "174413ec-4ec4c1f7-34ea26b7-c5f994f8-79ef1962,50414267,10000032,train",
        "2a2277a9-b0ded155-c0de8eb9-c124d10e-82c5caab,53189527,10000032,train",
        "68b5c4b1-227d0485-9cc38c3f-7b84ab51-4b472714,57375967,10000764,validate",
        "fffabebf-74fd3a1f-673b6b41-96ec0ac9-2ab69818,50771383,10000898,test",
    ])

    static func listing(root: String) -> [ImageFile] {
        images(
            [
                "p10/p10000032/s50414267/02aa804e-bde0afdd-112c0b34-7bc16630-4e384014.jpg",
                "p10/p10000032/s50414267/174413ec-4ec4c1f7-34ea26b7-c5f994f8-79ef1962.jpg",
                "p10/p10000032/s53189527/2a2277a9-b0ded155-c0de8eb9-c124d10e-82c5caab.jpg",
                "p10/p10000764/s57375967/68b5c4b1-227d0485-9cc38c3f-7b84ab51-4b472714.jpg",
                "p10/p10000898/s50771383/fffabebf-74fd3a1f-673b6b41-96ec0ac9-2ab69818.jpg",
            ].map { root + $0 })
    }

    @Test(
        "per-study labels join every image of the study, with the official split",
        arguments: ["files/", "", "mimic-cxr-jpg/2.0.0/files/"])
    func join(root: String) throws {
        let folder = FixtureFolder()
        let adapter = MIMICCXRLabels(
            metadata: folder.write("mimic-cxr-2.0.0-metadata.csv", Self.metadata),
            labels: folder.write("mimic-cxr-2.0.0-chexpert.csv", Self.chexpert),
            split: folder.write("mimic-cxr-2.0.0-split.csv", Self.split))
        let join = try LabelJoiner.join(
            images: Self.listing(root: root), adapter: adapter, split: splitOptions(seed: 3))
        let names = MIMICCXRLabels.vocabulary.names
        #expect(join.samples.count == 4)
        #expect(join.samples.map(\.patientID) == ["10000032", "10000032", "10000032", "10000764"])
        #expect(join.samples.map(\.split) == [.train, .train, .train, .val])
        #expect(join.samples.allSatisfy { $0.splitIsOfficial })
        #expect(join.samples[0].labels == join.samples[1].labels)
        #expect(join.samples[0].labels[names.firstIndex(of: "No Finding") ?? 0] == 1)
        #expect(join.samples[1].extras["viewPosition"] == .string("LATERAL"))
        // Only the documented fields: no study number, date or time of the visit, whatever the table holds.
        let copied = Set(join.samples[0].extras.dictionary.keys)
        #expect(copied == ["viewPosition", "rows", "columns", "procedure", "viewCodeMeaning", "patientOrientation", "states"])
        #expect(join.samples.allSatisfy { sample in
            !sample.extras.dictionary.values.contains { "\($0)".contains("21800506") || "\($0)".contains("50414267") }
        })
        let consolidation = names.firstIndex(of: "Consolidation") ?? 0
        let pneumonia = names.firstIndex(of: "Pneumonia") ?? 0
        #expect(join.samples[3].labels[consolidation] == 1)
        #expect(join.samples[3].mask?[pneumonia] == 0)
        #expect(join.report.rowsWithoutLabels.map(\.source.line) == [6])
        // That image's study has no label row: it is reported once, as a row without labels.
        #expect(join.report.rowsWithoutLabels.map(\.key) == [
            "files/p10/p10000898/s50771383/fffabebf-74fd3a1f-673b6b41-96ec0ac9-2ab69818.jpg"
        ])
        #expect(join.report.imagesWithoutRows == [])
        #expect(join.report.orphanRows.map(\.key) == ["10000935/50578979"])
        #expect(join.report.patientsPerSplit[.train] == 1 && join.report.patientsPerSplit[.val] == 1)
        #expect(join.report.labelCountsPerSplit[.train]?["No Finding"] == 3)
    }

    @Test("the documented image path is files/pXX/pSUBJECT/sSTUDY/DICOM.jpg")
    func imagePath() {
        #expect(
            MIMICCXRLabels.imagePath(subject: "10000032", study: "50414267", dicom: "02aa804e")
                == "files/p10/p10000032/s50414267/02aa804e.jpg")
    }

    @Test("a flattened folder of DICOM-id file names still matches")
    func flattened() throws {
        let folder = FixtureFolder()
        let adapter = MIMICCXRLabels(
            metadata: folder.write("meta.csv", Self.metadata),
            labels: folder.write("negbio.csv", Self.chexpert))
        let flat = Self.listing(root: "").map { ImageFile(relativePath: $0.fileName) }
        let join = try LabelJoiner.join(images: flat, adapter: adapter, split: splitOptions())
        #expect(join.samples.count == 4)
        #expect(PatientSplitter.leaks(in: join.samples).isEmpty)
    }

    @Test("a split value other than train, validate or test is an error at its cell")
    func badSplit() throws {
        let folder = FixtureFolder()
        let adapter = MIMICCXRLabels(
            metadata: folder.write("meta.csv", Self.metadata),
            labels: folder.write("chexpert.csv", Self.chexpert),
            split: folder.write("split.csv", Self.split.replacingOccurrences(of: "validate", with: "dev")))
        let error = #expect(throws: LabelError.self) { try adapter.table() }
        #expect(error?.code == .invalidValue)
        #expect(error?.line == 5)
        #expect(error?.column == 4)
    }
}
