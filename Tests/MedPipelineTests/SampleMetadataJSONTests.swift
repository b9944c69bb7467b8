import Foundation
import MedCore
import MedImage
@testable import MedPipeline
import MedShards
import Testing

/// `SampleMetadata.compactJSON()` against Foundation's `JSONEncoder` (through `ManifestCoding.line`,
/// what KEY.json was written with before): the same bytes for every metadata it writes, `nil` for
/// what it leaves to the encoder.
@Suite("KEY.json written directly")
struct SampleMetadataJSONTests {
    /// Metadata of the sample JPEG, as `convert` builds it; the fields are then overwritten.
    static func base() throws -> SampleMetadata {
        let (decoded, result) = try SampleMetadataTests.prepared("jpeg/chest_like_1160x1414.jpg")
        return SampleMetadata(
            key: "k", split: "train", decoded: decoded, result: result, label: nil, vocabulary: nil,
            sourceDigest: SampleMetadataTests.digest, pseudonymizer: nil,
            quality: result.image.qualityMeasures)
    }

    /// Strings without characters JSONEncoder escapes: ASCII (slashes too), accents, CJK, emoji.
    static func text(_ generator: inout SeededGenerator) -> String {
        let pieces = ["a", "Z", "0", "9", "_", "-", " ", "/", ".", "é", "Ö", "日本", "🙂", "\u{7f}", "\u{2028}", "~", "'"]
        let count = Int(generator.next() % 12)
        return (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
    }

    /// Finite doubles of every shape `description` takes: integers, six-decimal fractions,
    /// exponents both ways, subnormals, negative zero, random bit patterns.
    static func number(_ generator: inout SeededGenerator) -> Double {
        switch generator.next() % 8 {
        case 0: return Double(Int64(bitPattern: generator.next()) % 100_000)
        case 1: return (generator.nextUnit() * 8 * 1e6).rounded() / 1e6
        case 2: return generator.nextUnit() * 1e-7
        case 3: return generator.nextUnit() * 1e22
        case 4: return -0.0
        case 5: return Double.leastNonzeroMagnitude * Double(generator.next() % 1000)
        case 6: return [0, 1, 0.1, 0.5, 1e16, 1e15, 123456.789, 0.000123][Int(generator.next() % 8)]
        default:
            let value = Double(bitPattern: generator.next())
            return value.isFinite ? value : 0.25
        }
    }

    static func optional<T>(_ generator: inout SeededGenerator, _ make: (inout SeededGenerator) -> T) -> T? {
        generator.next() % 3 == 0 ? nil : make(&generator)
    }

    @Test("The bytes of JSONEncoder for 3,000 generated metadata, every optional field present or absent")
    func sameBytesAsJSONEncoder() throws {
        let base = try Self.base()
        var generator = SeededGenerator(seed: 18)
        var written = 0
        for _ in 0..<3000 {
            var m = base
            m.key = Self.text(&generator)
            m.split = ["train", "val", "test", Self.text(&generator)][Int(generator.next() % 4)]
            m.format = ["dicom", "png", "jpeg"][Int(generator.next() % 3)]
            m.originalSize = [Int(generator.next() % 70000), Int(generator.next() % 70000)]
            m.size = (0..<Int(generator.next() % 3)).map { _ in Int(generator.next() % 4096) }
            m.spacing = Self.optional(&generator) {
                SampleMetadata.Spacing(row: Self.number(&$0), column: Self.number(&$0), source: Self.text(&$0))
            }
            m.view = Self.optional(&generator, Self.text)
            m.modality = Self.optional(&generator, Self.text)
            m.sourceSHA256 = Self.optional(&generator) { _ in String(repeating: "ab", count: 32) }
            m.sourceBLAKE3 = Self.optional(&generator) { g in String(g.next(), radix: 16) }
            m.grayFrom = Self.optional(&generator) { g in ["rgb-equal", "rgb-luma", "jpeg-luminance"][Int(g.next() % 3)] }
            m.patient = Self.optional(&generator, Self.text)
            m.labels = Self.optional(&generator) { g in (0..<Int(g.next() % 15)).map { _ in UInt8(g.next() % 2) } }
            m.mask = Self.optional(&generator) { g in (0..<Int(g.next() % 15)).map { _ in UInt8(g.next() % 256) } }
            m.findings = Self.optional(&generator) { g in (0..<Int(g.next() % 4)).map { _ in Self.text(&g) } }
            m.cls = Self.optional(&generator) { g in Int(Int64(bitPattern: g.next()) % 1000) }
            m.warnings = Self.optional(&generator) { g in (0..<Int(g.next() % 3)).map { _ in Self.text(&g) } }
            m.decodedScale = Self.optional(&generator) { g in [2, 4, 8][Int(g.next() % 3)] }
            m.quality = Self.optional(&generator) { g in
                QualityMeasures(
                    phash: PerceptualHash(bits: g.next()), atFloor: Self.number(&g), atCeiling: Self.number(&g),
                    dynamicRange: Self.number(&g), entropy: Self.number(&g), blank: g.next() % 2 == 0,
                    scale: g.next() % 2 == 0 ? .type : .observed)
            }
            let direct = try #require(m.compactJSON(), "no direct bytes for \(m)")
            let encoded = try ManifestCoding.line(m)
            #expect(direct == encoded, "\(String(decoding: direct, as: UTF8.self)) != \(String(decoding: encoded, as: UTF8.self))")
            if direct == encoded { written += 1 }
        }
        #expect(written == 3000)
    }

    @Test("Metadata the writer does not cover goes to JSONEncoder, and KEY.json still holds its bytes")
    func leftToJSONEncoder() throws {
        let base = try Self.base()
        var escaped = base
        escaped.view = "P\"A"
        var control = base
        control.modality = "D\nX"
        var backslash = base
        backslash.patient = "a\\b"
        var extras = base
        extras.extras = ["age": .int(61)]
        var notFinite = base
        notFinite.spacing = SampleMetadata.Spacing(row: .nan, column: 0.2, source: "PixelSpacing")
        for m in [escaped, control, backslash, extras] {
            #expect(m.compactJSON() == nil)
            #expect(try MemberFormat.jsonMember(m).contents == ManifestCoding.line(m))
        }
        #expect(notFinite.compactJSON() == nil)
        #expect(throws: (any Error).self) { try MemberFormat.jsonMember(notFinite) }
        // The sample itself is covered, and the member holds exactly the encoder's bytes.
        #expect(try MemberFormat.jsonMember(base).contents == ManifestCoding.line(base))
        #expect(base.compactJSON() != nil)
    }

    /// The fields `compactJSON()` writes, by name. A field added to `SampleMetadata` (or to its
    /// `Spacing` or `QualityMeasures`) that the direct writer does not know would be left out of
    /// KEY.json without a word; the generated comparison above cannot see it, since it never sets
    /// a field it does not know. This test fails first: add the field to the writer, then here.
    @Test("The direct writer knows every stored field of the metadata it writes")
    func everyFieldKnown() throws {
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        let base = try Self.base()
        #expect(
            labels(base).sorted() == [
                "augmentation", "cls", "decodedScale", "extras", "findings", "format", "grayFrom", "key", "labels",
                "mask", "modality", "originalSize", "patient", "quality", "size", "sourceBLAKE3", "sourceSHA256",
                "spacing", "split", "view", "warnings",
            ])
        #expect(
            labels(SampleMetadata.Spacing(row: 0.1, column: 0.2, source: "PixelSpacing")).sorted() == [
                "column", "row", "source",
            ])
        let quality = try #require(base.quality)
        #expect(labels(quality).sorted() == ["atCeiling", "atFloor", "blank", "dynamicRange", "entropy", "phash", "scale"])
    }
}
