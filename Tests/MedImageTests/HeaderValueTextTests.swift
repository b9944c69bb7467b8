import MedTestSupport
import Testing

@testable import MedImage

/// Header values are repeated only in the form their VR allows: errors and sample metadata never
/// carry free text (a name, an id) that a header held in the wrong element.
@Suite("header values repeated in messages and metadata")
struct HeaderValueTextTests {
    @Test("code strings, UIDs and integer strings pass when they have their VR's form, and only then")
    func forms() {
        #expect(HeaderValueText.codeString("MONOCHROME2") == "MONOCHROME2")
        #expect(HeaderValueText.codeString("ORIGINAL_PRIMARY") == "ORIGINAL_PRIMARY")
        #expect(HeaderValueText.codeString("DOE^JOHN") == nil)  // PN's component separator
        #expect(HeaderValueText.codeString("ABCDEFGHIJKLMNOPQ") == nil)  // 17 bytes
        #expect(HeaderValueText.codeString("") == nil)
        #expect(HeaderValueText.codeString("Müller") == nil)
        #expect(HeaderValueText.uid("1.2.840.10008.1.2.4.90") == "1.2.840.10008.1.2.4.90")
        #expect(HeaderValueText.uid("1.2.3.DOE") == nil)
        #expect(HeaderValueText.uid(String(repeating: "1", count: 65)) == nil)
        #expect(HeaderValueText.integerString("-512") == "-512")
        #expect(HeaderValueText.integerString("ZQX12345") == nil)
    }

    @Test("coded attributes pass only as defined terms: a name or an id of code-string form does not")
    func terms() {
        #expect(HeaderValueText.codeString("JOHN SMITH") == "JOHN SMITH")  // the form alone would let it through
        #expect(HeaderValueText.quotedPhotometric("YBR_RCT") == "'YBR_RCT'")
        #expect(HeaderValueText.quotedPhotometric("JOHN SMITH") == "a 10-byte value that is not a defined term")
        #expect(HeaderValueText.quotedPhotometric("DOE^JOHN") == "a 8-byte value that is not a defined term")
        #expect(HeaderValueText.term("DX", in: HeaderValueText.modalityTerms) == "DX")
        #expect(HeaderValueText.term("MRN12345", in: HeaderValueText.modalityTerms) == nil)
        #expect(HeaderValueText.viewPosition("PA") == "PA")
        #expect(HeaderValueText.viewPosition("AP AXIAL") == "AP AXIAL")
        #expect(HeaderValueText.viewPosition("XTABLE LATERAL") == "XTABLE LATERAL")
        #expect(HeaderValueText.viewPosition("JOHN SMITH") == nil)
        #expect(HeaderValueText.viewPosition("PA MRN12345") == nil)
        #expect(HeaderValueText.viewPosition("") == nil)
        #expect(HeaderValueText.term("L", in: HeaderValueText.lateralityTerms) == "L")
        #expect(HeaderValueText.term("SMITH", in: HeaderValueText.lateralityTerms) == nil)
        #expect(HeaderValueText.quotedUID("JOHN.DOE") == "a 8-byte value that is not a UID")
        #expect(HeaderValueText.quotedInteger("SMITH") == "a 5-byte value that is not a number")
        #expect(TransferSyntax(uid: "MRN 0042").description == "unknown (a 8-byte value that is not a UID)")
    }

    @Test("a name in Photometric Interpretation is refused without repeating it")
    func photometricName() throws {
        var bytes = try DICOMFixture.bytes("modality_lut.dcm")
        try Self.replace("MONOCHROME2 ", with: "JOHN SMITH  ", in: &bytes)
        let error = try #require(DICOMFixture.error(bytes))
        #expect(error.code == .unsupported)
        #expect(error.location == .element(group: 0x0028, element: 0x0004))
        #expect(!error.description.contains("SMITH") && !error.description.contains("JOHN"), "\(error)")
        #expect(error.description.contains("value that is not a defined term"), "\(error)")
    }

    @Test("Modality is kept when it is a defined term and dropped when it is not, even in code-string form")
    func modality() throws {
        let original = try DICOMFixture.bytes("cr_mono1.dcm")
        let kept = try DICOMDecoder().decode(original, path: "cr.dcm", options: DecodeOptions())
        #expect(kept.metadata.modality == "CR")
        var bytes = original
        try Self.replace("CS\u{02}\u{00}CR", with: "CS\u{02}\u{00}^Z", in: &bytes)
        let dropped = try DICOMDecoder().decode(bytes, path: "cr.dcm", options: DecodeOptions())
        #expect(dropped.metadata.modality == nil)
        #expect(dropped.stored == kept.stored, "only the attribute changed")
        var initials = original
        try Self.replace("CS\u{02}\u{00}CR", with: "CS\u{02}\u{00}JS", in: &initials)
        let coded = try DICOMDecoder().decode(initials, path: "cr.dcm", options: DecodeOptions())
        #expect(coded.metadata.modality == nil, "a valid code string that is no modality")
    }

    /// Replaces the one occurrence of `old` in `bytes` by `new`, of the same length.
    static func replace(_ old: String, with new: String, in bytes: inout [UInt8]) throws {
        let pattern = Array(old.utf8), replacement = Array(new.utf8)
        #expect(pattern.count == replacement.count)
        let starts = (0...(bytes.count - pattern.count)).filter { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
        let start = try #require(starts.count == 1 ? starts.first : nil, "\(old) occurs \(starts.count) times")
        bytes.replaceSubrange(start..<(start + pattern.count), with: replacement)
    }
}
