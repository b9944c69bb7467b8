import Foundation
import MedTestSupport
import Testing

@testable import MedImage

/// 8-bit gray JPEG frames inside DICOM decoded by libjpeg-turbo instead of DCMTK's IJG 6b codec.
@Suite("DICOM JPEG through libjpeg-turbo")
struct DICOMJPEGFastPathTests {
    static func decode(_ name: String, minimumSize: (width: Int, height: Int)? = nil, fastPath: Bool = true)
        throws -> DecodedImage
    {
        var options = DecodeOptions(minimumSize: minimumSize)
        options.decodesDICOMJPEGWithLibjpegTurbo = fastPath
        return try DICOMDecoder().decode(try DICOMFixture.bytes(name), path: name, options: options)
    }

    @Test("Full scale: the samples of DCMTK's codec and of pydicom's Pillow decode, exactly")
    func sameAsDCMTK() throws {
        let fast = try Self.decode("mono8_jpeg_baseline.dcm")
        let dcmtk = try Self.decode("mono8_jpeg_baseline.dcm", fastPath: false)
        #expect(fast.scaleDenominator == 1 && dcmtk.scaleDenominator == 1)
        #expect(fast.stored.doubleSamples == dcmtk.stored.doubleSamples)
        #expect(fast.stored.doubleSamples == (try DICOMFixture.expected("mono8_jpeg_baseline_pillow")))
        #expect(fast.storedPhotometric == dcmtk.storedPhotometric)
        #expect(fast.windows == dcmtk.windows && fast.metadata.width == dcmtk.metadata.width)
    }

    @Test("With a minimum size the frame is decoded at 1/2 in the DCT domain, close to a 2x2 box average of the full decode")
    func scaled() throws {
        let full = try Self.decode("mono8_jpeg_baseline.dcm")
        let (width, height) = (full.stored.width, full.stored.height)
        let half = try Self.decode("mono8_jpeg_baseline.dcm", minimumSize: (width / 2, height / 2))
        #expect(half.scaleDenominator == 2)
        #expect(half.stored.width == (width + 1) / 2 && half.stored.height == (height + 1) / 2)
        #expect(half.metadata.width == width && half.metadata.height == height, "metadata keeps the full size")
        let a = full.stored.doubleSamples, b = half.stored.doubleSamples
        var total = 0.0, worst = 0.0
        for y in 0..<(height / 2) {
            for x in 0..<(width / 2) {
                let box = (a[2 * y * width + 2 * x] + a[2 * y * width + 2 * x + 1] + a[(2 * y + 1) * width + 2 * x]
                    + a[(2 * y + 1) * width + 2 * x + 1]) / 4
                let difference = abs(box - b[y * half.stored.width + x])
                total += difference
                worst = max(worst, difference)
            }
        }
        let mean = total / Double((height / 2) * (width / 2))
        #expect(mean < 2 && worst <= 16, "mean \(mean), worst \(worst)")
    }

    @Test(
        "Other JPEG data stays with DCMTK (no DCT scaling): 12-bit, color, and the switch turned off",
        arguments: [("mono12_jpeg_extended.dcm", true), ("rgb_jpeg_baseline_ybr422.dcm", true),
                    ("mono8_jpeg_baseline.dcm", false)])
    func fallsBack(name: String, fastPath: Bool) throws {
        let full = try Self.decode(name, fastPath: fastPath)
        let hinted = try Self.decode(
            name, minimumSize: (full.stored.width / 4, full.stored.height / 4), fastPath: fastPath)
        #expect(hinted.scaleDenominator == 1)
        #expect(hinted.stored.doubleSamples == full.stored.doubleSamples)
    }
}
