import Foundation
import MedImage
import Testing

@testable import MedQuality

/// Known values of the hash and measures on images whose DCT and histogram are known by hand.
@Suite("PerceptualHash and QualityMeasures")
struct PerceptualHashTests {
    @Test("a constant image is blank, has zero entropy, range and AC coefficients")
    func constant() {
        let m = QualityMeasures.measure(PixelBuffer(width: 64, height: 48, repeating: UInt8(77)))
        #expect(m.blank)
        #expect(m.entropy == 0)
        #expect(m.dynamicRange == 0)
        #expect(m.atFloor == 0 && m.atCeiling == 0)
        // Every AC coefficient is ~0 and DC is large: the DC bit is set.
        #expect(m.phash.bits >> 63 == 1)
    }

    @Test("a left-dark, right-bright image sets the bit of the first horizontal frequency to 0")
    func halves() {
        // Dark left, bright right: the (0,1) coefficient, cos over x, is strongly negative.
        var samples = [UInt8](repeating: 0, count: 64 * 64)
        for y in 0..<64 { for x in 32..<64 { samples[y * 64 + x] = 255 } }
        let m = QualityMeasures.measure(PixelBuffer(width: 64, height: 64, samples: samples))
        #expect(m.atFloor == 0.5 && m.atCeiling == 0.5)
        #expect(m.entropy == 1)
        #expect(m.dynamicRange == 1)
        #expect(!m.blank)
        #expect((m.phash.bits >> 62) & 1 == 0)  // bit 1: (u 0, v 1)
        #expect(m.phash.bits >> 63 == 1)  // DC
    }

    @Test("16-bit samples measure as the same picture in 8 bits")
    func sixteenBit() {
        let eight: [UInt8] = (0..<1600).map { (i: Int) -> UInt8 in
            let value: Int = (i * 7 + (i / 40) * 13) % 256
            return UInt8(value)
        }
        let sixteen = eight.map { UInt16($0) * 257 }
        let a = QualityMeasures.measure(PixelBuffer(width: 40, height: 40, samples: eight))
        let b = QualityMeasures.measure(PixelBuffer(width: 40, height: 40, samples: sixteen))
        #expect(a.phash == b.phash)
        #expect(a.entropy == b.entropy)
        #expect(a.atCeiling == b.atCeiling)
    }

    @Test("hex round-trips and distance counts bits")
    func hex() {
        let h = PerceptualHash(bits: 0x0123_4567_89AB_CDEF)
        #expect(h.hex == "0123456789abcdef")
        #expect(PerceptualHash(hex: h.hex) == h)
        #expect(PerceptualHash(hex: "xyz") == nil)
        #expect(h.distance(to: PerceptualHash(bits: 0x0123_4567_89AB_CDEE)) == 1)
    }
}

/// The 8-bit fast scan against the general one it replaces.
@Suite("GrayScan fast path")
struct GrayScanFastPathTests {
    @Test(
        "the 8-bit block scan gives the general scan's histogram, extremes and reduction",
        arguments: [(64, 96), (512, 512), (32, 320)])
    func sameAsGeneral(size: (Int, Int)) throws {
        let (w, h) = size
        var state: UInt64 = 99
        let samples: [UInt8] = (0..<(w * h)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let image = PixelBuffer(width: w, height: h, samples: samples)
        let fast = try #require(GrayScan.gray8(image))
        let general = GrayScan(plane: GrayPlane.of(image), width: w, height: h)
        #expect(fast.histogram == general.histogram)
        #expect(fast.atFloor == general.atFloor && fast.atCeiling == general.atCeiling)
        #expect(fast.minimum == general.minimum && fast.maximum == general.maximum)
        #expect(fast.reduced == general.reduced)
        #expect(GrayScan.gray8(PixelBuffer(width: w + 1, height: h, repeating: 0)) == nil)
    }
}

/// The 16-bit fast scan against the general one.
@Suite("GrayScan 16-bit fast path")
struct GrayScan16FastPathTests {
    @Test(
        "the 16-bit integer scan gives the general scan's histogram and extremes, and its reduction to within float rounding"
    )
    func sameAsGeneral() throws {
        var state: UInt64 = 5
        var samples: [UInt16] = (0..<(64 * 96)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt16(truncatingIfNeeded: state >> 48)
        }
        samples[0] = 0
        samples[1] = 65535
        samples[2] = 257 * 3
        let image = PixelBuffer(width: 64, height: 96, samples: samples)
        let fast = try #require(GrayScan.integer16(image))
        let general = GrayPlane.scan(image)
        #expect(fast.histogram == general.histogram)
        #expect(fast.atFloor == general.atFloor && fast.atCeiling == general.atCeiling)
        #expect(fast.minimum == general.minimum && fast.maximum == general.maximum)
        // The general scan rounds each v / 257 to Float (relative 6e-8 of up to 255); the fast one divides sums.
        for (a, b) in zip(fast.reduced, general.reduced) { #expect(abs(a - b) < 2e-5) }
    }
}
