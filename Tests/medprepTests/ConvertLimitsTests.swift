import Foundation
import MedTestSupport
import Testing

/// Inputs that must be refused with a clear record instead of exhausting memory or crashing.
@Suite("medprep convert refuses what it cannot convert faithfully")
struct ConvertLimitsTests {
    @Test("a 65535x1 strip resized by its shorter side is refused as tooLarge; the batch goes on")
    func hugeCanvasRefused() throws {
        let root = TemporaryFolder.path("limits")
        let input = root + "/in", out = root + "/out"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.fixture("png/strip_65535x1.png"), toPath: input + "/strip.png")
        try FileManager.default.copyItem(atPath: Fixtures.fixture("png/gray8.png"), toPath: input + "/gray8.png")
        let result = try CommandRunner.medprep([
            "convert", input, "--out", out, "--size", "512", "--geometry", "shorter", "--no-progress", "--no-patient-id",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let log = String(decoding: FileManager.default.contents(atPath: out + "/errors.jsonl") ?? Data(), as: UTF8.self)
        let records = log.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(records.count == 1)
        #expect(records.first?["path"] as? String == "strip.png")
        #expect(records.first?["code"] as? String == "tooLarge")
        #expect((records.first?["reason"] as? String)?.contains("65535x1") == true)
        let manifest = try #require(FileManager.default.contents(atPath: out + "/manifest.json"))
        #expect(String(decoding: manifest, as: UTF8.self).contains("gray8"))
    }

    @Test("--help shows the shard byte limit as the flag takes it, and that spelling parses back")
    func shardBytesDefaultSpelling() throws {
        let help = try CommandRunner.medprep(["convert", "--help"])
        #expect(help.status == 0)
        let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("Most bytes per shard (suffix K, M, G). (default: 512M)"), "\(help.stdout)")
        let root = TemporaryFolder.path("bytes")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try CommandRunner.medprep([
            "convert", Fixtures.fixture("png/gray8.png"), "--out", root, "--shard-bytes", "512M", "--no-progress",
            "--no-patient-id", "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let manifest = try #require(FileManager.default.contents(atPath: root + "/manifest.json"))
        let pipeline = String(decoding: manifest, as: UTF8.self)
        #expect(pipeline.contains("536870912"), "the manifest records the limit in bytes")
    }
}
