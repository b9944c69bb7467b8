import Foundation
import MedTestSupport
import Testing
@testable import MedShards

@Suite("Tar writing and reading")
struct TarWriterTests {
    private func archive(_ members: [(String, [UInt8])]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var writer = TarWriter { bytes += $0 }
        for (name, contents) in members { try writer.append(name: name, contents: contents) }
        try writer.finish()
        return bytes
    }

    @Test("A member header carries fixed mode, owner, time and a valid ustar checksum")
    func headerFields() throws {
        let bytes = try archive([("000001.png", Array("hello".utf8))])
        #expect(bytes.count == 512 + 512 + 1024)
        #expect(Array(bytes[0..<10]) == Array("000001.png".utf8))
        #expect(String(decoding: bytes[100..<107], as: UTF8.self) == "0000644")
        #expect(String(decoding: bytes[108..<115], as: UTF8.self) == "0000000")
        #expect(String(decoding: bytes[124..<135], as: UTF8.self) == "00000000005")
        #expect(String(decoding: bytes[136..<147], as: UTF8.self) == "0" + String(TarWriter.modificationTime, radix: 8))
        #expect(Array(bytes[257..<263]) == Array("ustar".utf8) + [0])
        #expect(TarReader.checksumMatches(Array(bytes[0..<512])))
        #expect(bytes[(1024)...].allSatisfy { $0 == 0 })
    }

    @Test("The same members give the same bytes")
    func deterministic() throws {
        let members = [("a.png", [UInt8](repeating: 7, count: 1000)), ("a.json", Array("{}".utf8))]
        #expect(try archive(members) == archive(members))
    }

    @Test("Members read back with their names and contents", arguments: [0, 1, 511, 512, 513, 5000])
    func roundTrip(size: Int) throws {
        let contents = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let members = try TarReader.members(of: archive([("k.npy", contents), ("k.json", [1, 2])]), path: "t.tar")
        #expect(members.map(\.name) == ["k.npy", "k.json"])
        #expect(members[0].contents == contents)
        #expect(members[1].contents == [1, 2])
    }

    @Test("Names beyond 100 bytes are split at a slash, or carried by a pax header")
    func longNames() throws {
        let split = String(repeating: "d", count: 120) + "/" + String(repeating: "f", count: 50) + ".png"
        let pax = String(repeating: "k", count: 300) + ".json"
        let unicode = "schädel_ü.json"
        let members = try TarReader.members(of: archive([(split, [1]), (pax, [2]), (unicode, [3])]), path: "t.tar")
        #expect(members.map(\.name) == [split, pax, unicode])
        #expect(members.map(\.contents) == [[1], [2], [3]])
    }

    @Test("A pax record's length counts its own digits")
    func paxRecordLength() {
        for valueLength in [1, 80, 89, 90, 91, 985, 994, 995, 996] {
            let record = TarWriter.paxRecord(key: "path", value: [UInt8](repeating: 0x61, count: valueLength))
            let digits = record.prefix { $0 != 0x20 }
            #expect(Int(String(decoding: digits, as: UTF8.self)) == record.count)
        }
    }

    @Test("A corrupted header is reported at its offset")
    func corruptHeader() throws {
        var bytes = try archive([("a.png", [1, 2, 3]), ("b.png", [4])])
        bytes[512 + 512 + 3] ^= 0xFF  // second header's name
        let error = #expect(throws: ShardError.self) { try TarReader.members(of: bytes, path: "t.tar") }
        #expect(error?.code == .corruptShard)
        #expect(error?.reason.contains("byte 1024") == true)
    }

    @Test("A truncated archive is an error, not a short read")
    func truncated() throws {
        let bytes = try archive([("a.png", [UInt8](repeating: 1, count: 2000))])
        let error = #expect(throws: ShardError.self) {
            try TarReader.members(of: Array(bytes.prefix(1500)), path: "t.tar")
        }
        #expect(error?.code == .corruptShard)
    }

    @Test(
        "GNU tar lists the archive with the fixed metadata",
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tar")
                || FileManager.default.isExecutableFile(atPath: "/bin/tar")))
    func gnuTarReadsIt() throws {
        let folder = TemporaryFolder.make("gnutar")
        defer { TemporaryFolder.remove(folder) }
        let long = String(repeating: "x", count: 150) + ".json"
        let bytes = try archive([("s1.png", [1, 2, 3]), (long, Array("{}".utf8))])
        _ = FileManager.default.createFile(atPath: folder + "/a.tar", contents: Data(bytes))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tar", "--utc", "-tvf", folder + "/a.tar"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(listing.contains("-rw-r--r-- 0/0"))
        #expect(listing.contains("2000-01-01 00:00 s1.png"))
        #expect(listing.contains(long))
    }
}
