import Foundation
import MedTestSupport
@testable import MedShards

/// A deterministic fake pipeline: "decodes" text inputs, fails on inputs starting with `BAD`,
/// and emits `copies` samples per input with a payload derived from the bytes.
enum FakePipeline {
    static func transform(copies: Int) -> ConversionRunner.Transform {
        { input, source in
            let bytes = source.bytes
            if bytes.starts(with: Array("BAD".utf8)) {
                throw ShardError(.undecodableMember, path: input.file.relativePath, reason: "fake decode failure")
            }
            return (0..<copies).map { copy in
                let key = copy == 0 ? input.key : input.key + "_aug\(copy)"
                let payload = Array(repeating: UInt8(truncatingIfNeeded: bytes.count &+ copy), count: 300 + bytes.count)
                let json = Array("{\"copy\":\(copy),\"source\":\"\(input.file.relativePath)\"}".utf8)
                return ShardSample(
                    key: key,
                    members: [
                        .init(fileExtension: "bin", contents: payload),
                        .init(fileExtension: "json", contents: json),
                    ])
            }
        }
    }

    /// `count` text inputs in two folders, every seventh one bad.
    static func inputs(count: Int, under root: String) -> [ConversionInput] {
        var files: [String: [UInt8]] = [:]
        for i in 0..<count {
            let name = "\(i % 2 == 0 ? "a" : "b")/img\(String(format: "%04d", i)).dcm"
            files[name] =
                Array((i % 7 == 3 ? "BAD" : "image \(i) ").utf8) + Array(repeating: UInt8(i & 0xFF), count: i * 13)
        }
        TemporaryFolder.write(files, under: root)
        let listing = InputCatalog.files(roots: [root]).files
        return listing.enumerated().map { index, file in
            let key = SampleKey.key(forRelativePath: file.relativePath)
            let split = index % 10 < 7 ? "train" : index % 10 < 9 ? "val" : "test"
            return ConversionInput(index: index, key: key, file: file, split: split)
        }
    }
}
