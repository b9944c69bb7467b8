import Foundation
import MedTestSupport
import Testing

@testable import MedShards

/// BLAKE3 against the official test-vector inputs (byte `i` is `i % 251`), digests computed by
/// Python's `blake3` package (the Rust implementation), and SHA-256 against FIPS 180-4's "abc".
@Suite("Source hashes")
struct SourceHashTests {
    static let vectors: [(length: Int, digest: String)] = [
        (0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"),
        (1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213"),
        (63, "e9bc37a594daad83be9470df7f7b3798297c3d834ce80ba85d6e207627b7db7b"),
        (64, "4eed7141ea4a5cd4b788606bd23f46e212af9cacebacdc7d1f4c6dc7f2511b98"),
        (65, "de1e5fa0be70df6d2be8fffd0e99ceaa8eb6e8c93a63f2d8d1c30ecb6b263dee"),
        (1023, "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11"),
        (1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7"),
        (1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444"),
        (2048, "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a"),
        (8192, "aae792484c8efe4f19e2ca7d371d8c467ffb10748d8a5a1ae579948f718a2a63"),
        (31745, "5c80ce0c3bbe9a6f432a1c6c2ccbde45923d23249386988a30f512d23919eb98"),
        (102400, "bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085"),
        (1 << 20, "74cb441fd087764ca9c3694da742ebe30cbeb3060a17009ca81825c7a8d10343"),
    ]

    @Test("BLAKE3 digests equal the reference implementation's, from 0 bytes to 1 MiB (every SIMD width)")
    func blake3Vectors() {
        for (length, expected) in Self.vectors {
            let input = (0..<length).map { UInt8($0 % 251) }
            #expect(ContentHash.blake3(input) == expected, "length \(length)")
            #expect(SourceHash.blake3.digest(input) == SourceDigest(hash: .blake3, hex: expected))
        }
    }

    @Test("SHA-256 on request is FIPS 180-4's")
    func sha256Vector() {
        #expect(
            SourceHash.sha256.digest(Array("abc".utf8)).hex
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("A manifest sample names its digest by field; one without sourceHash reads as SHA-256")
    func manifestLabels() throws {
        var sample = Manifest.Sample(
            key: "k", source: "a.png", sourceDigest: SourceDigest(hash: .blake3, hex: "ab"), split: "train",
            shard: "train-000000.tar", members: ["png"])
        #expect(sample.sourceBLAKE3 == "ab" && sample.sourceSHA256 == nil)
        sample.sourceDigest = SourceDigest(hash: .sha256, hex: "cd")
        #expect(sample.sourceSHA256 == "cd" && sample.sourceBLAKE3 == nil)
        let json = try ManifestCoding.encoder(pretty: false).encode(sample)
        #expect(String(decoding: json, as: UTF8.self).contains("\"sourceSHA256\":\"cd\""))
    }

    @Test("Hashing while reading, 256 KiB at a time, gives the digest of the whole file", arguments: SourceHash.allCases)
    func hashedWhileReading(hash: SourceHash) throws {
        let path = TemporaryFolder.path("hash-\(hash.rawValue)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0..<(1_000_000 + 17)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let source = try InputFile(path: path, relativePath: "f").contents(hashedWith: hash)
        #expect(source.bytes == bytes)
        let whole = hash == .blake3 ? ContentHash.blake3(bytes) : ContentHash.sha256(bytes)
        #expect(source.digest == SourceDigest(hash: hash, hex: whole))
    }
}
