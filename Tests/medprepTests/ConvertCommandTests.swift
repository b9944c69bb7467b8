import Foundation
import MedTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// End-to-end runs of `medprep convert`, `verify`, `merge` and `preview` on `samples/`.
@Suite("medprep convert, verify, merge, preview, run as a user would", .serialized)
struct ConvertCommandTests {
    static let key = "test-pseudonym-key-0123456789abcdef"
    /// The fake patient fields written into every sample DICOM (samples/README.md).
    static let phi = ["FAKE^PATIENT^MEDPREP", "FAKEID-0042", "19010101", "FAKE INSTITUTION MEDPREP", "FAKEACC-0042"]

    static func convert(_ arguments: [String], key: String? = ConvertCommandTests.key) throws -> CommandRunner.Result {
        try CommandRunner.medprep(
            ["convert"] + arguments, environment: key.map { ["MEDPREP_PSEUDONYM_KEY": $0] } ?? [:])
    }

    /// `samples/` images copied `copies` times into a new folder, plus the given extra files.
    static func corpus(copies: Int, extra: [String: [UInt8]] = [:]) throws -> String {
        let root = TemporaryFolder.path("corpus")
        let samples = Fixtures.repositoryRoot.appendingPathComponent("samples").path
        for copy in 0..<copies {
            for folder in ["dicom", "png", "jpeg"] {
                let target = "\(root)/c\(copy)/\(folder)"
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                for name in try FileManager.default.contentsOfDirectory(atPath: "\(samples)/\(folder)")
                where !name.hasPrefix(".") {
                    try FileManager.default.copyItem(
                        atPath: "\(samples)/\(folder)/\(name)", toPath: "\(target)/\(name)")
                }
            }
        }
        for (name, bytes) in extra {
            _ = FileManager.default.createFile(atPath: root + "/" + name, contents: Data(bytes))
        }
        return root
    }

    @Test("The same samples give byte-identical folders with 1 and 2 jobs, and verify passes")
    func deterministicAcrossJobs() throws {
        let input = try Self.corpus(copies: 2)
        let one = TemporaryFolder.path("one"), two = TemporaryFolder.path("two")
        defer { [input, one, two].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let common = [input, "--size", "64", "--shard-samples", "3", "--no-progress"]
        let first = try Self.convert(common + ["--out", one, "--jobs", "1"])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try Self.convert(common + ["--out", two, "--jobs", "2", "--json"])
        #expect(second.status == 0, "\(second.stderr)")
        let a = TemporaryFolder.files(in: one), b = TemporaryFolder.files(in: two)
        #expect(a.keys.sorted() == b.keys.sorted())
        #expect(a == b)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect(summary["samplesTotal"] as? Int == 12)
        #expect(summary["skipped"] as? Int == 0)
        let verify = try CommandRunner.medprep(["verify", one])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("ok: "))
        #expect(verify.stdout.contains("12 samples"))
    }

