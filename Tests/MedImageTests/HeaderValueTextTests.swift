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

    @Test("a quoted value that is not of its form is described by its length, not copied")
    func quoting() {
        #expect(HeaderValueText.quotedCodeString("YBR_RCT") == "'YBR_RCT'")
        #expect(HeaderValueText.quotedCodeString("DOE^JOHN") == "a 8-byte value that is not a code string")
        #expect(HeaderValueText.quotedUID("JOHN.DOE") == "a 8-byte value that is not a UID")
        #expect(HeaderValueText.quotedInteger("SMITH") == "a 5-byte value that is not a number")
        #expect(TransferSyntax(uid: "MRN 0042").description == "unknown (a 8-byte value that is not a UID)")
    }

    @Test("a name in Photometric Interpretation is refused without repeating it")
    func photometricName() throws {
        var bytes = try DICOMFixture.bytes("modality_lut.dcm")
        try Self.replace("MONOCHROME2 ", with: "DOE^JOHN^ZQ ", in: &bytes)
        let error = try #require(DICOMFixture.error(bytes))
        #expect(error.code == .unsupported)
        #expect(error.location == .element(group: 0x0028, element: 0x0004))
        #expect(!error.description.contains("DOE") && !error.description.contains("JOHN"), "\(error)")
        #expect(error.description.contains("value that is not a code string"), "\(error)")
    }

    @Test("Modality is kept when it is a code string and dropped when it is not")
    func modality() throws {
        let original = try DICOMFixture.bytes("cr_mono1.dcm")
        let kept = try DICOMDecoder().decode(original, path: "cr.dcm", options: DecodeOptions())
        #expect(kept.metadata.modality == "CR")
        var bytes = original
        try Self.replace("CS\u{02}\u{00}CR", with: "CS\u{02}\u{00}^Z", in: &bytes)
        let dropped = try DICOMDecoder().decode(bytes, path: "cr.dcm", options: DecodeOptions())
        #expect(dropped.metadata.modality == nil)
        #expect(dropped.stored == kept.stored, "only the attribute changed")
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
