import Foundation
import MedLabels
import MedPipeline
import MedShards
import MedTestSupport
import Testing

/// The plan's privacy policy: no patient field without a key, keys and sources that hold no path
/// with `--pseudonymize-paths` (pseudonyms checked against Python's `hmac` module).
@Suite("Conversion plan: privacy policy and keys")
struct ConversionPlanTests {
    static let secret = "medpipeline-test-key-0123456789"

    /// A request over a copy of samples/dicom (three DICOM files of patient FAKEID-0042).
    static func request(_ root: String) throws -> ConversionRequest {
        try FileManager.default.copyItem(atPath: Fixtures.sample("dicom"), toPath: root)
        return ConversionRequest(
            inputRoots: [Array(root.utf8)], output: root + "-out",
            split: SplitOptions(fractions: try SplitFractions(parsing: "0.8,0.1,0.1"), seed: 0))
    }

    static func folder() -> String {
        TemporaryFolder.path("plan")
    }

    @Test("DICOM inputs without a pseudonym key are refused, unless no patient field is written")
    func missingKey() throws {
        let root = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var request = try Self.request(root)
        let error = #expect(throws: ShardError.self) { try ConversionPlan.make(request) }
        #expect(error?.code == .missingKey)
        #expect(error?.path == "--pseudonym-key")
        request.writesPatientID = false
        let plan = try ConversionPlan.make(request)
        #expect(plan.inputs.count == 3)
        #expect(plan.transform.pseudonymizer == nil)
    }

    @Test("--pseudonymize-paths needs the key, and then keys and sources are the paths' HMACs")
    func pathPseudonyms() throws {
        let root = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var request = try Self.request(root)
        request.pseudonymizesPaths = true
        request.writesPatientID = false
        let error = #expect(throws: ShardError.self) { try ConversionPlan.make(request) }
        #expect(error?.code == .missingKey)
        request.pseudonymKey = Self.secret
        let plan = try ConversionPlan.make(request)
        // Python: hmac.new(secret, b"path\0" + name, sha256).hexdigest()[:32]
        let expected = [
            "chest_cr_monochrome1_window.dcm": "fdb49aaa8a0c58e523c8f5cc67aa4732",
            "chest_ct_jpeg_lossless.dcm": "c824fcae780a7807199867b322a0b2d3",
            "chest_dx_monochrome2_16bit.dcm": "a4f456932a9304b4426d08b0edc2e613",
        ]
        #expect(plan.inputs.count == 3)
        for input in plan.inputs {
            #expect(input.key == expected[input.file.relativePath])
            #expect(input.source == input.key)
        }
        #expect(plan.transform.pathCheck == nil)
        let parameters = String(decoding: try ManifestCoding.line(plan.parameters), as: UTF8.self)
        #expect(parameters.contains("\"pathsPseudonymized\":true"))
        #expect(parameters.contains("\"patientField\":false"))
        // Python: hmac.new(secret, b"medprep key check", sha256).hexdigest()[:32]
        #expect(parameters.contains("\"pseudonymKeyCheck\":\"ef987cbe08bdd03e55bd9a5103563e13\""))
        #expect(!parameters.contains("chest_"))
    }

    @Test("One patient's DICOM files share a split without a label table")
    func patientSplit() throws {
        let root = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var request = try Self.request(root)
        request.pseudonymKey = Self.secret
        for seed in 0..<8 as Range<UInt64> {
            request.split.seed = seed
            let plan = try ConversionPlan.make(request)
            #expect(Set(plan.inputs.map(\.split)).count == 1, "seed \(seed)")
            #expect(plan.transform.pseudonymizer != nil)
        }
    }

    @Test("With one split every input goes to it, whatever its patient (no file is opened to find one)")
    func singleSplit() throws {
        let root = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var request = try Self.request(root)
        request.writesPatientID = false
        for (text, split) in [("1,0,0", "train"), ("0,1,0", "val"), ("0,0,1", "test")] {
            request.split.fractions = try SplitFractions(parsing: text)
            for seed in 0..<4 as Range<UInt64> {
                request.split.seed = seed
                let plan = try ConversionPlan.make(request)
                #expect(plan.inputs.count == 3)
                #expect(plan.inputs.allSatisfy { $0.split == split }, "\(text), seed \(seed)")
            }
        }
    }
}
