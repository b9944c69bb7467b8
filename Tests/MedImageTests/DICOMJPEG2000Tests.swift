import MedTestSupport
import Testing

@testable import MedImage

/// JPEG 2000 and HTJ2K through OpenJPEG.
///
/// Fixtures from Tests/Fixtures/generate_dicom_frames.py:
/// codestreams written by pylibjpeg-openjpeg and OpenJPH's ojph_compress from known arrays
/// (lossless, so the arrays are the reference); reduced-resolution references are Pillow's own
/// OpenJPEG build decoding with `Image.reduce`.
@Suite("DICOM JPEG 2000")
struct DICOMJPEG2000Tests {
    static let frameSize = 300 * 244

    @Test("lossless frames spread over three fragments each decode bit-exact", arguments: [0, 1])
    func fragmentedFrames(frame: Int) throws {
        let image = try DICOMFixture.decode("j2k_fragmented.dcm", frame: frame)
        let all = try DICOMFixture.expected("j2k_fragmented")
        #expect(image.stored.width == 244 && image.stored.height == 300)
        #expect(image.stored.doubleSamples == Array(all[(frame * Self.frameSize)..<((frame + 1) * Self.frameSize)]))
        #expect(image.metadata.transferSyntax?.uid == "1.2.840.10008.1.2.4.90")
    }

    @Test(
        "a JP2-wrapped codestream and an HTJ2K codestream decode bit-exact",
        arguments: ["j2k_jp2_wrapper.dcm", "htj2k_lossless.dcm"])
    func wrappers(name: String) throws {
        let image = try DICOMFixture.decode(name)
        #expect(image.stored.doubleSamples == Array(try DICOMFixture.expected("j2k_fragmented")[0..<Self.frameSize]))
    }

    @Test("HTJ2K keeps its own transfer syntax in the metadata (DCMTK parses it under the JPEG 2000 UID)")
    func htj2kSyntax() throws {
        #expect(try DICOMFixture.decode("htj2k_lossless.dcm").metadata.transferSyntax?.uid == "1.2.840.10008.1.2.4.201")
    }

    @Test(
        "a smaller minimum size decodes at 1/2 or 1/4 resolution, equal to Pillow's reduced decode",
        arguments: [(122, 150, 2, "j2k_fragmented_reduce1"), (61, 75, 4, "j2k_fragmented_reduce2")])
    func reduced(minimumWidth: Int, minimumHeight: Int, scale: Int, reference: String) throws {
        let image = try ImageDecoder.decode(
            contentsOf: Fixtures.fixture("dicom/j2k_fragmented.dcm"),
            options: DecodeOptions(minimumSize: (minimumWidth, minimumHeight)))
        #expect(image.scaleDenominator == scale)
        #expect(image.stored.width == (244 + scale - 1) / scale && image.stored.height == (300 + scale - 1) / scale)
        #expect(image.stored.doubleSamples == (try DICOMFixture.expected(reference)))
    }

    @Test("the reduction never goes below the minimum size")
    func neverSmaller() {
        #expect(DICOMDecoder.reduction(width: 2500, height: 2048, levels: 6, minimum: (512, 512)) == 2)
        #expect(DICOMDecoder.reduction(width: 2500, height: 2048, levels: 6, minimum: (626, 512)) == 1)
        #expect(DICOMDecoder.reduction(width: 2500, height: 2048, levels: 2, minimum: (64, 64)) == 1)
        #expect(DICOMDecoder.reduction(width: 2500, height: 2048, levels: 6, minimum: nil) == 0)
        #expect(DICOMDecoder.reduction(width: 2500, height: 2048, levels: 6, minimum: (2500, 2048)) == 0)
    }

    @Test("a codestream cut to half is refused, naming the frame")
    func cut() throws {
        let error = DICOMFixture.error(try DICOMFixture.bytes("j2k_cut_half.dcm"))
        #expect(error?.code == .malformed)
        #expect(error?.location == .frame(0))
        #expect(error?.reason.contains("JPEG 2000") == true)
    }
}
