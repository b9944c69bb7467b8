import Foundation
import MedTestSupport
import Testing

/// End-to-end runs of `medprep bench`: the report's structure and invariants, never its timings.
@Suite("medprep bench, run as a user would", .serialized)
struct BenchCommandTests {
    static let stages = ["read", "hash", "decode", "normalize", "resize", "augment", "encode", "quality", "write"]

    /// Runs `medprep bench ... --json` and returns the decoded report.
    static func report(_ arguments: [String]) throws -> [String: Any] {
        let result = try CommandRunner.medprep(["bench"] + arguments + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func runs(_ report: [String: Any]) -> [[String: Any]] { report["runs"] as? [[String: Any]] ?? [] }

    @Test(
        "Every synthetic kind runs through convert's pipeline: nine stages whose shares sum to 1",
        arguments: ["dicom16", "png8", "jpeg8"])
    func syntheticKinds(kind: String) throws {
        let report = try Self.report([
            "--synthetic", kind, "--count", "3", "--synthetic-size", "72x88", "--size", "32", "--jobs", "2",
            "--repetitions", "2", "--output-formats", "none",
        ])
        let corpus = try #require(report["corpus"] as? [String: Any])
        #expect(corpus["images"] as? Int == 3)
        #expect(corpus["skipped"] as? Int == 0)
        #expect((corpus["bytes"] as? Int ?? 0) > 0)
        let runs = Self.runs(report)
        #expect(runs.map { $0["jobs"] as? Int } == [1, 2])
        #expect(runs.first?["scaling"] as? Double == 1)
        for run in runs {
            let stages = run["stages"] as? [[String: Any]] ?? []
            #expect(stages.compactMap { $0["stage"] as? String } == Self.stages)
            let shares = stages.compactMap { $0["share"] as? Double }
            #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
            #expect(shares.allSatisfy { $0 >= 0 })
            // Steps timed inside convert's Preprocessor (normalize, resize) reach the report.
            let ran = stages.filter { ($0["msPerImage"] as? Double ?? 0) > 0 }.compactMap { $0["stage"] as? String }
            #expect(Set(ran).isSuperset(of: ["read", "hash", "decode", "normalize", "resize", "encode", "write"]), "\(ran)")
            let spread = try #require(run["imagesPerSecond"] as? [String: Double])
            let (low, mid, high) = (spread["min"] ?? 0, spread["median"] ?? 0, spread["max"] ?? 0)
            #expect(low > 0 && low <= mid && mid <= high)
            #expect((run["peakRSSMB"] as? Double ?? 0) > 0)
        }
    }

    @Test("Output formats are compared in one run, and PNG level 9 is no larger than level 1")
    func formats() throws {
        let report = try Self.report([
            "--synthetic", "png8", "--count", "2", "--synthetic-size", "64x64", "--size", "48", "--jobs", "1",
            "--repetitions", "1",
        ])
        let formats = report["formats"] as? [[String: Any]] ?? []
        #expect(formats.compactMap { $0["format"] as? String } == ["png8", "png8", "npy-u8", "npy-f16"])
        #expect(formats.compactMap { $0["pngLevel"] as? Int } == [1, 9])
        let bytes = formats.compactMap { $0["bytesPerImage"] as? Double }
        #expect(bytes.count == 4)
        #expect(bytes[1] <= bytes[0])
        // 48x48 samples: one byte each for u8, two for f16, plus the 128-byte .npy header.
        #expect(bytes[2] == 48 * 48 + 128)
        #expect(bytes[3] == 2 * 48 * 48 + 128)
    }

    @Test("Augmented copies add augment time, and samples/ runs with no input skipped")
    func samplesFolder() throws {
        let samples = Fixtures.repositoryRoot.appendingPathComponent("samples").path
        let report = try Self.report([
            samples + "/dicom", samples + "/png", samples + "/jpeg", "--size", "64", "--augment", "1",
            "--jobs", "1", "--repetitions", "1", "--warmup", "0", "--output-formats", "npy-f16",
        ])
        let corpus = try #require(report["corpus"] as? [String: Any])
        #expect(corpus["images"] as? Int == 6)
        #expect(corpus["skipped"] as? Int == 0)
        let stages = Self.runs(report).first?["stages"] as? [[String: Any]] ?? []
        let augment = stages.first { $0["stage"] as? String == "augment" }
        #expect((augment?["msPerImage"] as? Double ?? 0) > 0)
        #expect((report["pipeline"] as? [String])?.contains("--augment") == true)
    }

    @Test("The human report names every stage and the scaling column")
    func humanReport() throws {
        let result = try CommandRunner.medprep([
            "bench", "--synthetic", "png8", "--count", "2", "--synthetic-size", "40x40", "--size", "16",
            "--jobs", "1", "--repetitions", "1", "--output-formats", "none",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        for word in Self.stages + ["images/s", "scaling", "peak RSS", "of convert's pipeline"] {
            #expect(result.stdout.contains(word), "missing \(word)")
        }
    }

    @Test("--corpus-only writes a deterministic corpus that decodes, and nothing else")
    func corpusOnly() throws {
        let one = TemporaryFolder.path("corpus-a"), two = TemporaryFolder.path("corpus-b")
        defer { [one, two].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        for folder in [one, two] {
            let result = try CommandRunner.medprep([
                "bench", "--synthetic", "dicom16", "--count", "2", "--synthetic-size", "50x60", "--keep-corpus",
                folder, "--corpus-only",
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: one).sorted()
        #expect(names == ["img0000.dcm", "img0001.dcm"])
        for name in names {
            #expect(
                FileManager.default.contents(atPath: one + "/" + name)
                    == FileManager.default.contents(atPath: two + "/" + name))
        }
        let inspect = try CommandRunner.medprep(["inspect", one + "/img0000.dcm"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.contains("50 x 60"))
        #expect(inspect.stdout.contains("12 stored in 16"))
    }

    @Test("Without inputs or --synthetic, bench refuses with a usage error")
    func refusesNothing() throws {
        let result = try CommandRunner.medprep(["bench"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--synthetic"))
    }
}
