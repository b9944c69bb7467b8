import Foundation
import MedImage
import MedKernels
import MedLabels
import MedPipeline
import MedShards
import MedTestSupport
import Testing

/// The `KEY.json` schema and the no-PHI policy, checked on the sample DICOMs, whose patient fields
/// are fake and recognisable (samples/README.md), and against values read by pydicom and HMACs
/// computed by Python's `hmac` module.
@Suite("KEY.json schema and privacy policy")
struct SampleMetadataTests {
    static let secret = "medpipeline-test-key-0123456789"

    /// The fake identifying values of samples/dicom/*.dcm (samples/README.md).
    static let fakePHI = [
        "FAKE^PATIENT^MEDPREP", "FAKEID-0042", "19010101", "FAKE INSTITUTION MEDPREP", "FAKEACC-0042", "FAKE",
    ]

    /// Every field KEY.json may hold (SampleMetadata's documented schema).
    static let schema: Set<String> = [
        "key", "split", "format", "originalSize", "size", "spacing", "view", "modality", "sourceSHA256",
        "sourceBLAKE3", "grayFrom", "patient", "labels", "mask", "findings", "cls", "extras", "augmentation",
        "warnings", "decodedScale", "quality",
    ]

    /// Decodes a sample file and runs a 64-pixel resize on it, as `convert --size 64` does.
    static func prepared(_ name: String) throws -> (DecodedImage, PipelineResult) {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.sample(name))))
        let decoded = try ImageDecoder.decode(bytes, path: name)
        var preprocessor = Preprocessor(
            PipelineDescription(resize: ResizeDescription(geometry: .stretch(width: 64, height: 64))))
        let result = preprocessor.run(
            decoded.stored, modality: decoded.modalityLUT, photometric: decoded.storedPhotometric,
            fileWindow: decoded.windows.first, sampleKey: "k")
        return (decoded, result)
    }

    /// The JSON object KEY.json holds for `metadata`, as the shard writer encodes it.
    static func object(_ metadata: SampleMetadata) throws -> [String: Any] {
        let line = try ManifestCoding.line(metadata)
        return try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
    }

    static let digest = SourceDigest(hash: .sha256, hex: String(repeating: "ab", count: 32))

    @Test("A DICOM sample's KEY.json holds only schema fields, with pydicom's values, and no fake PHI")
    func dicomFields() throws {
        let (decoded, result) = try Self.prepared("dicom/chest_dx_monochrome2_16bit.dcm")
        let metadata = SampleMetadata(
            key: "k", split: "train", decoded: decoded, result: result, label: nil, vocabulary: nil,
            sourceDigest: Self.digest, pseudonymizer: try Pseudonymizer(secret: Self.secret))
        let line = String(decoding: try ManifestCoding.line(metadata), as: UTF8.self)
        let json = try Self.object(metadata)
        #expect(Set(json.keys).isSubset(of: Self.schema), "\(Set(json.keys).subtracting(Self.schema))")
        // pydicom: Rows 512, Columns 512, Modality DX, ViewPosition PA, PixelSpacing [0.18, 0.18].
        #expect(json["originalSize"] as? [Int] == [512, 512])
        #expect(json["size"] as? [Int] == [64, 64])
        #expect(json["format"] as? String == "dicom")
        #expect(json["modality"] as? String == "DX")
        #expect(json["view"] as? String == "PA")
        let spacing = try #require(json["spacing"] as? [String: Any])
        #expect(spacing["row"] as? Double == 0.18 && spacing["column"] as? Double == 0.18)
        #expect(json["sourceSHA256"] as? String == Self.digest.hex)
        #expect(json["sourceBLAKE3"] == nil)
        // Python: hmac.new(secret, b"FAKEID-0042", sha256).hexdigest()[:32]
        #expect(json["patient"] as? String == "353b7cb97107e1ae80e0f92f4cfa0f80")
        for phi in Self.fakePHI { #expect(!line.contains(phi), "KEY.json holds \(phi)") }
    }

    @Test("Without a pseudonymizer there is no patient field at all", arguments: [
        "dicom/chest_dx_monochrome2_16bit.dcm", "dicom/chest_cr_monochrome1_window.dcm",
        "dicom/chest_ct_jpeg_lossless.dcm", "png/chest_like_16bit.png", "jpeg/chest_like_1160x1414.jpg",
    ])
    func noPatientWithoutKey(name: String) throws {
        let (decoded, result) = try Self.prepared(name)
        let metadata = SampleMetadata(
            key: "k", split: "val", decoded: decoded, result: result, label: nil, vocabulary: nil,
            sourceDigest: Self.digest, pseudonymizer: nil)
        let line = String(decoding: try ManifestCoding.line(metadata), as: UTF8.self)
        let json = try Self.object(metadata)
        #expect(json["patient"] == nil)
        #expect(Set(json.keys).isSubset(of: Self.schema))
        for phi in Self.fakePHI { #expect(!line.contains(phi), "KEY.json holds \(phi)") }
    }

    @Test("A label row's patient id is pseudonymized in preference to the file's, and labels follow the vocabulary")
    func labelRow() throws {
        let (decoded, result) = try Self.prepared("dicom/chest_cr_monochrome1_window.dcm")
        let row = """
            {"imageIndex": 0, "image": {"relativePath": "a.dcm", "absolutePath": "/x/a.dcm"},
             "labels": [1, 0, 1], "mask": [1, 1, 0], "patientID": "label-patient-7", "split": "test",
             "splitIsOfficial": false, "extras": {"age": 61}, "source": {"path": "t.csv", "line": 2}}
            """
        let label = try JSONDecoder().decode(LabeledSample.self, from: Data(row.utf8))
        let vocabulary = LabelVocabulary(names: ["Effusion", "Mass", "Nodule"])
        let metadata = SampleMetadata(
            key: "k", split: "test", decoded: decoded, result: result, label: label, vocabulary: vocabulary,
            sourceDigest: Self.digest, pseudonymizer: try Pseudonymizer(secret: Self.secret))
        let line = String(decoding: try ManifestCoding.line(metadata), as: UTF8.self)
        let json = try Self.object(metadata)
        // Python: hmac.new(secret, b"label-patient-7", sha256).hexdigest()[:32]
        #expect(json["patient"] as? String == "97481bc8368d9afc48dc1954c610df13")
        #expect(json["labels"] as? [Int] == [1, 0, 1])
        #expect(json["mask"] as? [Int] == [1, 1, 0])
        #expect(json["findings"] as? [String] == ["Effusion", "Nodule"])
        #expect((json["extras"] as? [String: Any])?["age"] as? Int == 61)
        #expect(json["view"] as? String == "AP")  // pydicom: ViewPosition AP
        #expect(!line.contains("label-patient-7"))
        for phi in Self.fakePHI { #expect(!line.contains(phi), "KEY.json holds \(phi)") }
    }
}
