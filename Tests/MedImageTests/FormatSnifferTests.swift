import MedTestSupport
import Testing

@testable import MedImage

@Suite("Format sniffing")
struct FormatSnifferTests {
    @Test("the format comes from the bytes, not the extension")
    func fromBytes() throws {
        #expect(FormatSniffer.format(of: try Fixtures.fixtureBytes("png/gray8.png")) == .png)
        #expect(FormatSniffer.format(of: try Fixtures.fixtureBytes("jpeg/gray_baseline.jpg")) == .jpeg)
        var part10 = [UInt8](repeating: 0, count: 132)
        part10[128...131] = [0x44, 0x49, 0x43, 0x4D]
        #expect(FormatSniffer.format(of: part10) == .dicom)
        // A raw data set: (0008,0005) Specific Character Set in implicit little endian.
        #expect(FormatSniffer.format(of: [0x08, 0x00, 0x05, 0x00, 0x0A, 0x00, 0x00, 0x00]) == .dicom)
        // Group 0002 in explicit VR little endian: (0002,0000) UL.
        #expect(FormatSniffer.format(of: [0x02, 0x00, 0x00, 0x00, 0x55, 0x4C, 0x04, 0x00]) == .dicom)
        #expect(FormatSniffer.format(of: Array("hello, world".utf8)) == nil)
    }

    @Test("unknown bytes and empty files get their own error codes")
    func unknownAndEmpty() {
        let unknown = #expect(throws: ImageError.self) { try ImageDecoder.decode(Array("GIF89a....".utf8), path: "x.dcm") }
        #expect(unknown?.code == .unknownFormat)
        #expect(unknown?.location == .byteOffset(0))
        let empty = #expect(throws: ImageError.self) { try ImageDecoder.decode([], path: "empty.dcm") }
        #expect(empty?.code == .empty)
        #expect(empty?.description == "empty.dcm: the file is empty (0 bytes)")
    }

    @Test("a missing file is unreadable, with the system's reason")
    func missing() {
        let error = #expect(throws: ImageError.self) { try ImageDecoder.decode(contentsOf: "/nonexistent/a.png") }
        #expect(error?.code == .unreadable)
        #expect(error?.reason == "No such file or directory")
    }
}
