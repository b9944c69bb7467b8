import Foundation
import MedTestSupport
import Testing

/// Tiny files that claim huge images are refused before allocation, with the claimed size, the
/// limit and a byte position; PNG and JPEG errors carry the offset where the decoder stopped.
@Suite("medprep bounds memory and places errors")
struct ImageBoundsTests {
    func hostile(_ name: String) -> String { Fixtures.fixture("hostile/" + name) }

    /// `inspect --json` of one file: its error object, if any.
    func inspectError(_ path: String, _ extra: [String] = []) throws -> [String: Any]? {
        let run = try CommandRunner.medprep(["inspect", "--json"] + extra + [path])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        return array.first?["error"] as? [String: Any]
    }

    /// The offset of the first chunk of `type` (at its length field), found in the file's bytes.
    func chunkOffset(_ path: String, _ type: String) throws -> Int {
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let range = try #require(bytes.range(of: Data(type.utf8)))
        return range.lowerBound - 4
    }

    @Test("A 53-byte PNG whose tEXt declares 0x7FFFFFFF bytes is truncated at the tEXt chunk")
    func hugeTextChunk() throws {
        let path = hostile("text_chunk_2GiB.png")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 53)
        let error = try #require(try inspectError(path))
        #expect(error["code"] as? String == "truncated")
        #expect(error["location"] as? String == "offset \(try chunkOffset(path, "tEXt"))")
        #expect((error["reason"] as? String)?.contains("2147483647") == true)
    }

    @Test("Headers over --max-pixels are refused with the claimed size and the limit")
    func pixelLimit() throws {
        let jpeg = try #require(try inspectError(hostile("claims_46000x46000.jpg")))
        #expect(jpeg["code"] as? String == "tooLarge")
        #expect((jpeg["reason"] as? String)?.contains("46000x46000") == true)
        #expect((jpeg["reason"] as? String)?.contains("67108864") == true)
        // The SOF0 marker segment, found in the file's bytes.
        let jpegBytes = try #require(FileManager.default.contents(atPath: hostile("claims_46000x46000.jpg")))
        let sof = try #require(jpegBytes.range(of: Data([0xFF, 0xC0]))).lowerBound
        #expect(jpeg["location"] as? String == "offset \(sof)")
        let png = try #require(try inspectError(hostile("claims_50000x50000.png")))
        #expect(png["code"] as? String == "tooLarge")
        #expect(png["location"] as? String == "offset 16", "IHDR's width field (PNG 11.2.2)")
        // The 16x8 DICOM file: 128 pixels pass a limit of 128 and not one of 127.
        let dicom = hostile("fg_per_frame_as_ds.dcm")
        #expect(try inspectError(dicom, ["--max-pixels", "128"]) == nil)
        let refused = try #require(try inspectError(dicom, ["--max-pixels", "127"]))
        #expect(refused["code"] as? String == "tooLarge")
        #expect((refused["reason"] as? String)?.contains("16x8") == true)
    }

    @Test("Above the pixel limit, a header the file's bytes cannot fill is refused as truncated")
    func compressedSizeBound() throws {
        let limit = ["--max-pixels", "4000000000"]
        // 46000 x 46000 Huffman-coded pixels: at least one bit per 8x8 block, 4,132,812 bytes.
        let jpeg = try #require(try inspectError(hostile("claims_46000x46000.jpg"), limit))
        #expect(jpeg["code"] as? String == "truncated")
        #expect((jpeg["reason"] as? String)?.contains("\(46000 * 46000 / 512)") == true)
        // 50000 rows of 50001 filtered bytes at deflate's best ratio of 1032:1.
        let png = try #require(try inspectError(hostile("claims_50000x50000.png"), limit))
        #expect(png["code"] as? String == "truncated")
        #expect((png["reason"] as? String)?.contains("\(50001 * 50000 / 1032)") == true)
    }

    @Test("Corrupt and truncated PNG and JPEG files: every error record in a batch has its byte offset")
    func errorPositions() throws {
        let root = TemporaryFolder.path("bounds")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let input = root + "/in"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        let broken = [
            "crc_error.png", "truncated_idat.png", "bad_chunk_length.png", "text_chunk_2GiB.png",
            "truncated_scan.jpg", "bad_huffman.jpg",
        ]
        for name in broken + ["good.png"] {
            try FileManager.default.copyItem(atPath: hostile(name), toPath: input + "/" + name)
        }
        try FileManager.default.copyItem(atPath: hostile("good.jpg"), toPath: input + "/good-jpeg.jpg")
        let run = try CommandRunner.medprep(["convert", input, "--out", root + "/out", "--no-progress", "--no-patient-id"])
        #expect(run.status == 0, "\(run.stderr)")
        let log = String(decoding: FileManager.default.contents(atPath: root + "/out/errors.jsonl") ?? Data(), as: UTF8.self)
        let records = Dictionary(
            log.split(separator: "\n").compactMap { line -> (String, [String: Any])? in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let path = object["path"] as? String
                else { return nil }
                return (path, object)
            }, uniquingKeysWith: { a, _ in a })
        #expect(Set(records.keys) == Set(broken), "\(log)")
        func offset(_ name: String) -> Int? {
            (records[name]?["location"] as? String).flatMap { $0.hasPrefix("offset ") ? Int($0.dropFirst(7)) : nil }
        }
        // The IDAT chunk is where the CRC fails, where the data runs out, and whose length is bad.
        for name in ["crc_error.png", "truncated_idat.png", "bad_chunk_length.png"] {
            #expect(offset(name) == (try chunkOffset(hostile(name), "IDAT")), "\(name): \(records[name] ?? [:])")
        }
        // The cut scan ends at the file's end; the bad table lies inside the DHT segment.
        let scan = try #require(FileManager.default.contents(atPath: hostile("truncated_scan.jpg")))
        #expect(offset("truncated_scan.jpg") == scan.count)
        let jpeg = try #require(FileManager.default.contents(atPath: hostile("bad_huffman.jpg")))
        let dht = try #require(jpeg.range(of: Data([0xFF, 0xC4]))).lowerBound
        let segmentEnd = dht + 2 + (Int(jpeg[dht + 2]) << 8 | Int(jpeg[dht + 3]))
        let huffman = try #require(offset("bad_huffman.jpg"))
        #expect(huffman > dht && huffman <= segmentEnd)
    }
}
