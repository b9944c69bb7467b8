import MedTestSupport
import Testing

@testable import MedImage

/// A frame DCMTK's codec decodes "with a warning" has made-up samples: it must be refused.
@Suite("DICOM codec warnings")
struct DICOMCodecWarningTests {
    @Test(
        "a JPEG stream cut to two thirds (EOI restored) is refused, quoting DCMTK's warning",
        arguments: ["mono12_jpeg_extended_cut.dcm", "mono8_jpeg_baseline_cut.dcm"])
    func cutStream(name: String) throws {
        let error = DICOMFixture.error(try DICOMFixture.bytes(name), path: name)
        #expect(error?.code == .malformed)
        #expect(error?.location == .frame(0))
        #expect(error?.reason.contains("premature end of data segment") == true, "\(error?.reason ?? "no error")")
    }

    @Test("the uncut streams decode without a warning")
    func wholeStreams() throws {
        for name in ["mono12_jpeg_extended.dcm", "mono8_jpeg_baseline.dcm"] {
            #expect(try DICOMFixture.decode(name).warnings.isEmpty, "\(name)")
        }
    }

    @Test("only warnings that leave every sample decoded are harmless")
    func harmless() {
        #expect(CodecWarning.isHarmless("Invalid SOS parameters for sequential JPEG"))
        #expect(CodecWarning.isHarmless("Corrupt JPEG data: 2 extraneous bytes before marker 0xd9"))
        #expect(!CodecWarning.isHarmless("Corrupt JPEG data: premature end of data segment"))
        #expect(!CodecWarning.isHarmless("Corrupt JPEG data: bad Huffman code"))
    }
}
