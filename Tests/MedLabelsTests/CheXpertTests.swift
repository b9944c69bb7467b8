@testable import MedLabels
import Testing

@Suite("CheXpert adapter")
struct CheXpertTests {
    static let header =
        "Path,Sex,Age,Frontal/Lateral,AP/PA,No Finding,Enlarged Cardiomediastinum,Cardiomegaly,"
        + "Lung Opacity,Lung Lesion,Edema,Consolidation,Pneumonia,Atelectasis,Pneumothorax,Pleural Effusion,"
        + "Pleural Other,Fracture,Support Devices"
    static let train = lines([
        header,
        "CheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg,Female,68,Frontal,AP,1.0,,,,,,,,,0.0,,,,1.0",
        "CheXpert-v1.0-small/train/patient00002/study2/view1_frontal.jpg,Female,87,Frontal,AP,,,-1.0,1.0,,-1.0,-1.0,,-1.0,,-1.0,,1.0,",
        "CheXpert-v1.0-small/train/patient00002/study1/view1_frontal.jpg,Female,83,Frontal,AP,,,,1.0,,,-1.0,,,,,,1.0,",
        "CheXpert-v1.0-small/train/patient00002/study1/view2_lateral.jpg,Female,83,Lateral,,,,,1.0,,,-1.0,,,,,,1.0,",
    ])
    static let valid = lines([
        header,
        "CheXpert-v1.0-small/valid/patient64541/study1/view1_frontal.jpg,Male,73,Frontal,AP,0.0,1.0,1.0,1.0,0.0,1.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0",
    ])
    static let relative = [
        "train/patient00001/study1/view1_frontal.jpg", "train/patient00002/study2/view1_frontal.jpg",
        "train/patient00002/study1/view1_frontal.jpg", "train/patient00002/study1/view2_lateral.jpg",
        "valid/patient64541/study1/view1_frontal.jpg",
    ]

    @Test(
        "paths match by suffix whatever the local root",
        arguments: ["", "CheXpert-v1.0-small/", "data/CheXpert-v1.0-small/"])
    func suffixMatch(root: String) throws {
        let folder = FixtureFolder()
        let adapter = CheXpertLabels(tables: [
            folder.write("train.csv", Self.train), folder.write("valid.csv", Self.valid),
        ])
        let join = try LabelJoiner.join(
            images: images(Self.relative.map { root + $0 }), adapter: adapter,
            split: splitOptions())
        #expect(join.samples.count == 5)
        #expect(join.report.isClean)
        #expect(
            join.samples.map(\.patientID) == [
                "patient00001", "patient00002", "patient00002", "patient00002",
                "patient64541",
            ])
        #expect(join.samples[4].split == .val && join.samples[4].splitIsOfficial)
        #expect(join.samples[0..<4].allSatisfy { $0.split != .val })
        #expect(Set(join.samples[1...3].map(\.split)).count == 1)
    }

    @Test("uncertainty policies apply per class and blank is its own state")
    func policies() throws {
        let folder = FixtureFolder()
        let policy = ObservationPolicy(
            uncertain: .ignore, perClass: ["Atelectasis": .ones, "Edema": .zeros],
            blank: .negative)
        let table = try CheXpertLabels(tables: [folder.write("train.csv", Self.train)], policy: policy).table()
        let record = table.records[1]
        let names = CheXpertLabels.vocabulary.names
        func value(_ name: String) -> (UInt8, UInt8) {
            let index = names.firstIndex(of: name) ?? 0
            return (record.labels[index], record.mask?[index] ?? 1)
        }
        #expect(value("Cardiomegaly") == (0, 0))
        #expect(value("Atelectasis") == (1, 1))
        #expect(value("Edema") == (0, 1))
        #expect(value("Lung Opacity") == (1, 1))
        #expect(value("No Finding") == (0, 1))
        guard case .array(let states)? = record.extras["states"] else {
            Issue.record("no states")
            return
        }
        #expect(states[names.firstIndex(of: "Cardiomegaly") ?? 0] == .string("uncertain"))
        #expect(states[0] == .string("blank"))
        #expect(record.extras["path"] == nil)
        let ignoringBlank = try CheXpertLabels(
            tables: [folder.write("train2.csv", Self.train)],
            policy: ObservationPolicy(blank: .ignore)
        ).table()
        #expect(ignoringBlank.records[1].mask?[0] == 0)
    }

    @Test("a value other than 1.0, 0.0, -1.0 or blank is an error at its cell")
    func badValue() throws {
        let folder = FixtureFolder()
        let text = Self.train.replacingOccurrences(of: "Lateral,,,,,1.0", with: "Lateral,,,,,2.0")
        let error = #expect(throws: LabelError.self) {
            try CheXpertLabels(tables: [folder.write("train.csv", text)]).table()
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.line == 5)
        #expect(error?.column == 9)
    }
}

