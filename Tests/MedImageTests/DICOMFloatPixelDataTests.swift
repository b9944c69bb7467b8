import Testing

@testable import MedImage

/// Float Pixel Data (7FE0,0008) and Double Float Pixel Data (7FE0,0009) against pydicom's
/// `pixel_array` (fixtures from Tests/Fixtures/generate_dicom_layouts.py).
@Suite("DICOM float pixel data")
struct DICOMFloatPixelDataTests {
    @Test("Float Pixel Data: each frame's stored values are pydicom's float32 values", arguments: [0, 1])
    func floatFrames(frame: Int) throws {
        let image = try DICOMFixture.decode("float_pixel_data.dcm", frame: frame)
        guard case .float32(let samples) = image.stored else {
            Issue.record("Float Pixel Data is not float32")
            return
        }
        let expected = try DICOMFixture.expected("float_pixel_data")
        let perFrame = 7 * 5
        #expect(samples.width == 5 && samples.height == 7)
        #expect(samples.samples.map(Double.init) == Array(expected[(frame * perFrame)..<((frame + 1) * perFrame)]))
    }

    @Test("Double Float Pixel Data (implicit VR) comes back as float64, values beyond Float's range included")
    func doubleFloat() throws {
        let image = try DICOMFixture.decode("double_float_pixel_data.dcm")
        guard case .float64(let samples) = image.stored else {
            Issue.record("Double Float Pixel Data is not float64")
            return
        }
        #expect(samples.samples == (try DICOMFixture.expected("double_float_pixel_data")))
        #expect(samples.samples.contains(-3.0e300))
    }

    @Test("Modality values of Double Float data stay Double (-3e300 would be -inf in Float)")
    func doubleFloatModality() throws {
        let image = try DICOMFixture.decode("double_float_pixel_data.dcm")
        #expect(image.modalityValuesInDouble().samples == (try DICOMFixture.expected("double_float_pixel_data")))
    }

    @Test("Presentation without a window: min/max in Double (LINEAR_EXACT from the minimum to the maximum)")
    func doubleFloatPresentation() throws {
        let image = try DICOMFixture.decode("double_float_pixel_data.dcm")
        let values = try DICOMFixture.expected("double_float_pixel_data")
        let low = try #require(values.min()), high = try #require(values.max())
        let expected = values.map { Float(min(max(($0 - low) / (high - low), 0), 1)) }
        let presented = image.presentationValues().samples
        #expect(!presented.contains { $0.isNaN })
        #expect(zip(presented, expected).allSatisfy { abs($0 - $1) <= 1e-6 })
    }

    @Test("Bits Allocated 64 with Float Pixel Data is inconsistent, located at Bits Allocated")
    func widthMismatch() throws {
        var bytes = try DICOMFixture.bytes("float_pixel_data.dcm")
        // Bits Allocated (0028,0100) US 32 -> 64, explicit VR little endian.
        let tag: [UInt8] = [0x28, 0x00, 0x00, 0x01, 0x55, 0x53, 0x02, 0x00]
        let start = try #require(
            (0..<(bytes.count - tag.count)).first { bytes[$0..<($0 + tag.count)].elementsEqual(tag) })
        bytes[start + 8] = 64
        let error = DICOMFixture.error(bytes)
        #expect(error?.code == .inconsistent)
        #expect(error?.location == .element(group: 0x0028, element: 0x0100))
    }
}
