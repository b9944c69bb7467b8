import MedTestSupport
import Testing

@testable import MedImage

/// Files whose only fault lies inside a private element before Pixel Data (pydicom reads them; see
/// Tests/Fixtures/generate_private_faults.py) decode as their intact twins, with a warning; a fault
/// in an element we use stays an error.
@Suite("DICOM faults in private elements")
struct DICOMPrivateFaultTests {
    @Test("DCMTK refuses the faulty file itself")
    func dcmtkRefuses() throws {
        let bytes = try DICOMFixture.bytes("private_sequence_bad_length.dcm")
        let refused = DICOMDataSet.withParsed(bytes) { parsed -> Bool in
            if case .failure = parsed { return true }
            return false
        }
        #expect(refused)
    }

    @Test("a private sequence whose inner length passes its item's end decodes as the intact twin, with a warning")
    func privateSequenceBadLength() throws {
        let image = try DICOMFixture.decode("private_sequence_bad_length.dcm")
        let intact = try DICOMFixture.decode("private_intact.dcm")
        #expect(image.stored == intact.stored)
        #expect(image.stored.doubleSamples == (try DICOMFixture.expected("mono12")))
        #expect(image.metadata == intact.metadata)
        #expect(intact.warnings.isEmpty)
        #expect(image.warnings.count == 1)
        let warning = image.warnings.first ?? ""
        #expect(warning.contains("(0019,1002)"), "\(warning)")
        #expect(warning.contains("private element"), "\(warning)")
    }

    @Test("the implicit VR twin (which DCMTK reads, the private sequence being unknown to it) needs no recovery")
    func implicitTwin() throws {
        let image = try DICOMFixture.decode("private_sequence_bad_length_implicit.dcm")
        #expect(image.stored == (try DICOMFixture.decode("private_intact_implicit.dcm")).stored)
        #expect(image.warnings.isEmpty)
    }

    @Test("a fault in Rows (a used element) is still an error")
    func usedElementFault() throws {
        let bytes = try DICOMFixture.bytes("private_used_element_fault.dcm")
        #expect(DICOMFixture.error(bytes) != nil)
    }

    @Test("the same fault in a standard (even group) sequence is still an error")
    func standardSequenceFault() throws {
        // Renumber the private group 0019 to 0018 in the five tags written by the generator.
        var bytes = try DICOMFixture.bytes("private_sequence_bad_length.dcm")
        let tags: [[UInt8]] = [
            [0x19, 0x00, 0x10, 0x00, 0x4C, 0x4F], [0x19, 0x00, 0x01, 0x10, 0x4F, 0x42],
            [0x19, 0x00, 0x02, 0x10, 0x53, 0x51], [0x19, 0x00, 0x03, 0x10, 0x4F, 0x42],
        ]
        var renumbered = 0
        for index in 0..<(bytes.count - 6) where tags.contains(where: { bytes[index..<(index + 6)].elementsEqual($0) })
        {
            bytes[index] = 0x18
            renumbered += 1
        }
        #expect(renumbered == 5)
        #expect(DICOMFixture.error(bytes) != nil)
    }
}