@Suite("CheXpert patients from flattened paths")
struct CheXpertFlattenedTests {
    /// A flattened public copy: `chexpert/<split>/patientN_studyM_viewK_frontal.jpg`.
    static func table(patients: Int, studies: Int) -> (text: String, paths: [String]) {
        var rows = [CheXpertTests.header]
        var paths: [String] = []
        for patient in 0..<patients {
            let folder = patient % 5 == 0 ? "valid" : "train"
            for study in 1...studies {
                let name = String(format: "patient%05d_study%d_view1_frontal.jpg", 64541 + patient, study)
                paths.append("\(folder)/\(name)")
                rows.append("chexpert/\(folder)/\(name),Male,50,Frontal,AP,1.0,,,,,,,,,,,,,")
            }
        }
        return (lines(rows), paths)
    }

    @Test("the patient is patientNNNNN inside a flattened name, so each patient has one split")
    func flattened() throws {
        let folder = FixtureFolder()
        let (text, paths) = Self.table(patients: 40, studies: 3)
        let adapter = CheXpertLabels(tables: [folder.write("train.csv", text)])
        let join = try LabelJoiner.join(images: images(paths), adapter: adapter, split: splitOptions(0.5, 0.2, 0.3))
        #expect(join.samples.count == 120)
        #expect(join.report.isClean)
        // 40 patients, counted from the fixture's construction, not from the adapter.
        #expect(join.report.patientsPerSplit.values.reduce(0, +) == 40)
        #expect(Set(join.samples.map(\.patientID)).count == 40)
        #expect(join.samples.allSatisfy { $0.patientID.hasPrefix("patient") && $0.patientID.count == 12 })
        #expect(join.report.patientsInSeveralSplits.isEmpty)
        #expect(PatientSplitter.leaks(in: join.samples).isEmpty)
        #expect(join.samples.filter { $0.image.relativePath.hasPrefix("valid/") }.allSatisfy { $0.split == .val })
        #expect(join.report.patientSource == "patientNNNNN in Path")
    }

    @Test("a Path without patientNNNNN, or with two, is refused with a reason and its image is not listed twice")
    func refused() throws {
        let folder = FixtureFolder()
        let text = lines([
            CheXpertTests.header,
            "chexpert/valid/patient00001_study1_view1_frontal.jpg,Male,50,Frontal,AP,1.0,,,,,,,,,,,,,",
            "chexpert/valid/scan_0002.jpg,Male,50,Frontal,AP,1.0,,,,,,,,,,,,,",
            "chexpert/patient00003/patient00004_study1_view1_frontal.jpg,Male,50,Frontal,AP,1.0,,,,,,,,,,,,,",
            "chexpert/valid/outpatient00005.jpg,Male,50,Frontal,AP,1.0,,,,,,,,,,,,,",
        ])
        let adapter = CheXpertLabels(tables: [folder.write("valid.csv", text)])
        let join = try LabelJoiner.join(
            images: images([
                "valid/patient00001_study1_view1_frontal.jpg", "valid/scan_0002.jpg",
                "patient00003/patient00004_study1_view1_frontal.jpg", "valid/outpatient00005.jpg",
            ]), adapter: adapter, split: splitOptions())
        #expect(join.samples.count == 1)
        #expect(join.report.refusedRows.map(\.source.line) == [3, 4, 5])
        #expect(join.report.refusedRows[1].reason?.contains("two patients") == true)
        #expect(join.report.refusedRows[0].reason?.contains("no patientNNNNN") == true)
        #expect(join.report.imagesWithoutRows.isEmpty)
        #expect(!join.report.isClean)
    }

    @Test("patientNNNNN is found as a folder, at the start of a name, and not inside a longer word")
    func patientToken() {
        func id(_ path: String) -> String? {
            if case .found(let patient, _) = CheXpertLabels.patient(in: path) { return String(patient) }
            return nil
        }
        #expect(id("CheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg") == "patient00001")
        #expect(id("chexpert/valid/patient64541_study1_view1_frontal.jpg") == "patient64541")
        #expect(id("x/patient7-view.jpg") == "patient7")
        #expect(id("x/outpatient7.jpg") == nil)
        #expect(id("x/patients/1.jpg") == nil)
        #expect(id("x/patient12a.jpg") == nil)
    }
}
