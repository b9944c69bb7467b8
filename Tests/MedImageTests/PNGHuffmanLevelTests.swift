import Foundation
import MedTestSupport
import Testing

@testable import MedImage

/// Level 1 at 8 bits: AVERAGE-filtered rows in a zlib stream of Huffman-only DEFLATE blocks
/// (CPNG's HuffmanDeflate.c), read back by libpng (zlib's inflate, every CRC and the Adler-32
/// checked) and by libdeflate (PNGReader.c), which must both give the samples written.
@Suite("PNG level 1: Huffman-only DEFLATE")
struct PNGHuffmanLevelTests {
    /// The samples libpng and libdeflate decode from `png`, which must agree.
    static func decodedBothWays(_ png: [UInt8]) throws -> [UInt8] {
        var options = DecodeOptions()
        options.decodesPNGWithLibdeflate = false
        let libpng = try PNGDecoder().decode(png, path: "mem.png", options: options)
        options.decodesPNGWithLibdeflate = true
        let libdeflate = try PNGDecoder().decode(png, path: "mem.png", options: options)
        guard case .uint8(let a) = libpng.stored, case .uint8(let b) = libdeflate.stored else {
            Issue.record("an 8-bit PNG did not decode to UInt8")
            return []
        }
        #expect(a.samples == b.samples)
        return a.samples
    }

    /// Deterministic bytes: `zeroRuns` spans of zeros of growing length (1 to a few hundred, across
    /// the 258-byte copy limit) between noisy stretches.
    static func samples(count: Int, seed: UInt64, zeroRuns: Bool) -> [UInt8] {
        var state = seed, out: [UInt8] = [], run = 1
        out.reserveCapacity(count)
        while out.count < count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            if zeroRuns, state >> 60 == 0 {
                out.append(contentsOf: repeatElement(0, count: min(run, count - out.count)))
                run = run % 600 + 7
            } else {
                out.append(UInt8(truncatingIfNeeded: state >> 56))
            }
        }
        return out
    }

    @Test(
        "Gray and RGB, noise with and without zero runs, widths around 8 and 258 bytes: libpng and libdeflate read the samples back",
        arguments: [(1, 1), (7, 2), (8, 3), (9, 4), (86, 5), (258, 3), (259, 2), (600, 9), (1000, 3)])
    func roundTrip(size: (Int, Int)) throws {
        let (width, height) = size
        for channels in [1, 3] {
            for zeroRuns in [false, true] {
                let count = width * height * channels
                let pixels = Self.samples(count: count, seed: UInt64(width * 31 + height), zeroRuns: zeroRuns)
                let png = try PNGEncoder.encode(
                    PixelBuffer(width: width, height: height, channels: channels, samples: pixels), compressionLevel: 1)
                #expect(try Self.decodedBothWays(png) == pixels, "\(width)x\(height)x\(channels) zeroRuns \(zeroRuns)")
            }
        }
    }

    @Test("Flat images, all zero and all 100, whole rows of zero residuals, code as runs: a few bytes per row")
    func flatImagesAreRuns() throws {
        for value: UInt8 in [0, 100] {
            let pixels = [UInt8](repeating: value, count: 512 * 512)
            let png = try PNGEncoder.encode(PixelBuffer(width: 512, height: 512, channels: 1, samples: pixels),
                                            compressionLevel: 1)
            #expect(try Self.decodedBothWays(png) == pixels)
            // Huffman codes alone would need at least a bit per pixel: 32 KB.
            #expect(png.count < 4096, "flat \(value): \(png.count) bytes")
        }
    }

    @Test("Over 1 MiB of filtered rows: several blocks, each with its own code, read back exactly")
    func severalBlocks() throws {
        // Two halves of different statistics, so that the blocks' codes differ.
        let width = 1100, height = 1000
        var pixels = Self.samples(count: width * height / 2, seed: 5, zeroRuns: true)
        pixels += (0..<(width * height / 2)).map { UInt8(truncatingIfNeeded: ($0 % width) / 9 + ($0 / width) / 7) }
        let png = try PNGEncoder.encode(PixelBuffer(width: width, height: height, channels: 1, samples: pixels),
                                        compressionLevel: 1)
        #expect(try Self.decodedBothWays(png) == pixels)
        let rgb = Self.samples(count: 700 * 700 * 3, seed: 9, zeroRuns: true)
        let png3 = try PNGEncoder.encode(PixelBuffer(width: 700, height: 700, channels: 3, samples: rgb),
                                         compressionLevel: 1)
        #expect(try Self.decodedBothWays(png3) == rgb)
    }

    @Test("A radiograph-like image codes in well under its raw size")
    func smoothNoisyImage() throws {
        // A smooth field plus small noise, as a downscaled radiograph: residuals of a few levels.
        var state: UInt64 = 3
        let pixels: [UInt8] = (0..<(256 * 256)).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = Double(i % 256), y = Double(i / 256)
            let wave: Double = sin(x / 40) * cos(y / 50)
            let noise = Double(state >> 62)
            return UInt8(128 + 60 * wave + noise)
        }
        let png = try PNGEncoder.encode(PixelBuffer(width: 256, height: 256, channels: 1, samples: pixels),
                                        compressionLevel: 1)
        #expect(try Self.decodedBothWays(png) == pixels)
        #expect(png.count < 65536 / 2)
    }
}
