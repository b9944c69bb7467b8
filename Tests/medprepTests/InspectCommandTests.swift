import Foundation
import MedTestSupport
import Testing

@Suite("medprep inspect and decode, run as a user would")
struct InspectCommandTests {
    @Test("inspect reports every file, then fails the run if any file failed")
    func reportsEveryFile() throws {
        let empty = TemporaryFolder.path("empty") + ".dcm"
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let good = Fixtures.fixture("png/gray16.png")
        let result = try CommandRunner.medprep(["inspect", empty, good])
        #expect(result.status != 0)
        #expect(result.stdout.contains("\(empty)\n  error         empty: the file is empty (0 bytes)"))
        #expect(result.stdout.contains("\(good)\n  format        PNG"))
        #expect(result.stdout.contains("1 of 2 files decoded, 1 failed"))
    }

    @Test("inspect --json gives statistics an independent computation agrees with")
    func jsonStatistics() throws {
        let path = Fixtures.fixture("png/gray16.png")
        let result = try CommandRunner.medprep(["inspect", "--json", path])
        #expect(result.status == 0)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let stored = try #require(reports.first?["stored"] as? [String: Double])
        // value(x, y) = (x * 1237 + y * 4099) mod 65536 over 37 x 23 pixels, recomputed here.
        let values = (0..<23).flatMap { y in (0..<37).map { x in Double((x * 1237 + y * 4099) % 65536) } }
        #expect(stored["min"] == values.min())
        #expect(stored["max"] == values.max())
        #expect(abs((stored["mean"] ?? 0) - values.reduce(0, +) / Double(values.count)) < 1e-6)
        let metadata = try #require(reports.first?["metadata"] as? [String: Any])
        #expect(metadata["width"] as? Int == 37 && metadata["height"] as? Int == 23)
        #expect(metadata["format"] as? String == "png")
    }

    @Test("decode --values stored writes a .npy numpy reads back exactly")
    func decodeStoredNPY() throws {
        let out = TemporaryFolder.path("decode") + ".npy"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try CommandRunner.medprep(["decode", Fixtures.fixture("png/gray16.png"), "--values", "stored",
                                                "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let array = try #require(NPYArray(path: out))
        #expect(array.descriptor == "<u2")
        #expect(array.shape == [23, 37])
        let values = (0..<23).flatMap { y in (0..<37).map { x in Double((x * 1237 + y * 4099) % 65536) } }
        #expect(array.doubles == values)
    }

    @Test("decode of an unknown file names it and fails")
    func decodeFails() throws {
        let bad = TemporaryFolder.path("unknown") + ".dcm"
        _ = FileManager.default.createFile(atPath: bad, contents: Data("not an image at all".utf8))
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let result = try CommandRunner.medprep(["decode", bad, "--out", bad + ".npy"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(bad) at offset 0: not DICOM, PNG or JPEG"))
        #expect(!FileManager.default.fileExists(atPath: bad + ".npy"))
    }

    @Test("inspect hides the patient ID unless --show-phi is given, in text and JSON")
    func patientIDHidden() throws {
        let path = Fixtures.sample("dicom/chest_dx_monochrome2_16bit.dcm")
        for arguments in [["inspect", path], ["inspect", "--json", path]] {
            let result = try CommandRunner.medprep(arguments)
            #expect(result.status == 0)
            for phi in ["FAKEID-0042", "FAKE^PATIENT", "19010101", "FAKE INSTITUTION", "FAKEACC-0042"] {
                #expect(!result.stdout.contains(phi) && !result.stderr.contains(phi), "\(phi) leaked by \(arguments)")
            }
        }
        let shown = try CommandRunner.medprep(["inspect", "--show-phi", path])
        #expect(shown.stdout.contains("patient ID    FAKEID-0042"))
    }

    @Test("inspect describes a DICOM: syntax, bits, photometric, spacing source and the file's windows")
    func dicomDescription() throws {
        let result = try CommandRunner.medprep(["inspect", Fixtures.sample("dicom/chest_ct_jpeg_lossless.dcm")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("DICOM, JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [SV1]) (1.2.840.10008.1.2.4.70)"))
        #expect(result.stdout.contains("12 stored in 16, signed"))
        #expect(result.stdout.contains("(PixelSpacing)"))
        #expect(result.stdout.contains("center -600 width 1500 LINEAR \"LUNG\""))
    }
}
