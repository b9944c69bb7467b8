import CPNG
import MedTestSupport
import Testing

@testable import MedImage

/// Non-interlaced 8/16-bit PNGs inflated by libdeflate (PNGReader.c) instead of libpng.
///
/// libpng is the reference: the same file through both routes must give the same samples, and the
/// formula the fixtures were written from (Tests/Fixtures/generate_image_fixtures.py; the `filters_`
/// files use every filter type at every pixel size, read back by pypng when written).
@Suite("PNG through libdeflate")
struct PNGFastPathTests {
    private static let width = 37, height = 23

    static func decode(_ bytes: [UInt8], name: String, fastPath: Bool) throws -> DecodedImage {
        var options = DecodeOptions()
        options.decodesPNGWithLibdeflate = fastPath
        return try PNGDecoder().decode(bytes, path: name, options: options)
    }

    /// The samples PNGReader.c alone produces, or nil when it declines the file.
    static func fastSamples(_ bytes: [UInt8]) -> [UInt8]? {
        var info = CPNG_Info()
        guard bytes.withUnsafeBytes({ CPNG_fast_read_info($0.baseAddress, $0.count, &info) }) == 1 else { return nil }
        var out = [UInt8](repeating: 0, count: Int(info.width) * Int(info.height) * Int(info.channels) * Int(info.bit_depth) / 8)
        let result = out.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { CPNG_fast_decode($0.baseAddress, $0.count, 0, target.baseAddress, target.count, nil) }
        }
        return result == 0 ? out : nil
    }

    /// The stored samples' bytes in host order, whatever their type.
    static func sampleBytes(_ image: DecodedImage) -> [UInt8] {
        switch image.stored {
        case .uint8(let buffer): return buffer.samples
        case .uint16(let buffer): return buffer.samples.withUnsafeBytes { Array($0) }
        default: return []
        }
    }

    static let filterFixtures = ["gray8", "gray16", "gray_alpha8", "gray_alpha16", "rgb8", "rgb16", "rgba8", "rgba16"]
        .map { "filters_\($0).png" }

    @Test("Every 8/16-bit non-interlaced fixture decodes without libpng to libpng's samples",
          arguments: ["gray8.png", "gray16.png", "gray16_gamma.png", "gray_alpha16.png", "rgb8.png", "rgb16.png",
                      "rgba8.png", "rgba16.png", "strip_65535x1.png"] + filterFixtures)
    func sameAsLibpng(name: String) throws {
        let bytes = try Fixtures.fixtureBytes("png/\(name)")
        let libpng = try Self.decode(bytes, name: name, fastPath: false)
        let fast = try #require(Self.fastSamples(bytes), "PNGReader.c declined \(name)")
        #expect(fast == Self.sampleBytes(libpng))
        let routed = try Self.decode(bytes, name: name, fastPath: true)
        #expect(Self.sampleBytes(routed) == Self.sampleBytes(libpng))
        #expect(routed.metadata == libpng.metadata)
        #expect(routed.stored.channels == libpng.stored.channels && routed.stored.width == libpng.stored.width)
    }

    @Test("Every filter type, on the first row too, at 1 to 8 bytes per pixel: the written samples, alpha dropped",
          arguments: filterFixtures)
    func filtersGiveTheFormula(name: String) throws {
        let bytes = try Fixtures.fixtureBytes("png/\(name)")
        let image = try Self.decode(bytes, name: name, fastPath: true)
        let bits = name.hasSuffix("16.png") ? 16 : 8
        let channels = name.contains("rgb") ? 3 : 1
        var want: [Double] = []
        for y in 0..<Self.height {
            for x in 0..<Self.width {
                for c in 0..<channels { want.append(Double((x * 1237 + y * 4099 + c * 7919) % (1 << bits))) }
            }
        }
        #expect(image.stored.channels == channels)
        #expect(image.stored.doubleSamples == want)
        #expect(image.metadata.bitsStored == bits)
    }

    @Test("Palette, 1/2/4-bit and interlaced files are left to libpng",
          arguments: ["palette4.png", "palette4_trns.png", "gray1.png", "gray2.png", "gray4.png", "gray8_interlaced.png",
                      "gray16_interlaced.png"])
    func declined(name: String) throws {
        var info = CPNG_Info()
        let bytes = try Fixtures.fixtureBytes("png/\(name)")
        #expect(bytes.withUnsafeBytes { CPNG_fast_read_info($0.baseAddress, $0.count, &info) } == 0)
        #expect(Self.fastSamples(bytes) == nil)
    }

    @Test("Damaged image data behind valid CRCs is declined, and the error is libpng's",
          arguments: ["damaged_filter_type.png", "damaged_adler32.png", "damaged_short_data.png"])
    func damaged(name: String) throws {
        let bytes = try Fixtures.fixtureBytes("png/\(name)")
        var info = CPNG_Info()
        #expect(bytes.withUnsafeBytes { CPNG_fast_read_info($0.baseAddress, $0.count, &info) } == 1)
        #expect(Self.fastSamples(bytes) == nil)
        let routed = #expect(throws: ImageError.self) { try Self.decode(bytes, name: name, fastPath: true) }
        let libpng = #expect(throws: ImageError.self) { try Self.decode(bytes, name: name, fastPath: false) }
        #expect(routed?.path == name && routed?.reason.isEmpty == false)
        #expect(routed?.code == libpng?.code && routed?.reason == libpng?.reason)
    }

    @Test("An IDAT chunk whose stored CRC is wrong (its data intact) is declined, and libpng reports the CRC error")
    func idatCRC() throws {
        var bytes = try Fixtures.fixtureBytes("png/filters_gray8.png")
        let type = try #require(bytes.indices.first { Array(bytes[$0..<($0 + 4)]) == Array("IDAT".utf8) })
        let length = bytes[(type - 4)..<type].reduce(0) { $0 << 8 | Int($1) }
        #expect(Self.fastSamples(bytes) != nil)
        bytes[type + 4 + length] ^= 0x40  // the first byte of the chunk's CRC
        #expect(Self.fastSamples(bytes) == nil)
        let error = #expect(throws: ImageError.self) { try Self.decode(bytes, name: "crc.png", fastPath: true) }
        #expect(error?.reason.contains("CRC") == true, "\(String(describing: error))")
    }

    @Test("4000 mutated files (bytes flipped, cut, CRCs left wrong or repaired): whenever libdeflate decodes one, libpng decodes the same samples",
          arguments: ["filters_gray8.png", "filters_rgba16.png"])
    func mutants(name: String) throws {
        let original = try Fixtures.fixtureBytes("png/\(name)")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var decodedByBoth = 0
        for _ in 0..<4000 {
            var bytes = original
            for _ in 0...next(3) { bytes[next(bytes.count)] ^= UInt8(1 + next(255)) }
            if next(4) == 0 { bytes.removeLast(next(bytes.count / 2)) }
            if next(2) == 0 { Self.repairCRCs(&bytes) }
            guard let fast = Self.fastSamples(bytes) else { continue }
            let libpng = try Self.decode(bytes, name: name, fastPath: false)
            #expect(fast == Self.sampleBytes(libpng))
            decodedByBoth += 1
        }
        #expect(decodedByBoth > 0, "some mutants (in ancillary chunks) still decode")
    }

    /// Recomputes the CRC of every whole chunk, so that mutations reach the header and the zlib stream.
    static func repairCRCs(_ bytes: inout [UInt8]) {
        var at = 8
        while at + 12 <= bytes.count {
            let length = bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
            guard length <= bytes.count - at - 12 else { return }
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes[(at + 4)..<(at + 8 + length)] {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            crc ^= 0xFFFF_FFFF
            for k in 0..<4 { bytes[at + 8 + length + k] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * k)) }
            at += 12 + length
        }
    }
}