    @Test("No output byte holds a sample's PatientName, PatientID, birth date, institution or accession number")
    func noPHI() throws {
        let samples = Fixtures.repositoryRoot.appendingPathComponent("samples").path
        let dicoms = TemporaryFolder.files(in: samples + "/dicom").values
        for value in Self.phi {  // the scan would prove nothing if the inputs lacked the values
            #expect(dicoms.contains { $0.contains(Array(value.utf8)) }, "samples hold \(value)")
        }
        let out = TemporaryFolder.path("phi")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let bad = TemporaryFolder.path("bad") + ".dcm"
        // A truncated copy of a sample DICOM: its error must not quote patient fields either.
        let dicom = try #require(dicoms.first)
        _ = FileManager.default.createFile(atPath: bad, contents: Data(dicom.prefix(900)))
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let result = try Self.convert([
            samples, bad, "--out", out, "--size", "64", "--augment", "1",
            "--format", "npy-u16", "--no-progress",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let written = TemporaryFolder.files(in: out)
        #expect(written.keys.contains("manifest.json") && written.keys.contains("errors.jsonl"))
        #expect(written.keys.contains { $0.hasSuffix(".tar") })
        for (name, bytes) in written {
            for value in Self.phi {
                #expect(!bytes.contains(Array(value.utf8)), "\(name) contains \(value)")
            }
        }
        for value in Self.phi { #expect(!result.stdout.contains(value) && !result.stderr.contains(value)) }
        let log = String(decoding: written["errors.jsonl"] ?? [], as: UTF8.self)
        #expect(log.contains("\"path\":\"\(bad.split(separator: "/").last ?? "")\""))
    }

    @Test("--pseudonymize-paths: a folder named by the Patient ID reaches no output byte, resume included")
    func pseudonymizedPaths() throws {
        // A PACS-style export: the folder is the patient's id, as the header's Patient ID is.
        let root = TemporaryFolder.path("pacs"), folder = root + "/FAKEID-0042"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let dicoms = Fixtures.repositoryRoot.appendingPathComponent("samples/dicom").path
        let names = try FileManager.default.contentsOfDirectory(atPath: dicoms).filter { $0.hasSuffix(".dcm") }.sorted()
        for name in names { try FileManager.default.copyItem(atPath: dicoms + "/" + name, toPath: folder + "/" + name) }
        let first = try #require(FileManager.default.contents(atPath: folder + "/" + names[0]))
        _ = FileManager.default.createFile(atPath: folder + "/cut.dcm", contents: first.prefix(900))
        let plain = TemporaryFolder.path("plain"), hidden = TemporaryFolder.path("hidden"), resumed = TemporaryFolder.path("resumed")
        defer { [root, plain, hidden, resumed].forEach { try? FileManager.default.removeItem(atPath: $0) } }

        // Without the flag the path is repeated (the channel this option closes), and the run says so.
        let warned = try Self.convert([root, "--out", plain, "--size", "32", "--no-progress"])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("warning: 3 of the 4 inputs") && warned.stderr.contains("--pseudonymize-paths"))
        #expect(TemporaryFolder.files(in: plain)["manifest.json"]?.contains(Array("FAKEID-0042".utf8)) == true)

        let common = [root, "--size", "32", "--shard-samples", "1", "--jobs", "2", "--no-progress", "--pseudonymize-paths"]
        let run = try Self.convert(common + ["--out", hidden])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("warning"))
        let written = TemporaryFolder.files(in: hidden)
        let needles = ["FAKEID-0042", "cut", "chest"] + names
        for (file, bytes) in written {
            let leaked = needles.filter { bytes.contains(Array($0.utf8)) }
            #expect(leaked.isEmpty, "\(file) contains \(leaked)")
        }
        // Keys and sources are the path pseudonyms (Python's hmac gave these; see PartitionTests).
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(written["manifest.json"] ?? [])) as? [String: Any])
        let samples = try #require(manifest["samples"] as? [[String: Any]])
        #expect(samples.count == 3)
        #expect(samples.contains { $0["key"] as? String == "d78b3d667ef970576e183081ae59f5fe" })
        #expect(samples.allSatisfy { $0["key"] as? String == $0["source"] as? String })
        let log = String(decoding: written["errors.jsonl"] ?? [], as: UTF8.self)
        #expect(log.contains("\"path\":\"20b06aa5c025370f95c97bcd01baa9ca\""), "\(log)")

