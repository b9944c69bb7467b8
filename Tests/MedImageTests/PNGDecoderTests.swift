import MedTestSupport
import Testing

@testable import MedImage

/// Fixtures are written by pypng (Tests/Fixtures/generate_image_fixtures.py) with
/// value(x, y) = (x * 1237 + y * 4099) mod 2^bits, recomputed here.
private let width = 37, height = 23

private func expected(bits: Int, channel: Int = 0) -> [Int] {
    (0..<height).flatMap { y in (0..<width).map { x in (x * 1237 + y * 4099 + channel * 7919) % (1 << bits) } }
}

private func decode(_ name: String) throws -> DecodedImage {
    try ImageDecoder.decode(contentsOf: Fixtures.fixture("png/\(name)"))
}

@Suite("PNG decoding")
struct PNGDecoderTests {
    @Test("16-bit gray samples are exact, interlaced or not, gamma chunks ignored",
          arguments: ["gray16.png", "gray16_interlaced.png", "gray16_gamma.png"])
    func gray16Exact(name: String) throws {
        let image = try decode(name)
        guard case .uint16(let buffer) = image.stored else {
            Issue.record("expected UInt16 samples, got \(image.stored)")
            return
        }
        #expect(buffer.width == width && buffer.height == height && buffer.channels == 1)
        #expect(buffer.samples.map(Int.init) == expected(bits: 16))
        #expect(image.metadata.format == .png)
        #expect(image.metadata.bitsStored == 16)
    }

    @Test("8-bit gray, plain and interlaced", arguments: ["gray8.png", "gray8_interlaced.png"])
    func gray8(name: String) throws {
        let image = try decode(name)
        guard case .uint8(let buffer) = image.stored else {
            Issue.record("expected UInt8 samples")
            return
        }
        #expect(buffer.samples.map(Int.init) == expected(bits: 8))
    }

    @Test("1, 2 and 4-bit gray are scaled to 8 bits as the PNG spec's sample-depth scaling does",
          arguments: [1, 2, 4])
    func lowBitGray(bits: Int) throws {
        let image = try decode("gray\(bits).png")
        guard case .uint8(let buffer) = image.stored else {
            Issue.record("expected UInt8 samples")
            return
        }
        let maximum = (1 << bits) - 1
        #expect(buffer.samples.map(Int.init) == expected(bits: bits).map { $0 * 255 / maximum })
    }

    @Test("gray+alpha drops alpha and keeps gray exact")
    func grayAlpha() throws {
        let image = try decode("gray_alpha16.png")
        guard case .uint16(let buffer) = image.stored else {
            Issue.record("expected UInt16 samples")
            return
        }
        #expect(buffer.channels == 1)
        #expect(buffer.samples.map(Int.init) == expected(bits: 16))
    }

    @Test("RGB and RGBA at 8 and 16 bits come out as exact interleaved RGB",
          arguments: ["rgb8.png", "rgba8.png", "rgb16.png", "rgba16.png"])
    func rgb(name: String) throws {
        let image = try decode(name)
        let bits = name.hasSuffix("16.png") ? 16 : 8
        #expect(image.stored.channels == 3)
        let want = (0..<(width * height)).flatMap { i in (0..<3).map { c in expected(bits: bits, channel: c)[i] } }
        #expect(image.stored.doubleSamples.map { Int($0) } == want)
        #expect(image.metadata.photometric == .rgb)
    }

    @Test("palette indices are expanded through the PLTE chunk; a tRNS chunk adds no alpha",
          arguments: ["palette4.png", "palette4_trns.png"])
    func palette(name: String) throws {
        let image = try decode(name)
        #expect(image.stored.channels == 3)
        let indices = expected(bits: 4)
        let want = indices.flatMap { i in [i * 16, 255 - i * 16, i * 7] }
        #expect(image.stored.doubleSamples.map { Int($0) } == want)
    }

    @Test("a truncated PNG is a truncated error naming the file")
    func truncated() throws {
        var bytes = try Fixtures.fixtureBytes("png/gray16.png")
        bytes.removeLast(bytes.count / 2)
        let error = #expect(throws: ImageError.self) { try ImageDecoder.decode(bytes, path: "cut.png") }
        #expect(error?.code == .truncated)
        #expect(error?.path == "cut.png")
    }

    @Test("a corrupt chunk CRC is a malformed error with libpng's reason")
    func corrupt() throws {
        var bytes = try Fixtures.fixtureBytes("png/gray16.png")
        bytes[29] ^= 0xFF  // inside IHDR's CRC
        let error = #expect(throws: ImageError.self) { try ImageDecoder.decode(bytes, path: "bad.png") }
        #expect(error?.code == .malformed)
        #expect(error?.reason.contains("CRC") == true)
    }

    @Test("frame 1 of a PNG is out of range")
    func frameOutOfRange() throws {
        let bytes = try Fixtures.fixtureBytes("png/gray8.png")
        let error = #expect(throws: ImageError.self) {
            try ImageDecoder.decode(bytes, path: "a.png", options: DecodeOptions(frame: 1))
        }
        #expect(error?.code == .frameOutOfRange)
        #expect(error?.location == .frame(1))
    }

    @Test("PNG encoding round-trips 8 and 16-bit samples exactly")
    func encodeRoundTrip() throws {
        let samples16 = expected(bits: 16).map { UInt16($0) }
        let png16 = try PNGEncoder.encode(PixelBuffer(width: width, height: height, samples: samples16))
        guard case .uint16(let back16) = try ImageDecoder.decode(png16, path: "mem").stored else {
            Issue.record("expected UInt16")
            return
        }
        #expect(back16.samples == samples16)
        let rgb8 = (0..<(width * height * 3)).map { UInt8($0 % 251) }
        let png8 = try PNGEncoder.encode(PixelBuffer(width: width, height: height, channels: 3, samples: rgb8),
                                         compressionLevel: 6)
        guard case .uint8(let back8) = try ImageDecoder.decode(png8, path: "mem").stored else {
            Issue.record("expected UInt8")
            return
        }
        #expect(back8.samples == rgb8 && back8.channels == 3)
    }
}
