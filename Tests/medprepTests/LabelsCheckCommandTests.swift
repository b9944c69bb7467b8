import Foundation
import MedTestSupport
import Testing

@Suite("medprep labels check, run as a user would")
struct LabelsCheckCommandTests {
    @Test("a generic CSV joined to a folder: hidden files skipped, the missing image reported with its line, --strict fails")
    func genericReport() throws {
        let root = TemporaryFolder.path("labels")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/img/sub", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.fixture("png/gray8.png"), toPath: root + "/img/a.png")
        try FileManager.default.copyItem(atPath: Fixtures.fixture("png/gray16.png"), toPath: root + "/img/sub/b.png")
        try FileManager.default.copyItem(atPath: Fixtures.fixture("png/rgb8.png"), toPath: root + "/img/.hidden.png")
        try "file,finding,patient\r\na.png,Effusion,P1\r\nb.png,No Finding,P2\r\nc.png,Mass,P3\r\n"
            .write(toFile: root + "/labels.csv", atomically: true, encoding: .utf8)
        let arguments = ["labels", "check", "--dataset", "generic", "--labels", root + "/labels.csv", "--key-column", "file",
                         "--class-column", "finding", "--patient-column", "patient", "--images", root + "/img", "--json"]
        let result = try CommandRunner.medprep(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["imagesListed"] as? Int == 2)
        #expect(report["imagesMatched"] as? Int == 2)
        let missing = try #require(report["rowsWithoutImages"] as? [[String: Any]])
        #expect(missing.count == 1)
        #expect("\(missing)".contains("c.png") && "\(missing)".contains("4"))
        let counts = try #require(report["labelCountsPerSplit"] as? [String: [String: Int]])
        #expect((counts.values.map { $0["Effusion"] ?? 0 }.reduce(0, +)) == 1)
        #expect((counts.values.map { $0["Mass"] ?? 0 }.reduce(0, +)) == 0)
        let strict = try CommandRunner.medprep(arguments + ["--strict"])
        #expect(strict.status == 2)
    }
}
