import MedTestSupport
import Testing

@testable import MedImage

/// Files whose only fault lies after Pixel Data decode as their intact twins, with a warning;
/// faults before or inside Pixel Data stay errors.
@Suite("DICOM faults after Pixel Data")
struct DICOMTrailingFaultTests {
    @Test(
        "a fault after Pixel Data decodes to the intact file's values, with a warning",
        arguments: [
            (
                "trailing_no_sequence_delimiter.dcm", "mono12_rle.dcm",
                "no Sequence Delimitation Item at the end of the file"
            ),
            ("trailing_stray_delimiter.dcm", "mono12_rle.dcm", "8 bytes after Pixel Data"),
            ("trailing_invalid_element.dcm", "mono12_explicit_le.dcm", "8 bytes after Pixel Data"),
        ])
    func decodedWithWarning(name: String, intact: String, warning: String) throws {
        let image = try DICOMFixture.decode(name)
        #expect(image.stored == (try DICOMFixture.decode(intact)).stored)
        #expect(image.stored.doubleSamples == (try DICOMFixture.expected("mono12")))
        #expect(image.warnings.count == 1)
        #expect(image.warnings.first?.contains(warning) == true, "\(image.warnings)")
        #expect(try DICOMFixture.decode(intact).warnings.isEmpty)
    }

    @Test("a file cut inside the closing Sequence Delimitation Item decodes, with a warning")
    func cutInsideDelimiter() throws {
        let whole = try DICOMFixture.bytes("mono12_jpeg_lossless_sv1.dcm")
        let image = try DICOMDecoder().decode(Array(whole.prefix(whole.count - 2)), path: "t.dcm")
        #expect(image.stored == (try DICOMFixture.decode("mono12_jpeg_lossless_sv1.dcm")).stored)
        #expect(image.warnings.first?.contains("without its Sequence Delimitation Item") == true, "\(image.warnings)")
    }

    @Test("a file cut inside the last fragment is still an error")
    func cutInsideFragment() throws {
        let whole = try DICOMFixture.bytes("mono12_jpeg_lossless_sv1.dcm")
        #expect(DICOMFixture.error(Array(whole.prefix(whole.count - 9))) != nil)
    }

    @Test("a file cut inside Pixel Data is still an error")
    func cutInsidePixelData() throws {
        let bytes = try DICOMFixture.bytes("mono12_explicit_le.dcm")
        let error = DICOMFixture.error(Array(bytes.prefix(bytes.count - 100)))
        #expect(error?.code == .truncated)
    }

    @Test("a stray delimiter before Pixel Data is still an error")
    func faultBeforePixelData() throws {
        var bytes = try DICOMFixture.bytes("mono12_explicit_le.dcm")
        // Insert a Sequence Delimitation Item right before Pixel Data (7FE0,0010).
        let tag: [UInt8] = [0xE0, 0x7F, 0x10, 0x00]
        let start = try #require((0..<(bytes.count - 4)).last { bytes[$0..<($0 + 4)].elementsEqual(tag) })
        bytes.insert(contentsOf: [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0], at: start)
        #expect(DICOMFixture.error(bytes) != nil)
    }
}
