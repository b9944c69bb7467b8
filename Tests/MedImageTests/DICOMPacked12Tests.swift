import Testing

@testable import MedImage

/// Bits Allocated 12, packed (two samples in three bytes), against GDCM's decoded buffer
/// (fixtures from Tests/Fixtures/generate_dicom_layouts.py; pydicom refuses this layout).
@Suite("DICOM packed 12-bit")
struct DICOMPacked12Tests {
    @Test("Unsigned packed 12-bit: every frame equals GDCM's words, as uint16", arguments: [0, 1])
    func unsigned(frame: Int) throws {
        let image = try DICOMFixture.decode("packed12.dcm", frame: frame)
        guard case .uint16(let samples) = image.stored else {
            Issue.record("packed 12-bit stored values are not uint16")
            return
        }
        let expected = try DICOMFixture.expected("packed12")
        #expect(samples.width == 6 && samples.height == 5)
        #expect(samples.samples.map(Double.init) == Array(expected[(frame * 30)..<((frame + 1) * 30)]))
    }

    @Test("Signed packed 12-bit: GDCM's words sign-extended from Bits Stored, as int16", arguments: [0, 1])
    func signed(frame: Int) throws {
        let image = try DICOMFixture.decode("packed12_signed.dcm", frame: frame)
        guard case .int16(let samples) = image.stored else {
            Issue.record("signed packed 12-bit stored values are not int16")
            return
        }
        let expected = try DICOMFixture.expected("packed12_signed")
        #expect(samples.samples.map(Double.init) == Array(expected[(frame * 30)..<((frame + 1) * 30)]))
    }

    @Test("The bytes 0x23 0xC1 0xAB unpack to 0x123 and 0xABC (low byte first, nibbles shared)")
    func unpacking() {
        let words = [UInt8]([0x23, 0xC1, 0xAB]).withUnsafeBytes { StoredSamples.unpacked12($0, count: 2) }
        #expect(words == [0x123, 0xABC])
    }
}
