import Foundation
import MedTestSupport
import Testing

/// Warnings and reduced-resolution decoding as a user sees them: `inspect` and KEY.json.
@Suite("medprep inspect and convert: decode warnings and decodedScale", .serialized)
struct DecodeWarningCommandTests {
    @Test("inspect prints the warning of a file with a fault after Pixel Data, and --json carries it")
    func inspectWarning() throws {
        let path = Fixtures.fixture("dicom/trailing_stray_delimiter.dcm")
        let text = try CommandRunner.medprep(["inspect", path])
        #expect(text.status == 0)
        #expect(text.stdout.contains("  warning       8 bytes after Pixel Data"))
        let json = try CommandRunner.medprep(["inspect", "--json", path])
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect((reports.first?["warnings"] as? [String])?.count == 1)
        let clean = try CommandRunner.medprep(["inspect", "--json", Fixtures.fixture("dicom/mono12_rle.dcm")])
        #expect(!clean.stdout.contains("\"warnings\""))
    }

    @Test(
        "convert records decodedScale for a JPEG 2000 decoded at 1/2, none with --full-resolution-decode, and warnings")
    func keyJSON() throws {
        let input = TemporaryFolder.path("j2k-in")
        let reduced = TemporaryFolder.path("j2k-reduced"), full = TemporaryFolder.path("j2k-full")
        defer { [input, reduced, full].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        for name in ["j2k_fragmented.dcm", "jpeg_invalid_scan_header.dcm"] {
            try FileManager.default.copyItem(atPath: Fixtures.fixture("dicom/\(name)"), toPath: "\(input)/\(name)")
        }
        let common = [input, "--size", "64", "--split", "1,0,0", "--no-progress", "--no-patient-id"]
        #expect(try ConvertCommandTests.convert(common + ["--out", reduced]).status == 0)
        #expect(try ConvertCommandTests.convert(common + ["--out", full, "--full-resolution-decode"]).status == 0)
        func records(_ folder: String) -> [String: [String: Any]] {
            var result: [String: [String: Any]] = [:]
            for (name, bytes) in TemporaryFolder.files(in: folder) where name.hasSuffix(".tar") {
                for record in ConvertCommandTests.jsonMembers(bytes) { result[record["key"] as? String ?? ""] = record }
            }
            return result
        }
        let fast = records(reduced), slow = records(full)
        // 244x300 to 64x64: 1/2 (122x150) still covers 64; 1/4 (61x75) would not.
        #expect(fast["j2k_fragmented"]?["decodedScale"] as? Int == 2)
        #expect(slow["j2k_fragmented"]?["decodedScale"] == nil)
        #expect((fast["jpeg_invalid_scan_header"]?["warnings"] as? [String])?.first?.contains("Ss 0 and Se 0") == true)
        #expect(fast["jpeg_invalid_scan_header"]?["decodedScale"] == nil)
    }
}
