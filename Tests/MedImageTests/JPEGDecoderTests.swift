import MedTestSupport
import Testing

@testable import MedImage

/// Fixtures written and decoded by Pillow (Tests/Fixtures/generate_image_fixtures.py); 320x240.
@Suite("JPEG decoding")
struct JPEGDecoderTests {
    @Test("full-size decode matches Pillow's libjpeg within 1 gray level",
          arguments: ["gray_baseline", "gray_progressive", "color_baseline", "color_progressive"])
    func matchesPillow(name: String) throws {
        let image = try ImageDecoder.decode(contentsOf: Fixtures.fixture("jpeg/\(name).jpg"))
        let reference = try #require(NPYArray(path: Fixtures.fixture("jpeg/\(name).pillow.npy")))
        let channels = name.hasPrefix("color") ? 3 : 1
        #expect(image.stored.width == 320 && image.stored.height == 240 && image.stored.channels == channels)
        #expect(reference.shape.prefix(2) == [240, 320])
        let ours = image.stored.doubleSamples
        let theirs = try #require(reference.doubles)
        #expect(ours.count == theirs.count)
        let worst = zip(ours, theirs).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1, "largest difference from Pillow is \(worst)")
        #expect(image.scaleDenominator == 1)
    }

    @Test("the DCT scale is the smallest that stays at least the requested size")
    func scaleChoice() {
        #expect(JPEGDecoder.scaleDenominator(imageWidth: 2320, imageHeight: 2828, minimum: (512, 512)) == 4)
        #expect(JPEGDecoder.scaleDenominator(imageWidth: 2320, imageHeight: 2828, minimum: (224, 224)) == 8)
        #expect(JPEGDecoder.scaleDenominator(imageWidth: 1000, imageHeight: 1000, minimum: (500, 500)) == 2)
        #expect(JPEGDecoder.scaleDenominator(imageWidth: 1000, imageHeight: 1000, minimum: (501, 10)) == 1)
        // ceil(1001 / 2) = 501 is enough.
        #expect(JPEGDecoder.scaleDenominator(imageWidth: 1001, imageHeight: 1001, minimum: (501, 501)) == 2)
        #expect(JPEGDecoder.scaleDenominator(imageWidth: 1000, imageHeight: 1000, minimum: nil) == 1)
    }

    /// Tolerance: the DCT-domain reduction is a different low-pass than a box average, so on this
    /// smooth image with noise the mean absolute difference stays under 2 gray levels and no pixel
    /// differs by more than 12.
    @Test("scaled decode is close to full decode plus an area downscale", arguments: [2, 4, 8])
    func scaledCloseToArea(factor: Int) throws {
        let bytes = try Fixtures.fixtureBytes("jpeg/gray_baseline.jpg")
        let full = try JPEGDecoder().decode(bytes, path: "g.jpg")
        let minimum = (320 / factor, 240 / factor)
        let scaled = try JPEGDecoder().decode(bytes, path: "g.jpg", options: DecodeOptions(minimumSize: minimum))
        #expect(scaled.scaleDenominator == factor)
        #expect(scaled.stored.width == 320 / factor && scaled.stored.height == 240 / factor)
        #expect(scaled.metadata.width == 320, "metadata keeps the full size")
        let fullSamples = full.stored.doubleSamples
        let scaledSamples = scaled.stored.doubleSamples
        var total = 0.0, worst = 0.0
        for y in 0..<(240 / factor) {
            for x in 0..<(320 / factor) {
                var sum = 0.0
                for dy in 0..<factor { for dx in 0..<factor { sum += fullSamples[(y * factor + dy) * 320 + x * factor + dx] } }
                let difference = abs(sum / Double(factor * factor) - scaledSamples[y * (320 / factor) + x])
                total += difference
                worst = max(worst, difference)
            }
        }
        let mean = total / Double(scaledSamples.count)
        #expect(mean < 2, "mean difference \(mean)")
        #expect(worst <= 12, "largest difference \(worst)")
    }

    @Test("a 12-bit JPEG is refused as unsupported, naming the precision")
    func twelveBit() throws {
        var bytes = try Fixtures.fixtureBytes("jpeg/gray_baseline.jpg")
        // Find SOF0 (FF C0) and set its precision byte to 12.
        let sof = try #require((0..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + 4] = 12
        let error = #expect(throws: ImageError.self) { try ImageDecoder.decode(bytes, path: "x.jpg") }
        #expect(error?.code == .unsupported)
        #expect(error?.reason.contains("12") == true)
    }

    @Test("a truncated JPEG is an error, not a gray-filled image")
    func truncated() throws {
        let bytes = try Fixtures.fixtureBytes("jpeg/gray_baseline.jpg")
        let cut = Array(bytes.prefix(bytes.count / 2))
        let error = #expect(throws: ImageError.self) { try ImageDecoder.decode(cut, path: "cut.jpg") }
        #expect(error?.code == .truncated)
        #expect(error?.path == "cut.jpg")
    }

    @Test("corrupt entropy-coded data is malformed")
    func corrupt() throws {
        var bytes = try Fixtures.fixtureBytes("jpeg/color_baseline.jpg")
        let start = bytes.count / 3
        for i in start..<(start + 64) where bytes[i] != 0xFF { bytes[i] = UInt8(truncatingIfNeeded: i &* 37) | 0x01 }
        bytes[start + 10] = 0xFF
        bytes[start + 11] = 0xD9 // a premature EOI inside the scan
        let error = #expect(throws: ImageError.self) { try ImageDecoder.decode(bytes, path: "bad.jpg") }
        #expect(error?.code == .malformed || error?.code == .truncated)
        #expect(error?.reason.hasPrefix("JPEG: ") == true)
    }
}
