import Foundation
import MedTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `convert`, `list` and `inspect` on FIFOs, links, names that are not UTF-8 and files that are not
/// images, run as a user would, each under a watchdog.
@Suite("medprep on special files, links, byte names and non-images", .serialized)
struct ListingCommandTests {
    static let key = "listing-test-pseudonym-key-0123456789"

    static func copyPNG(to path: String) throws {
        try FileManager.default.copyItem(atPath: Fixtures.fixture("png/gray8.png"), toPath: path)
    }

    /// The lines of `errors.jsonl` as objects.
    static func errors(_ out: String) -> [[String: Any]] {
        let text = String(
            decoding: FileManager.default.contents(atPath: out + "/errors.jsonl") ?? Data(), as: UTF8.self)
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    static func manifest(_ out: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: out + "/manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func summary(_ result: Watchdog.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test("A FIFO named on the command line or in --files-from is reported, never opened: convert does not hang")
    func fifoInputs() throws {
        let root = TemporaryFolder.make("fifo")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.copyPNG(to: root + "/a.png")
        #expect(mkfifo(root + "/pipe.png", 0o644) == 0)
        try "\(root)/pipe.png\n\(root)/a.png\n".write(toFile: root + "/list.txt", atomically: true, encoding: .utf8)
        let out = root + "/out"
        let result = try Watchdog.medprep(
            [
                "convert", root + "/pipe.png", "--files-from", root + "/list.txt", "--out", out, "--size", "16",
                "--no-progress", "--json",
            ])
        #expect(!result.timedOut, "convert hung on a FIFO")
        #expect(result.status == 0, "\(result.stderr)")
        let records = Self.errors(out).map { "\($0["path"] ?? "") \($0["code"] ?? "")" }
        #expect(records == ["\(root)/pipe.png fifo", "\(root.dropFirst())/pipe.png fifo"])
        let summary = try Self.summary(result)
        #expect(summary["samplesTotal"] as? Int == 1)
        #expect((summary["skippedByCode"] as? [String: Int]) == ["fifo": 2])

        let inspect = try Watchdog.medprep(["inspect", root + "/pipe.png"], seconds: 30)
        #expect(!inspect.timedOut, "inspect hung on a FIFO")
        #expect(inspect.status != 0)
        #expect(
            inspect.stdout.contains("not a regular file: a FIFO (named pipe)"), "\(inspect.stdout)\(inspect.stderr)")
    }

    @Test("convert of a folder of 24 symlinked PNGs converts 24; a symlinked dataset folder is followed")
    func symlinkedPNGs() throws {
        let root = TemporaryFolder.make("links")
        defer { try? FileManager.default.removeItem(atPath: root) }
        for folder in ["store", "links", "tree"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        for index in 0..<24 {
            let name = String(format: "img%02d.png", index)
            try Self.copyPNG(to: root + "/store/" + name)
            #expect(symlink(root + "/store/" + name, root + "/links/" + name) == 0)
        }
        #expect(symlink(root + "/store", root + "/tree/dataset") == 0)
        for (input, prefix) in [(root + "/links", ""), (root + "/tree", "dataset/")] {
            let out = root + "/out-" + (prefix.isEmpty ? "links" : "tree")
            let result = try Watchdog.medprep(["convert", input, "--out", out, "--size", "16", "--no-progress"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("converted 24 of 24 images"), "\(result.stdout)")
            let samples = try #require(try Self.manifest(out)["samples"] as? [[String: Any]])
            #expect(samples.compactMap { $0["source"] as? String }.sorted().first == prefix + "img00.png")
            #expect(Self.errors(out).isEmpty)
        }
    }

    @Test("A Windows-1252 name is walked, named on the command line, converted and reported under its printed name")
    func windows1252Names() throws {
        let root = TemporaryFolder.make("cp1252")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/in", withIntermediateDirectories: true)
        // The shell's printf writes the byte E9, which Foundation's String APIs could not carry.
        let made = try Watchdog.shell(
            #"cp "$1" "$(printf '%s/caf\351.png' "$0")" && printf 'text' > "$(printf '%s/r\351sum\351.dcm' "$0")""#,
            [root + "/in", Fixtures.fixture("png/gray8.png")])
        #expect(made.status == 0, "\(made.stderr)")
        let out = root + "/out"
        let result = try Watchdog.medprep(["convert", root + "/in", "--out", out, "--size", "16", "--no-progress"])
        #expect(result.status == 0, "\(result.stderr)")
        let samples = try #require(try Self.manifest(out)["samples"] as? [[String: Any]])
        #expect(samples.map { $0["source"] as? String } == ["caf\\xe9.png"])
        #expect(samples.map { $0["key"] as? String } == ["caf_xe9"])
        let records = Self.errors(out)
        #expect(records.map { $0["path"] as? String } == ["r\\xe9sum\\xe9.dcm"])
        #expect(records.first?["code"] as? String == "unknownFormat")

        // Named on the command line: the bytes of argv, not their decoding, are opened.
        let named = try Watchdog.shell(
            #"exec "$0" convert "$(printf '%s/caf\351.png' "$1")" --out "$2" --size 16 --no-progress"#,
            [CommandRunner.medprepPath, root + "/in", root + "/out-named"])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("converted 1 of 1 images"), "\(named.stdout)\(named.stderr)")
        #expect(Self.errors(root + "/out-named").isEmpty)
    }

    @Test(
        "README, CSV and JSON beside the images are ignored (counted, listed in the manifest), with or without labels")
    func ignoredFiles() throws {
        let root = TemporaryFolder.make("ignored")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/img", withIntermediateDirectories: true)
        for name in ["a", "b", "c"] { try Self.copyPNG(to: root + "/img/\(name).png") }
        try "# dataset\n".write(toFile: root + "/img/README", atomically: true, encoding: .utf8)
        try "{}".write(toFile: root + "/img/meta.json", atomically: true, encoding: .utf8)
        try "not an image".write(toFile: root + "/img/notes.dcm", atomically: true, encoding: .utf8)
        let table = root + "/img/labels.csv"
        try "file,A,patient\na.png,1,P1\nb.png,0,P2\nc.png,1,P3\n".write(
            toFile: table, atomically: true, encoding: .utf8)
        let labelArguments = [
            "--dataset", "generic", "--labels", table, "--key-column", "file", "--label-columns", "A",
            "--patient-column", "patient", "--no-patient-id",
        ]
        for labels in [[], labelArguments] {
            let out = root + "/out\(labels.count)"
            let result = try Watchdog.medprep(
                ["convert", root + "/img", "--out", out, "--size", "16", "--no-progress", "--json"] + labels)
            #expect(result.status == 0, "\(result.stderr)")
            let summary = try Self.summary(result)
            #expect(summary["ignored"] as? Int == 3)
            #expect(summary["samplesTotal"] as? Int == 3)
            #expect(try Self.manifest(out)["ignored"] as? [String] == ["README", "labels.csv", "meta.json"])
            let records = Self.errors(out).map { "\($0["path"] ?? "") \($0["code"] ?? "")" }
            #expect(records == [labels.isEmpty ? "notes.dcm unknownFormat" : "notes.dcm unlabeled"], "\(labels)")
        }
        let listed = try Watchdog.medprep(["list", root + "/img", "--count"])
        #expect(listed.stdout == "4 images, 3 ignored (not images), 0 hidden entries not read\n")
    }

    @Test("--pseudonymize-paths names every listing record and the files its reasons mention by pseudonyms")
    func pseudonymizedRecords() throws {
        let root = TemporaryFolder.make("pseudo")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/PATIENT42", withIntermediateDirectories: true)
        try Self.copyPNG(to: root + "/PATIENT42/a.png")
        #expect(symlink("a.png", root + "/PATIENT42/b.png") == 0)
        #expect(mkfifo(root + "/PATIENT42/pipe", 0o644) == 0)
        let out = root + "/out"
        let result = try Watchdog.medprep(
            ["convert", root, "--out", out, "--size", "16", "--no-progress", "--pseudonymize-paths"],
            environment: ["MEDPREP_PSEUDONYM_KEY": Self.key])
        #expect(result.status == 0, "\(result.stderr)")
        let records = Self.errors(out)
        #expect(records.compactMap { $0["code"] as? String }.sorted() == ["duplicate", "fifo"])
        let text = String(
            decoding: FileManager.default.contents(atPath: out + "/errors.jsonl") ?? Data(), as: UTF8.self)
        #expect(!text.contains("PATIENT42") && !text.contains("a.png"), "\(text)")
        #expect(records.allSatisfy { ($0["path"] as? String)?.count == 32 })
    }

    @Test(
        "Resume accepts a finished run over links and ignored files; workers split ignored files and merge lists them once"
    )
    func resumeAndMerge() throws {
        let root = TemporaryFolder.make("resume")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/img", withIntermediateDirectories: true)
        for index in 0..<6 { try Self.copyPNG(to: root + "/img/\(index).png") }
        for name in ["README", "a.csv", "b.json", "c.txt"] {
            try "text".write(toFile: root + "/img/" + name, atomically: true, encoding: .utf8)
        }
        #expect(symlink("0.png", root + "/img/link.png") == 0)
        let common = ["convert", root + "/img", "--size", "16", "--no-progress"]
        let out = root + "/out"
        #expect(try Watchdog.medprep(common + ["--out", out]).status == 0)
        let before = try #require(FileManager.default.contents(atPath: out + "/manifest.json"))
        let resumed = try Watchdog.medprep(common + ["--out", out, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(FileManager.default.contents(atPath: out + "/manifest.json") == before)
        var workers: [String] = []
        for index in 0..<2 {
            let folder = root + "/w\(index)"
            workers.append(folder)
            let result = try Watchdog.medprep(
                common + ["--out", folder, "--worker-index", "\(index)", "--worker-count", "2"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let merged = try Watchdog.medprep(["merge"] + workers + ["--out", root + "/merged"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try Self.manifest(root + "/merged")["ignored"] as? [String] == ["README", "a.csv", "b.json", "c.txt"])
        #expect(try Self.manifest(out)["ignored"] as? [String] == ["README", "a.csv", "b.json", "c.txt"])
    }

    @Test("Names that differ only in Unicode normalization are two inputs, converted and resumed apart")
    func normalizationVariants() throws {
        let root = TemporaryFolder.make("nfd")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/in", withIntermediateDirectories: true)
        // NFC "é" (C3 A9) and NFD "e" + U+0301 (65 CC 81), written by the shell byte for byte.
        let made = try Watchdog.shell(
            #"cp "$1" "$0/$(printf '\303\251').png" && cp "$1" "$0/$(printf 'e\314\201').png""#,
            [root + "/in", Fixtures.fixture("png/gray8.png")])
        #expect(made.status == 0, "\(made.stderr)")
        let out = root + "/out"
        let common = ["convert", root + "/in", "--out", out, "--size", "16", "--shard-samples", "1", "--no-progress"]
        let first = try Watchdog.medprep(common)
        #expect(first.status == 0, "\(first.stderr)")
        let samples = try #require(try Self.manifest(out)["samples"] as? [[String: Any]])
        #expect(Set(samples.compactMap { $0["key"] as? String }) == ["_", "e_"])
        let path = out + "/manifest.json"
        let finished = try #require(FileManager.default.contents(atPath: path))
        let text = String(decoding: finished, as: UTF8.self)
        try Data(text.replacingOccurrences(of: "\"complete\" : true", with: "\"complete\" : false").utf8)
            .write(to: URL(fileURLWithPath: path))
        let resumed = try Watchdog.medprep(common + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(FileManager.default.contents(atPath: path) == finished)
    }
}
