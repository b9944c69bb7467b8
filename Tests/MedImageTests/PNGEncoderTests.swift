import MedImage
import Testing

/// The PNG writer (CPNG's PNGWriter.c) read back by libpng, which checks every CRC and the zlib stream.
@Suite("PNG encoding")
struct PNGEncoderTests {
    /// Deterministic samples with smooth parts (for the Up/Average/Paeth filters) and noise.
    static func samples(count: Int, maximum: Int, seed: UInt64) -> [Int] {
        var state = seed
        return (0..<count).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Int(state >> 59)
            return (i * 37 / 5 + noise) % (maximum + 1)
        }
    }

    @Test(
        "Every level, gray and RGB, 8 and 16 bits, odd sizes: libpng decodes the same samples",
        arguments: [0, 1, 3, 4, 6, 9], [(1, 1), (7, 3), (33, 17)])
    func roundTrip(level: Int, size: (Int, Int)) throws {
        let (width, height) = size
        for channels in [1, 3] {
            let count = width * height * channels
            let eight = Self.samples(count: count, maximum: 255, seed: UInt64(level * 100 + width)).map { UInt8($0) }
            let png8 = try PNGEncoder.encode(
                PixelBuffer(width: width, height: height, channels: channels, samples: eight), compressionLevel: level)
            guard case .uint8(let back8) = try ImageDecoder.decode(png8, path: "mem.png").stored else {
                Issue.record("8-bit PNG did not decode to UInt8")
                return
            }
            #expect(back8.samples == eight && back8.channels == channels && back8.width == width)

            let sixteen = Self.samples(count: count, maximum: 65535, seed: UInt64(level * 7 + height)).map {
                UInt16($0)
            }
            let png16 = try PNGEncoder.encode(
                PixelBuffer(width: width, height: height, channels: channels, samples: sixteen),
                compressionLevel: level)
            guard case .uint16(let back16) = try ImageDecoder.decode(png16, path: "mem.png").stored else {
                Issue.record("16-bit PNG did not decode to UInt16")
                return
            }
            #expect(back16.samples == sixteen && back16.channels == channels && back16.height == height)
        }
    }

    @Test("The layout is PNG's: signature, IHDR with the image's header, IDAT, IEND; same input, same bytes")
    func layout() throws {
        let image = PixelBuffer(width: 300, height: 2, channels: 1, samples: (0..<600).map { UInt8($0 % 256) })
        let bytes = try PNGEncoder.encode(image, compressionLevel: 1)
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(bytes[12..<16]) == Array("IHDR".utf8))
        #expect(Array(bytes[16..<29]) == [0, 0, 1, 44, 0, 0, 0, 2, 8, 0, 0, 0, 0])  // 300x2, 8-bit gray
        #expect(Array(bytes[37..<41]) == Array("IDAT".utf8))
        #expect(Array(bytes.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
        #expect(try PNGEncoder.encode(image, compressionLevel: 1) == bytes)
    }

    @Test("A smooth image compresses: level 9 is no larger than level 1, both far below the raw size")
    func compresses() throws {
        let ramp: [UInt8] = (0..<65536).map { (i: Int) -> UInt8 in UInt8((i % 256 + i / 256) / 2) }
        let gradient = PixelBuffer(width: 256, height: 256, channels: 1, samples: ramp)
        let fast = try PNGEncoder.encode(gradient, compressionLevel: 1).count
        let small = try PNGEncoder.encode(gradient, compressionLevel: 9).count
        #expect(small <= fast)
        // Level 1 codes every filtered byte on its own (at least a bit each; this ramp's residuals
        // alternate 0, 1); level 9's matches find the repeating pattern.
        #expect(fast < 65536 / 4)
        #expect(small < 65536 / 8)
    }
}
