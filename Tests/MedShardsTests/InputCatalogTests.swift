import Foundation
import MedTestSupport
import Testing
@testable import MedShards

@Suite("Input listing, manifests")
struct InputCatalogTests {
    @Test("Folders are walked recursively and sorted; hidden entries skipped, links followed, a cycle and a repeat reported")
    func walk() throws {
        let root = TemporaryFolder.make("walk"), outside = TemporaryFolder.make("outside")
        defer { TemporaryFolder.remove(root, outside) }
        TemporaryFolder.write(
            ["b/2.dcm": [1], "a/1.png": [2], ".hidden.png": [3], ".git/x.png": [4], "c.jpg": [5]], under: root)
        TemporaryFolder.write(["secret.dcm": [6]], under: outside)
        try FileManager.default.createSymbolicLink(
            atPath: root + "/out.dcm", withDestinationPath: outside + "/secret.dcm")
        try FileManager.default.createSymbolicLink(atPath: root + "/in.png", withDestinationPath: root + "/c.jpg")
        try FileManager.default.createSymbolicLink(atPath: root + "/loop", withDestinationPath: root)
        let listing = InputCatalog.files(roots: [root + "/"])
        #expect(listing.files.map(\.relativePath) == ["a/1.png", "b/2.dcm", "c.jpg", "out.dcm"])
        #expect(listing.errors.map(\.path) == ["in.png", "loop"])
        #expect(listing.errors.map(\.code) == [ListingIssue.duplicate, ListingIssue.linkLoop])
        let within = InputCatalog.files(roots: [root], links: .withinRoot)
        #expect(within.files.map(\.relativePath) == ["a/1.png", "b/2.dcm", "c.jpg"])
        #expect(within.errors.map(\.code) == [ListingIssue.duplicate, ListingIssue.linkLoop, ListingIssue.linkOutsideRoot])
    }

    @Test("Several roots keep their names; a list file adds paths; a missing root is an error record")
    func rootsAndLists() throws {
        let one = TemporaryFolder.make("one"), two = TemporaryFolder.make("two")
        defer { TemporaryFolder.remove(one, two) }
        TemporaryFolder.write(["x.png": [1]], under: one)
        TemporaryFolder.write(["y.png": [2], "list.txt": Array("# comment\n\(two)/y.png\n\n".utf8)], under: two)
        let listing = InputCatalog.files(roots: [one, "/nonexistent-medprep"], listFile: two + "/list.txt")
        let base = (one as NSString).lastPathComponent
        #expect(listing.files.map(\.relativePath).contains(base + "/x.png"))
        #expect(listing.files.contains { $0.path == two + "/y.png" })
        #expect(listing.errors.map(\.path) == ["/nonexistent-medprep"])
        #expect(listing.errors.first?.code == "unreadable")
    }

    @Test("A file's contents are its bytes, whatever the size; a folder or a missing file is an io error")
    func contents() throws {
        let root = TemporaryFolder.make("contents")
        defer { TemporaryFolder.remove(root) }
        let sizes = [0, 1, 4095, 65537, 3 << 20]
        let files = Dictionary(
            uniqueKeysWithValues: sizes.map { size in
                ("\(size).bin", (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 9) })
            })
        TemporaryFolder.write(files, under: root)
        for (name, bytes) in files {
            #expect(try InputFile(path: root + "/" + name, relativePath: name).contents() == bytes, "\(name)")
        }
        let folder = #expect(throws: ShardError.self) { try InputFile(path: root, relativePath: "dir").contents() }
        #expect(folder?.code == .io && folder?.path == "dir" && folder?.reason == "not a regular file: a folder")
        let missing = #expect(throws: ShardError.self) {
            try InputFile(path: root + "/missing", relativePath: "missing").contents()
        }
        #expect(missing?.code == .io && missing?.reason.hasPrefix("open failed") == true)
    }

    @Test("A manifest survives a round trip, seeds beyond Int64 included")
    func manifestRoundTrip() throws {
        let folder = TemporaryFolder.make("manifest")
        defer { TemporaryFolder.remove(folder) }
        let pipeline = ManifestValue.object([
            "seed": .unsigned(UInt64.max), "size": .int(512), "gamma": .double(0.5),
            "name": .string("a/b"), "flags": .array([.bool(true), .null]),
        ])
        let manifest = Manifest(
            toolVersion: "1", pipeline: pipeline, inputDigest: "d", complete: true,
            shards: [.init(name: "train-000000.tar", split: "train", samples: 1, bytes: 2048, sha256: "s")],
            samples: [
                .init(
                    key: "k", source: "a/k.png", sourceDigest: SourceDigest(hash: .sha256, hex: "h"), split: "train",
                    shard: "train-000000.tar", members: ["png", "json"])
            ],
            skipped: [ErrorRecord(path: "z.dcm", code: "truncated", location: "offset 132", reason: "r")])
        try manifest.write(folder: folder)
        #expect(try Manifest.read(folder: folder) == manifest)
        let text = String(decoding: try manifest.encoded(), as: UTF8.self)
        #expect(text.contains("\"seed\" : 18446744073709551615"))
        #expect(text.contains("\"name\" : \"a/b\""))
    }

    @Test("Only our own files count as shards")
    func shardNames() {
        #expect(OutputFolder.isShardName("train-000000.tar"))
        #expect(OutputFolder.isShardName("test-1234567.tar"))
        #expect(!OutputFolder.isShardName("my_split-1234567.tar"))  // only the split names convert writes
        #expect(!OutputFolder.isShardName("train-00001.tar"))
        #expect(!OutputFolder.isShardName("backup.tar"))
        #expect(!OutputFolder.isShardName("a.b-000000.tar"))
    }
}