        // Interrupted after its first shard (the manifest cut back to it), --resume ends with the same bytes.
        try FileManager.default.copyItem(atPath: hidden, toPath: resumed)
        let shards = try #require(manifest["shards"] as? [[String: Any]])
        let kept = try #require(shards.first?["name"] as? String)
        var partial = manifest
        partial["complete"] = false
        partial["shards"] = Array(shards.prefix(1))
        partial["samples"] = samples.filter { $0["shard"] as? String == kept }
        try JSONSerialization.data(withJSONObject: partial).write(to: URL(fileURLWithPath: resumed + "/manifest.json"))
        for name in written.keys where name.hasSuffix(".tar") && name != kept {
            try FileManager.default.removeItem(atPath: resumed + "/" + name)
        }
        let again = try Self.convert(common + ["--out", resumed, "--resume"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(TemporaryFolder.files(in: resumed) == written)
        let verify = try CommandRunner.medprep(["verify", hidden])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let noKey = try Self.convert(common + ["--out", TemporaryFolder.path("nokey"), "--no-patient-id"], key: "")
        #expect(noKey.status != 0 && noKey.stderr.contains("--pseudonymize-paths needs the pseudonym key"))
    }

    @Test("--resume refuses another uncertainty policy, extra column or edited label table")
    func resumeChecksLabels() throws {
        let root = TemporaryFolder.path("labelled")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/img", withIntermediateDirectories: true)
        for name in ["a", "b", "c"] {
            try FileManager.default.copyItem(atPath: Fixtures.fixture("png/gray8.png"), toPath: root + "/img/\(name).png")
        }
        let table = root + "/labels.csv"
        try "file,A,B,patient,site\na.png,1,-1,P1,x\nb.png,0,1,P2,y\nc.png,-1,0,P3,z\n"
            .write(toFile: table, atomically: true, encoding: .utf8)
        let out = root + "/out"
        let common = [
            root + "/img", "--out", out, "--size", "16", "--dataset", "generic", "--labels", table, "--key-column", "file",
            "--label-columns", "A,B", "--patient-column", "patient", "--no-progress",
        ]
        let first = try Self.convert(common)
        #expect(first.status == 0, "\(first.stderr)")
        // Interrupted before the end: --resume must continue this labeling or refuse.
        let manifestPath = out + "/manifest.json"
        let text = try String(contentsOfFile: manifestPath, encoding: .utf8)
        try text.replacingOccurrences(of: "\"complete\" : true", with: "\"complete\" : false")
            .write(toFile: manifestPath, atomically: true, encoding: .utf8)
        for changed in [["--uncertain", "ones"], ["--blank", "ignore"], ["--extra-column", "site"]] {
            let resumed = try Self.convert(common + changed + ["--resume"])
            #expect(resumed.status != 0, "\(changed) was accepted")
            #expect(resumed.stderr.contains("pipeline parameters"), "\(resumed.stderr)")
        }
        try "file,A,B,patient,site\na.png,1,1,P1,x\nb.png,0,1,P2,y\nc.png,-1,0,P3,z\n"
            .write(toFile: table, atomically: true, encoding: .utf8)
        let edited = try Self.convert(common + ["--resume"])
        #expect(edited.status != 0 && edited.stderr.contains("pipeline parameters"), "\(edited.stderr)")
        try "file,A,B,patient,site\na.png,1,-1,P1,x\nb.png,0,1,P2,y\nc.png,-1,0,P3,z\n"
            .write(toFile: table, atomically: true, encoding: .utf8)
        let same = try Self.convert(common + ["--resume"])
        #expect(same.status == 0, "the unchanged run resumes: \(same.stderr)")

        // A class given twice keeps its last policy, so the order of the two flags matters.
        let twice = root + "/twice"
        let base = common.map { $0 == out ? twice : $0 }
        let ones = ["--uncertain-class", "B=zeros", "--uncertain-class", "B=ones"]
        #expect(try Self.convert(base + ones).status == 0)
        let twiceManifest = twice + "/manifest.json"
        try String(contentsOfFile: twiceManifest, encoding: .utf8)
            .replacingOccurrences(of: "\"complete\" : true", with: "\"complete\" : false")
            .write(toFile: twiceManifest, atomically: true, encoding: .utf8)
        let reversed = try Self.convert(base + ["--uncertain-class", "B=ones", "--uncertain-class", "B=zeros", "--resume"])
        #expect(reversed.status != 0 && reversed.stderr.contains("pipeline parameters"), "\(reversed.stderr)")
        #expect(try Self.convert(base + ones + ["--resume"]).status == 0)
    }

    @Test("Patient ids are refused without a pseudonym key, and pseudonymized with one")
    func pseudonymKeyRequired() throws {
        let samples = Fixtures.repositoryRoot.appendingPathComponent("samples/dicom").path
        let out = TemporaryFolder.path("nokey")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let refused = try CommandRunner.medprep(
            ["convert", samples, "--out", out, "--no-progress"],
            environment: ["MEDPREP_PSEUDONYM_KEY": ""])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--pseudonym-key"))
        #expect(!FileManager.default.fileExists(atPath: out + "/manifest.json"))
        let accepted = try Self.convert([samples, "--out", out, "--size", "32", "--no-progress"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let jsons = TemporaryFolder.files(in: out).filter { $0.key.hasSuffix(".tar") }.flatMap { Self.jsonMembers($0.value) }
        #expect(!jsons.isEmpty)
        #expect(jsons.allSatisfy { ($0["patient"] as? String)?.count == 32 })
    }

    @Test("A non-empty output folder is refused; two inputs with one key are an error naming both")
    func refusals() throws {
        let out = TemporaryFolder.path("full")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: out + "/old.txt", contents: Data("x".utf8))
        let input = TemporaryFolder.path("clash")
        try FileManager.default.createDirectory(atPath: input + "/a", withIntermediateDirectories: true)
        let png = try #require(FileManager.default.contents(atPath: Fixtures.sample("png/chest_like_512.png")))
        _ = FileManager.default.createFile(atPath: input + "/a/b.png", contents: png)
        _ = FileManager.default.createFile(atPath: input + "/a_b.png", contents: png)
        defer { [out, input].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let refused = try Self.convert([Fixtures.sample("png"), "--out", out, "--no-progress"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("not empty") && refused.stderr.contains("--resume"))
        let clash = try Self.convert([input, "--out", TemporaryFolder.path("clash-out"), "--no-progress"])
        #expect(clash.status != 0)
        #expect(clash.stderr.contains("a/b.png") && clash.stderr.contains("a_b.png"))
        // The output folder is the input folder: refused, where walking it would list nothing.
        let same = try Self.convert([input, "--out", input, "--overwrite", "--no-progress"])
        #expect(same.status != 0)
        #expect(same.stderr.contains("--out is this input folder"), "\(same.stderr)")
        #expect(FileManager.default.fileExists(atPath: input + "/a/b.png") && !FileManager.default.fileExists(
            atPath: input + "/manifest.json"))
    }

    @Test("kill -9 at any moment, then --resume, gives the bytes of an uninterrupted run")
    func killAndResume() throws {
        let input = try Self.corpus(copies: 6)
        let reference = TemporaryFolder.path("ref")
        defer { [input, reference].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let common = [input, "--size", "96", "--shard-samples", "2", "--jobs", "2", "--no-progress"]
        let full = try Self.convert(common + ["--out", reference])
        #expect(full.status == 0, "\(full.stderr)")
        let expected = TemporaryFolder.files(in: reference)
        var interrupted = 0
        for delay in [0.1, 0.3, 0.8, 2.0] {
            let out = TemporaryFolder.path("killed")
            defer { try? FileManager.default.removeItem(atPath: out) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandRunner.medprepPath)
            process.arguments = ["convert"] + common + ["--out", out]
            process.environment = ProcessInfo.processInfo.environment.merging(["MEDPREP_PSEUDONYM_KEY": Self.key]) {
                $1
            }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let manifest = FileManager.default.contents(atPath: out + "/manifest.json").map {
                String(decoding: $0, as: UTF8.self)
            }
            if process.terminationReason == .uncaughtSignal, manifest?.contains("\"complete\" : true") != true {
                interrupted += 1
            }
            let resumed = try Self.convert(common + ["--out", out, "--resume"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(TemporaryFolder.files(in: out) == expected, "resume after \(delay) s")
        }
        #expect(interrupted >= 1, "at least one kill must land before the run finished")
    }

    @Test("Bad inputs go to errors.jsonl with path, code and location; the rest is converted")
    func badInputsAreLogged() throws {
        let input = try Self.corpus(copies: 1, extra: ["notes.dcm": Array("not an image".utf8), "empty.png": []])
        let out = TemporaryFolder.path("bad")
        defer { [input, out].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let result = try Self.convert([input, "--out", out, "--size", "48", "--no-progress"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("skipped 2"))
        let lines = String(
            decoding: FileManager.default.contents(atPath: out + "/errors.jsonl") ?? Data(), as: UTF8.self
        )
        .split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 2)
        #expect(lines.first { $0["path"] as? String == "empty.png" }?["code"] as? String == "empty")
        let unknown = lines.first { $0["path"] as? String == "notes.dcm" }
        #expect(unknown?["code"] as? String == "unknownFormat")
        #expect(unknown?["location"] as? String == "offset 0")
    }

    @Test("Workers cover the single-machine sample set, merge joins them, and the merge verifies")
    func workersAndMerge() throws {
        let input = try Self.corpus(copies: 3)
        let single = TemporaryFolder.path("single"), merged = TemporaryFolder.path("merged")
        let workers = (0..<2).map { TemporaryFolder.path("worker\($0)") }
        defer { ([input, single, merged] + workers).forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let common = [input, "--size", "32", "--no-progress"]
        #expect(try Self.convert(common + ["--out", single]).status == 0)
        for (index, folder) in workers.enumerated() {
            let result = try Self.convert(
                common + ["--out", folder, "--worker-index", "\(index)", "--worker-count", "2"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let merge = try CommandRunner.medprep(["merge"] + workers + ["--out", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        let keys = { (folder: String) throws -> Set<String> in
            let data = try #require(FileManager.default.contents(atPath: folder + "/manifest.json"))
            let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return Set((manifest["samples"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String })
        }
        #expect(try keys(merged) == keys(single))
        #expect(try keys(merged).count == 18)
        let verify = try CommandRunner.medprep(["verify", merged])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("preview writes a PNG contact sheet")
    func preview() throws {
        let out = TemporaryFolder.path("preview")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let samples = Fixtures.repositoryRoot.appendingPathComponent("samples").path
        #expect(try Self.convert([samples, "--out", out, "--size", "64", "--no-progress"]).status == 0)
        let sheet = out + "/sheet.png"
        let result = try CommandRunner.medprep(["preview", out, "--out", sheet, "--count", "4", "--columns", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = [UInt8](FileManager.default.contents(atPath: sheet) ?? Data())
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // IHDR width and height, big endian, at offsets 16 and 20.
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 2 * (192 + 8) + 8)
    }

    /// The JSON members of a tar shard, parsed.
    static func jsonMembers(_ tar: [UInt8]) -> [[String: Any]] {
        var result: [[String: Any]] = []
        var offset = 0
        while offset + 512 <= tar.count, tar[offset] != 0 {
            let name = String(decoding: tar[offset..<(offset + 100)].prefix { $0 != 0 }, as: UTF8.self)
            let size = Int(String(decoding: tar[(offset + 124)..<(offset + 135)], as: UTF8.self), radix: 8) ?? 0
            let data = Data(tar[(offset + 512)..<(offset + 512 + size)])
            if name.hasSuffix(".json"), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                result.append(object)
            }
            offset += 512 + (size + 511) / 512 * 512
        }
        return result
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs as a contiguous run.
    fileprivate func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        let first = needle[0]
        var i = 0
        while i <= count - needle.count {
            if self[i] == first && self[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
