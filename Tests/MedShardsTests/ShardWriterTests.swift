import Foundation
import MedTestSupport
import Testing
@testable import MedShards

@Suite("Atomic files and shard rolling")
struct ShardWriterTests {
    private func sample(_ key: String, size: Int) -> ShardSample {
        ShardSample(key: key, members: [.init(fileExtension: "png", contents: [UInt8](repeating: 1, count: size))])
    }

    @Test("An atomic file exists under its name only after commit, and reports its SHA-256")
    func atomicFile() throws {
        let folder = TemporaryFolder.make()
        defer { TemporaryFolder.remove(folder) }
        let file = try AtomicFile(path: folder + "/x.tar")
        try file.write(Array("abc".utf8))
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.tar"))
        #expect(FileManager.default.fileExists(atPath: folder + "/.x.tar.partial"))
        let sha = try file.commit()
        // FIPS 180-2 appendix B.1: SHA-256("abc").
        #expect(sha == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(FileManager.default.contents(atPath: folder + "/x.tar") == Data("abc".utf8))
        #expect(!FileManager.default.fileExists(atPath: folder + "/.x.tar.partial"))
    }

    @Test("Atomic files committed together all appear with their bytes, and a failed one stops the last")
    func commitTogether() throws {
        let folder = TemporaryFolder.make()
        defer { TemporaryFolder.remove(folder) }
        let shard = try AtomicFile(path: folder + "/a.tar")
        try shard.write(Array("abc".utf8))
        // FIPS 180-2 appendix B.1: SHA-256("abc"), known before the file is committed.
        #expect(try shard.finishWriting() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let log = try AtomicFile(path: folder + "/errors.jsonl")
        try log.write([])
        let manifest = try AtomicFile(path: folder + "/manifest.json")
        try manifest.write(Array("{}\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: folder + "/manifest.json"))
        try AtomicFile.commit([shard, log], then: manifest)
        #expect(FileManager.default.contents(atPath: folder + "/a.tar") == Data("abc".utf8))
        #expect(FileManager.default.contents(atPath: folder + "/errors.jsonl") == Data())
        #expect(FileManager.default.contents(atPath: folder + "/manifest.json") == Data("{}\n".utf8))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["a.tar", "errors.jsonl", "manifest.json"])

        // A file whose rename fails (its folder is gone) stops the commit before the last is renamed.
        let other = TemporaryFolder.make()
        defer { TemporaryFolder.remove(other) }
        let stray = try AtomicFile(path: other + "/b.tar")
        try stray.write([1])
        let late = try AtomicFile(path: folder + "/late.json")
        try late.write([2])
        try FileManager.default.removeItem(atPath: other + "/.b.tar.partial")
        #expect(throws: ShardError.self) { try AtomicFile.commit([stray], then: late) }
        #expect(!FileManager.default.fileExists(atPath: folder + "/late.json"))
    }

    @Test("An abandoned atomic file leaves nothing behind")
    func abandoned() throws {
        let folder = TemporaryFolder.make()
        defer { TemporaryFolder.remove(folder) }
        do {
            let file = try AtomicFile(path: folder + "/y.tar")
            try file.write([1, 2, 3])
        }
        #expect(try OutputFolder.list(folder).isEmpty)
    }

    @Test("Shards roll at the sample count", arguments: [1, 2, 3, 10])
    func rollBySamples(limit: Int) throws {
        let folder = TemporaryFolder.make()
        defer { TemporaryFolder.remove(folder) }
        let writer = ShardWriter(folder: folder, split: "train", limits: .init(samples: limit, bytes: 1 << 30))
        var completed: [ShardWriter.CompletedShard] = []
        for i in 0..<7 {
            completed += try writer.add(
                sample("k\(i)", size: 10), source: .init(path: "p\(i)", digest: SourceDigest(hash: .blake3, hex: "s"), position: i))
        }
        if let last = try writer.finish() { completed.append(last) }
        let expected = (0..<7).chunked(limit)
        #expect(completed.map(\.shard.samples) == expected.map(\.count))
        #expect(
            completed.map(\.shard.name) == expected.indices.map { ShardWriter.shardName(split: "train", index: $0) })
        #expect(completed.map(\.lastPosition) == expected.map { $0.last ?? -1 })
        for shard in completed {
            let bytes = [UInt8](FileManager.default.contents(atPath: folder + "/" + shard.shard.name) ?? Data())
            #expect(bytes.count == shard.shard.bytes)
            #expect(ContentHash.sha256(bytes) == shard.shard.sha256)
        }
    }

    @Test("Shards roll before a sample that would pass the byte limit; a larger sample gets its own shard")
    func rollByBytes() throws {
        let folder = TemporaryFolder.make()
        defer { TemporaryFolder.remove(folder) }
        // Each 1000-byte member takes 512 + 1024 bytes; the end marker 1024.
        let writer = ShardWriter(folder: folder, split: "val", limits: .init(samples: 100, bytes: 5000))
        var counts: [Int] = []
        for (i, size) in [1000, 1000, 1000, 20000, 1000].enumerated() {
            counts += try writer.add(sample("k\(i)", size: size), source: .init(path: "p", digest: SourceDigest(hash: .blake3, hex: "s"), position: i))
                .map(\.shard.samples)
        }
        if let last = try writer.finish() { counts.append(last.shard.samples) }
        #expect(counts == [2, 1, 1, 1])
        #expect(ShardWriter.shardName(split: "val", index: 3) == "val-000003.tar")
        #expect(try OutputFolder.list(folder).sorted() == (0..<4).map { "val-00000\($0).tar" })
    }
}

extension Range where Bound == Int {
    fileprivate func chunked(_ size: Int) -> [[Int]] {
        stride(from: lowerBound, to: upperBound, by: size).map { Array($0..<Swift.min($0 + size, upperBound)) }
    }
}
