import MedCore
import MedTestSupport
import Testing

@testable import MedImage

/// Every failure kind, asserted down to its code and location.
@Suite("DICOM errors")
struct DICOMErrorTests {
    @Test("a zero-byte file is empty")
    func empty() throws {
        let error = DICOMFixture.error(try DICOMFixture.bytes("empty.dcm"))
        #expect(error?.code == .empty)
        #expect(error?.location == nil)
    }

    @Test("a file cut inside Pixel Data is truncated at the byte where the data end")
    func truncated() throws {
        let bytes = try DICOMFixture.bytes("truncated.dcm")
        let error = DICOMFixture.error(bytes, path: "scan/t.dcm")
        #expect(error?.code == .truncated)
        #expect(error?.location == .byteOffset(bytes.count))
        #expect(error?.description.hasPrefix("scan/t.dcm at offset \(bytes.count): ") == true)
    }

    @Test(
        "a file cut at every point is an error, never a crash",
        arguments: [132, 133, 200, 400, 700, 1000, 3000, 4000, 4101])
    func cutAnywhere(length: Int) throws {
        let whole = try DICOMFixture.bytes("mono12_jpeg_lossless_sv1.dcm")
        #expect(length < whole.count)
        let bytes = Array(whole.prefix(length))
        let error = DICOMFixture.error(bytes)
        #expect(error != nil)
        #expect([ImageError.Code.truncated, .malformed, .notAnImage, .inconsistent].contains(error?.code))
    }

    @Test("a data set without Pixel Data is not an image, located at (7FE0,0010)")
    func notAnImage() throws {
        let error = DICOMFixture.error(try DICOMFixture.bytes("no_pixel_data.dcm"))
        #expect(error?.code == .notAnImage)
        #expect(error?.location == .element(group: 0x7FE0, element: 0x0010))
    }

    @Test("Bits Stored above Bits Allocated is inconsistent at (0028,0101)")
    func bitsStoredExceedsAllocated() throws {
        let error = DICOMFixture.error(try DICOMFixture.bytes("bits_stored_exceeds_allocated.dcm"))
        #expect(error?.code == .inconsistent)
        #expect(error?.location == .element(group: 0x0028, element: 0x0101))
        #expect(error?.reason == "BitsStored 13 exceeds BitsAllocated 8")
    }

    @Test("Pixel Data shorter than Rows x Columns x samples x bytes x frames is inconsistent at (7FE0,0010)")
    func shortPixelData() throws {
        let error = DICOMFixture.error(try DICOMFixture.bytes("short_pixel_data.dcm"))
        #expect(error?.code == .inconsistent)
        #expect(error?.location == .element(group: 0x7FE0, element: 0x0010))
        #expect(error?.reason.contains("holds 3072 bytes") == true)
        #expect(error?.reason.contains("need 6144") == true)
    }

    @Test("a corrupt JPEG stream is malformed, located at its frame")
    func corruptStream() throws {
        let error = DICOMFixture.error(try DICOMFixture.bytes("corrupt_jpeg_lossless.dcm"))
        #expect(error?.code == .malformed)
        #expect(error?.location == .frame(0))
    }

    @Test("JPIP Referenced is unsupported, and the message names the syntax and its UID")
    func unsupportedSyntax() throws {
        // The JPEG 2000 fixture with its meta header's UID changed from ...4.90 to ...4.94 (same length).
        var bytes = try DICOMFixture.bytes("jpeg2000_lossless.dcm")
        let uid = Array("1.2.840.10008.1.2.4.90".utf8)
        let start = try #require((0..<(bytes.count - uid.count)).first { bytes[$0..<($0 + uid.count)].elementsEqual(uid) })
        bytes[start + uid.count - 1] = UInt8(ascii: "4")
        let error = DICOMFixture.error(bytes)
        #expect(error?.code == .unsupported)
        #expect(error?.location == .element(group: 0x0002, element: 0x0010))
        #expect(error?.reason.contains("JPIP Referenced") == true)
        #expect(error?.reason.contains("1.2.840.10008.1.2.4.94") == true)
    }

