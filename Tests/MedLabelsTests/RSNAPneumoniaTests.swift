import MedLabels
import Testing

@Suite("RSNA Pneumonia adapter")
struct RSNAPneumoniaTests {
    static let labels = lines([
        "patientId,x,y,width,height,Target",
        "0004cfab-14fd-4e49-80ba-63a80b6bddd6,,,,,0",
        "00313ee0-9eaa-42f4-b0ab-c148ed3241cd,,,,,0",
        "00322d4d-1c29-4943-afc9-b6754be640eb,,,,,0",
        "003d8fa0-6bf1-40ed-b54c-ac657f8495c5,,,,,0",
        "00436515-870c-4b36-a041-de91049b9ab4,264.0,152.0,213.0,379.0,1",
        "00436515-870c-4b36-a041-de91049b9ab4,562.0,152.0,256.0,453.0,1",
    ])
    static let classes = lines([
        "patientId,class",
        "0004cfab-14fd-4e49-80ba-63a80b6bddd6,No Lung Opacity / Not Normal",
        "00313ee0-9eaa-42f4-b0ab-c148ed3241cd,No Lung Opacity / Not Normal",
        "00322d4d-1c29-4943-afc9-b6754be640eb,No Lung Opacity / Not Normal",
        "003d8fa0-6bf1-40ed-b54c-ac657f8495c5,Normal",
        "00436515-870c-4b36-a041-de91049b9ab4,Lung Opacity",
        "00436515-870c-4b36-a041-de91049b9ab4,Lung Opacity",
    ])
    static let listing = images([
        "stage_2_train_images/0004cfab-14fd-4e49-80ba-63a80b6bddd6.dcm",
        "stage_2_train_images/00313ee0-9eaa-42f4-b0ab-c148ed3241cd.dcm",
        "stage_2_train_images/00322d4d-1c29-4943-afc9-b6754be640eb.dcm",
        "stage_2_train_images/003d8fa0-6bf1-40ed-b54c-ac657f8495c5.dcm",
        "stage_2_train_images/00436515-870c-4b36-a041-de91049b9ab4.dcm",
        "stage_2_test_images/000db696-cf54-4385-b10b-6b16fbb3f985.dcm",
    ])

    @Test("rows fold per patientId; boxes and class index come through")
    func fold() throws {
        let folder = FixtureFolder()
        let adapter = RSNAPneumoniaLabels(
            labels: folder.write("stage_2_train_labels.csv", Self.labels),
            classInfo: folder.write("stage_2_detailed_class_info.csv", Self.classes))
        let join = try LabelJoiner.join(images: Self.listing, adapter: adapter, split: splitOptions())
        #expect(join.vocabulary.isSingleLabel)
        #expect(join.samples.map(\.classIndex) == [1, 1, 1, 0, 2])
        #expect(join.samples[4].labels == [0, 0, 1])
        #expect(
            join.samples[4].extras["boxes"]
                == .array([
                    .object(["x": .double(264), "y": .double(152), "width": .double(213), "height": .double(379)]),
                    .object(["x": .double(562), "y": .double(152), "width": .double(256), "height": .double(453)]),
                ]))
        #expect(join.samples[0].extras["boxes"] == .array([]))
        #expect(join.report.imagesWithoutRows == ["stage_2_test_images/000db696-cf54-4385-b10b-6b16fbb3f985.dcm"])
        #expect(join.report.duplicateRows.isEmpty && join.report.conflicts.isEmpty)
        #expect(join.report.rowsRead == 12)
    }

    @Test("Target disagreeing with class is a conflict and the image is left out")
    func targetClassConflict() throws {
        let folder = FixtureFolder()
        let classes = Self.classes.replacingOccurrences(
            of: "003d8fa0-6bf1-40ed-b54c-ac657f8495c5,Normal",
            with: "003d8fa0-6bf1-40ed-b54c-ac657f8495c5,Lung Opacity")
        let adapter = RSNAPneumoniaLabels(
            labels: folder.write("l.csv", Self.labels), classInfo: folder.write("c.csv", classes))
        let join = try LabelJoiner.join(images: Self.listing, adapter: adapter, split: splitOptions())
        #expect(join.samples.count == 4)
        #expect(join.report.conflicts.map(\.key) == ["003d8fa0-6bf1-40ed-b54c-ac657f8495c5"])
        #expect(join.report.conflicts.first?.sources.map(\.line) == [5, 5])
    }

    @Test("a box with Target 0 is an error at its line")
    func boxWithTargetZero() throws {
        let folder = FixtureFolder()
        let text = Self.labels.replacingOccurrences(
            of: "00313ee0-9eaa-42f4-b0ab-c148ed3241cd,,,,,0",
            with: "00313ee0-9eaa-42f4-b0ab-c148ed3241cd,1,2,3,4,0")
        let error = #expect(throws: LabelError.self) {
            try RSNAPneumoniaLabels(labels: folder.write("l.csv", text)).table()
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.line == 3)
        #expect(error?.column == 2)
    }

    @Test("a patient with a Target row but no class row is reported once, as a row without labels")
    func withoutClassRow() throws {
        let folder = FixtureFolder()
        let classes = Self.classes.replacingOccurrences(
            of: "00313ee0-9eaa-42f4-b0ab-c148ed3241cd,No Lung Opacity / Not Normal\n", with: "")
        let adapter = RSNAPneumoniaLabels(
            labels: folder.write("l.csv", Self.labels), classInfo: folder.write("c.csv", classes))
        let join = try LabelJoiner.join(images: Self.listing, adapter: adapter, split: splitOptions())
        #expect(join.samples.count == 4)
        #expect(join.report.rowsWithoutLabels.map(\.key) == ["00313ee0-9eaa-42f4-b0ab-c148ed3241cd"])
        #expect(join.report.imagesWithoutRows == ["stage_2_test_images/000db696-cf54-4385-b10b-6b16fbb3f985.dcm"])
        #expect(join.report.rowsWithoutImages.isEmpty)
    }
}
