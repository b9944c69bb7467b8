import Foundation
import MedTestSupport
import Testing

/// The reproducers of issue 14 (Tests/Fixtures/generate_hostile.py writes them): each once crashed
/// or trapped the process; now each is read or refused, and a batch holding it converts the rest.
@Suite("medprep survives hostile inputs")
struct HostileInputTests {
    static let wrongVRFiles = ["fg_per_frame_as_ds.dcm", "fg_shared_as_lo.dcm", "fg_transformation_as_is.dcm"]

    /// Stored values the generator wrote: `(i * 17) % 4096` for the 16x8 pixels, computed here.
    static let storedValues = (0..<128).map { ($0 * 17) % 4096 }

    func inspectJSON(_ path: String) throws -> (status: Int32, object: [String: Any]) {
        let run = try CommandRunner.medprep(["inspect", "--json", path])
        let array = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
        return (run.status, try #require(array?.first, "\(run.stderr)"))
    }

    @Test("A functional-group sequence tag written as DS, LO or IS is not present, not a crash", arguments: wrongVRFiles)
    func wrongVRFunctionalGroups(name: String) throws {
        let path = Fixtures.fixture("hostile/" + name)
        let (status, summary) = try inspectJSON(path)
        #expect(status == 0)
        let stored = try #require(summary["stored"] as? [String: Any])
        #expect(stored["min"] as? Double == Double(Self.storedValues.min()!))
        #expect(stored["max"] as? Double == Double(Self.storedValues.max()!))
        let out = TemporaryFolder.path("hostile") + ".npy"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let decode = try CommandRunner.medprep(["decode", path, "--values", "presentation", "--out", out])
        #expect(decode.status == 0, "\(decode.stderr)")
        let npy = try #require(FileManager.default.contents(atPath: out))
        #expect(npy.count == 128 * 4 + 128, "a 16x8 float32 array after a 128-byte NPY header")
    }

    @Test("A convert batch of the wrong-VR files, slope 1e300 files and a good PNG converts them all")
    func batchFinishes() throws {
        let root = TemporaryFolder.path("hostile")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let input = root + "/in"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        let names = Self.wrongVRFiles + ["rescale_slope_1e300_voi_lut.dcm", "rescale_slope_1e300_window.dcm", "good.png"]
        for name in names {
            try FileManager.default.copyItem(atPath: Fixtures.fixture("hostile/" + name), toPath: input + "/" + name)
        }
        for format in ["png8", "npy-f16"] {
            let out = root + "/out-" + format
            let run = try CommandRunner.medprep([
                "convert", input, "--out", out, "--format", format, "--no-progress", "--no-patient-id",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let manifest = String(decoding: FileManager.default.contents(atPath: out + "/manifest.json") ?? Data(), as: UTF8.self)
            for name in names { #expect(manifest.contains(name), "\(name) missing from the \(format) manifest") }
            #expect(!FileManager.default.fileExists(atPath: out + "/errors.jsonl")
                || (FileManager.default.contents(atPath: out + "/errors.jsonl")?.isEmpty ?? true))
        }
    }

    @Test("Rescale slope 1e300 with a VOI LUT: modality values past the table take its last entry")
    func hugeSlopeThroughVOILUT() throws {
        let (status, summary) = try inspectJSON(Fixtures.fixture("hostile/rescale_slope_1e300_voi_lut.dcm"))
        #expect(status == 0)
        // Stored 0 maps to modality 0, LUT entry 0 (0 of 255); every other pixel to 17e300 and up,
        // past the 256-entry table, so to its last entry 255: presentation 1 for 127 of 128 pixels.
        let presentation = try #require(summary["presentation"] as? [String: Any])
        #expect(presentation["min"] as? Double == 0)
        #expect(presentation["max"] as? Double == 1)
        let mean = try #require(presentation["mean"] as? Double)
        #expect(abs(mean - 127.0 / 128.0) < 1e-6)
    }

    @Test("A deflated data set whose element claims 4.2 GB is truncated where its inflated bytes end")
    func deflatedHugeElement() throws {
        let (status, summary) = try inspectJSON(Fixtures.fixture("hostile/fuzz_deflated_element_4GB.dcm"))
        #expect(status != 0)
        let error = try #require(summary["error"] as? [String: Any])
        #expect(error["code"] as? String == "truncated", "\(error)")
    }

    @Test("The deflated fixture still decodes to pydicom's values")
    func deflatedStillDecodes() throws {
        let (status, summary) = try inspectJSON(Fixtures.fixture("dicom/mono12_deflated.dcm"))
        #expect(status == 0)
        let stored = try #require(summary["stored"] as? [String: Any])
        // Tests/Fixtures/dicom/mono12.npy holds pydicom's pixel_array of the same image: 0 to 4095.
        #expect(stored["min"] as? Double == 0)
        #expect(stored["max"] as? Double == 4095)
    }
}