    @Test("32-bit pixels up to 2^24 decode exactly, as float32 (the fixture is mono12 x 1000)")
    func thirtyTwoBit() throws {
        let image = try DICOMFixture.decode("bits_allocated_32.dcm")
        guard case .float32 = image.stored else {
            Issue.record("32-bit stored values are not float32")
            return
        }
        #expect(image.stored.doubleSamples == (try DICOMFixture.expected("mono12")).map { $0 * 1000 })
    }

    @Test("A 32-bit frame with a value beyond 2^24 comes back as float64, exactly (2^24 + 1 would round in float32)")
    func thirtyTwoBitBeyondFloat() throws {
        var bytes = try DICOMFixture.bytes("bits_allocated_32.dcm")
        // The last sample (the file ends with Pixel Data) set to 2^24 + 1.
        bytes.replaceSubrange((bytes.count - 4)..<bytes.count, with: [0x01, 0x00, 0x00, 0x01])
        let image = try DICOMDecoder().decode(bytes, path: "t.dcm", options: DecodeOptions())
        guard case .float64(let samples) = image.stored else {
            Issue.record("32-bit stored values beyond 2^24 are not float64")
            return
        }
        var expected = (try DICOMFixture.expected("mono12")).map { $0 * 1000 }
        expected[expected.count - 1] = 16_777_217
        #expect(samples.samples == expected)
    }

    @Test(
        "a frame past the last is out of range, located at that frame",
        arguments: ["multiframe.dcm", "multiframe_rle.dcm", "mono12_explicit_le.dcm"])
    func frameOutOfRange(file: String) throws {
        let error = DICOMFixture.error(try DICOMFixture.bytes(file), frame: 3)
        #expect(error?.code == .frameOutOfRange)
        #expect(error?.location == .frame(3))
        let negative = DICOMFixture.error(try DICOMFixture.bytes(file), frame: -1)
        #expect(negative?.code == .frameOutOfRange)
    }

    @Test("an image larger than the memory limit is refused before allocation")
    func tooLarge() throws {
        let bytes = try DICOMFixture.bytes("mono12_explicit_le.dcm")
        do {
            _ = try DICOMDecoder().decode(bytes, path: "t.dcm", options: DecodeOptions(maximumPixelBytes: 1000))
            Issue.record("expected tooLarge")
        } catch {
            #expect(error.code == .tooLarge)
            #expect(error.location == .element(group: 0x0028, element: 0x0010))
        }
    }

    @Test("bytes that are no DICOM at all are malformed, not a crash")
    func garbage() throws {
        var bytes = [UInt8](repeating: 0x41, count: 400)
        bytes.replaceSubrange(128..<132, with: Array("DICM".utf8))
        let error = DICOMFixture.error(bytes)
        #expect(error != nil)
    }

    @Test(
        "randomly corrupted files give errors or images, never a crash",
        arguments: [
            "mono12_rle.dcm", "mono12_jpegls_lossless.dcm", "mono12_jpeg_lossless_sv1.dcm",
            "mono12_deflated.dcm", "rgb_jpeg_baseline_ybr422.dcm", "dx_voi_lut.dcm",
        ])
    func corrupted(file: String) throws {
        let original = try DICOMFixture.bytes(file)
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<40 {
            var bytes = original
            for _ in 0..<8 {
                let index = Int(generator.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            if let image = try? DICOMDecoder().decode(bytes, path: "fuzz.dcm") {
                _ = image.presentationValues()
            }
        }
    }
}

@Suite("DICOM errors: non-conformant JPEG")
struct DICOMJPEGConformanceTests {
    @Test("a 12-bit sequential JPEG scan with Se 0 decodes as sequential (as libjpeg and GDCM do), with a warning")
    func invalidScanHeader() throws {
        // The fixture is mono12_jpeg_extended.dcm with only the scan header's Se changed to 0: the
        // entropy-coded blocks are whole, so the samples must be the unmodified file's.
        let image = try DICOMFixture.decode("jpeg_invalid_scan_header.dcm")
        #expect(image.stored == (try DICOMFixture.decode("mono12_jpeg_extended.dcm")).stored)
        #expect(image.warnings.count == 1)
        #expect(image.warnings.first?.contains("Ss 0 and Se 0") == true)
        #expect(image.warnings.first?.contains("ISO 10918-1 B.2.3") == true)
        #expect(try DICOMFixture.decode("mono12_jpeg_extended.dcm").warnings.isEmpty)
    }
}
