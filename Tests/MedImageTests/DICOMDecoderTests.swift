import Foundation
import MedTestSupport
import Testing

@testable import MedImage

/// Stored values from files written by pydicom and DCMTK's tools (Tests/Fixtures/generate_dicom.py).
@Suite("DICOM stored values")
struct DICOMDecoderTests {
    /// One 64x48 image of 12-bit values, written by pydicom and converted by dcmconv, dcmcjpeg,
    /// dcmcjpls and dcmcrle into every lossless transfer syntax DCMTK decodes.
    static let losslessVariants: [(file: String, uid: String)] = [
        ("mono12_explicit_le.dcm", "1.2.840.10008.1.2.1"),
        ("mono12_implicit_le.dcm", "1.2.840.10008.1.2"),
        ("mono12_big_endian.dcm", "1.2.840.10008.1.2.2"),
        ("mono12_deflated.dcm", "1.2.840.10008.1.2.1.99"),
        ("mono12_jpeg_lossless_sv1.dcm", "1.2.840.10008.1.2.4.70"),
        ("mono12_jpeg_lossless_p14.dcm", "1.2.840.10008.1.2.4.57"),
        ("mono12_jpegls_lossless.dcm", "1.2.840.10008.1.2.4.80"),
        ("mono12_rle.dcm", "1.2.840.10008.1.2.5"),
        ("mono12_dataset_only_le.dcm", "1.2.840.10008.1.2.1"),
        ("mono12_dataset_only_be.dcm", "1.2.840.10008.1.2.2"),
        ("mono12_dataset_only_implicit.dcm", "1.2.840.10008.1.2"),
        ("mono12_high_bit_garbage.dcm", "1.2.840.10008.1.2.1"),
    ]

    @Test(
        "the same pixels decode identically in every lossless transfer syntax and equal the generator's values",
        arguments: losslessVariants.map(\.file))
    func losslessSyntaxes(file: String) throws {
        let image = try DICOMFixture.decode(file)
        let expectedUID = try #require(Self.losslessVariants.first { $0.file == file }?.uid)
        #expect(image.metadata.transferSyntax?.uid == expectedUID)
        guard case .uint16(let buffer) = image.stored else {
            Issue.record("12-bit unsigned data must come back as UInt16, got \(image.stored)")
            return
        }
        #expect(buffer.width == 64 && buffer.height == 48 && buffer.channels == 1)
        #expect(buffer.samples.map(Double.init) == (try DICOMFixture.expected("mono12")))
    }

    @Test("garbage in the bits above Bits Stored is masked away")
    func highBitsMasked() throws {
        let image = try DICOMFixture.decode("mono12_high_bit_garbage.dcm")
        let raw = try DICOMFixture.bytes("mono12_high_bit_garbage.dcm")
        #expect(raw.count > 6144)  // the file really holds 16-bit words with the top bits set
        #expect(image.stored.doubleSamples.max() ?? 0 <= 4095)
        #expect(image.metadata.bitsStored == 12 && image.metadata.bitsAllocated == 16)
    }

    @Test(
        "8-bit data in native, RLE and JPEG baseline syntaxes",
        arguments: ["mono8_explicit_le.dcm", "mono8_rle.dcm"])
    func eightBit(file: String) throws {
        let image = try DICOMFixture.decode(file)
        guard case .uint8(let buffer) = image.stored else { Issue.record("expected UInt8"); return }
        #expect(buffer.samples.map(Double.init) == (try DICOMFixture.expected("mono8")))
    }

    @Test("JPEG baseline equals pydicom's Pillow (libjpeg) decode exactly")
    func jpegBaseline() throws {
        let image = try DICOMFixture.decode("mono8_jpeg_baseline.dcm")
        #expect(image.metadata.transferSyntax?.uid == "1.2.840.10008.1.2.4.50")
        #expect(image.stored.doubleSamples == (try DICOMFixture.expected("mono8_jpeg_baseline_pillow")))
    }

    @Test("12-bit JPEG extended is within 3 levels of pydicom's pylibjpeg (lossy: IDCTs differ)")
    func jpegExtended() throws {
        let image = try DICOMFixture.decode("mono12_jpeg_extended.dcm")
        let theirs = try DICOMFixture.expected("mono12_jpeg_extended_pylibjpeg")
        let worst = zip(image.stored.doubleSamples, theirs).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 3, "largest difference \(worst)")
        let original = try DICOMFixture.expected("mono12")
        let error = zip(image.stored.doubleSamples, original).map { abs($0 - $1) }.max() ?? .infinity
        #expect(error < 200, "lossy error \(error) too large for quality 90")
    }

    @Test("JPEG-LS near-lossless equals pydicom's decode exactly (JPEG-LS decoding is fully specified)")
    func jpegLSNearLossless() throws {
        let image = try DICOMFixture.decode("mono12_jpegls_near.dcm")
        #expect(image.metadata.transferSyntax?.uid == "1.2.840.10008.1.2.4.81")
        #expect(image.stored.doubleSamples == (try DICOMFixture.expected("mono12_jpegls_near")))
        let original = try DICOMFixture.expected("mono12")
        let worst = zip(image.stored.doubleSamples, original).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 2, "NEAR is 2, got \(worst)")
    }

    @Test(
        "signed 12-bit values are sign-extended over garbage high bits, in every syntax",
        arguments: [
            "ct_signed12.dcm", "ct_signed12_rle.dcm", "ct_signed12_jpegls.dcm", "ct_signed12_jpeg_lossless.dcm",
        ])
    func signed(file: String) throws {
        let image = try DICOMFixture.decode(file)
        guard case .int16(let buffer) = image.stored else { Issue.record("expected Int16"); return }
        #expect(image.metadata.isSigned)
        #expect(buffer.samples.map(Double.init) == (try DICOMFixture.expected("ct_signed")))
        #expect(buffer.samples.min() == -588 && buffer.samples.max() == 512)
    }

    @Test(
        "the requested frame of a multi-frame image, native and compressed",
        arguments: ["multiframe.dcm", "multiframe_rle.dcm", "multiframe_jpegls.dcm", "multiframe_jpeg_lossless.dcm"],
        [0, 1, 2])
    func frames(file: String, frame: Int) throws {
        let image = try DICOMFixture.decode(file, frame: frame)
        let all = try DICOMFixture.expected("multiframe")
        let size = 64 * 48
        #expect(image.frame == frame && image.metadata.frameCount == 3)
        #expect(image.stored.doubleSamples == Array(all[(frame * size)..<((frame + 1) * size)]))
    }

    @Test("the first frame is the default")
    func defaultFrame() throws {
        let image = try ImageDecoder.decode(contentsOf: Fixtures.fixture("dicom/multiframe_rle.dcm"))
        #expect(image.frame == 0)
        #expect(image.stored.doubleSamples == Array(try DICOMFixture.expected("multiframe").prefix(64 * 48)))
    }

    @Test("1-bit data are unpacked least significant bit first")
    func oneBit() throws {
        let image = try DICOMFixture.decode("one_bit.dcm")
        #expect(image.metadata.bitsAllocated == 1)
        #expect(image.stored.doubleSamples == (try DICOMFixture.expected("one_bit")))
    }

    @Test(
        "RGB interleaved, color-by-plane, RLE and JPEG-LS decode to the same samples",
        arguments: ["rgb.dcm", "rgb_planar.dcm", "rgb_rle.dcm", "rgb_jpegls.dcm"])
    func rgb(file: String) throws {
        let image = try DICOMFixture.decode(file)
        #expect(image.stored.channels == 3)
        #expect(image.storedPhotometric == .rgb)
        #expect(image.stored.doubleSamples == (try DICOMFixture.expected("rgb")))
    }

    @Test(
        "YBR_FULL and YBR_FULL_422 come back as RGB, exactly as pydicom's pixel_array converts them",
        arguments: [
            ("ybr_full.dcm", "ybr_full_as_rgb"), ("ybr_full_422.dcm", "ybr_full_422_as_rgb"),
            ("rgb_jpeg_baseline_ybr422.dcm", "rgb_jpeg_baseline_ybr422_pillow"),
        ])
    func ybr(file: String, reference: String) throws {
        let image = try DICOMFixture.decode(file)
        #expect(image.metadata.photometric == .ybrFull || image.metadata.photometric == .ybrFull422)
        #expect(image.storedPhotometric == .rgb)
        #expect(image.stored.doubleSamples == (try DICOMFixture.expected(reference)))
    }

    @Test("metadata: geometry, bits, spacing, attributes, UIDs, windows with explanations")
    func metadata() throws {
        let image = try DICOMFixture.decode("mono12_explicit_le.dcm")
        let m = image.metadata
        #expect(m.format == .dicom && m.width == 64 && m.height == 48 && m.samplesPerPixel == 1 && m.frameCount == 1)
        #expect(m.bitsAllocated == 16 && m.bitsStored == 12 && !m.isSigned && m.photometric == .monochrome2)
        #expect(m.pixelSpacing == PixelSpacing(row: 0.5, column: 0.25, source: .pixelSpacing))
        #expect(m.modality == "DX" && m.viewPosition == "PA" && m.bodyPart == "CHEST" && m.laterality == "L")
        #expect(m.sopInstanceUID == "1.2.826.0.1.3680043.8.498.77.1")
        #expect(m.studyInstanceUID == "1.2.826.0.1.3680043.8.498.77.1001")
        #expect(m.seriesInstanceUID == "1.2.826.0.1.3680043.8.498.77.1002")
        #expect(m.patientID == "FAKEID-0042")
        #expect(m.transferSyntax?.name == "Explicit VR Little Endian")
        #expect(
            image.windows == [
                VOIWindow(center: 2048, width: 4096, explanation: "FULL"),
                VOIWindow(center: 1000, width: 500, explanation: "NARROW"),
            ])
    }

    @Test("Imager Pixel Spacing is used, and named, when Pixel Spacing is absent")
    func imagerPixelSpacing() throws {
        let image = try DICOMFixture.decode("cr_mono1.dcm")
        #expect(image.metadata.pixelSpacing == PixelSpacing(row: 0.1, column: 0.1, source: .imagerPixelSpacing))
    }

    @Test("pixel spacing from the shared functional groups of an enhanced object")
    func functionalGroupSpacing() throws {
        let image = try DICOMFixture.decode("enhanced_multiframe.dcm", frame: 1)
        #expect(image.metadata.pixelSpacing == PixelSpacing(row: 0.7, column: 0.8, source: .pixelSpacing))
    }

    @Test("the patient ID never reaches the Codable form of the metadata")
    func patientIDNotEncoded() throws {
        let image = try DICOMFixture.decode("mono12_explicit_le.dcm")
        let json = String(decoding: try JSONEncoder().encode(image.metadata), as: UTF8.self)
        #expect(!json.contains("FAKEID-0042"))
        #expect(json.contains("\"modality\":\"DX\""))
    }

    @Test(
        "the demo samples decode",
        arguments: [
            "chest_dx_monochrome2_16bit.dcm", "chest_cr_monochrome1_window.dcm",
            "chest_ct_jpeg_lossless.dcm",
        ])
    func samples(file: String) throws {
        let image = try ImageDecoder.decode(contentsOf: Fixtures.sample("dicom/\(file)"))
        #expect(image.stored.width >= 256 && image.metadata.patientID == "FAKEID-0042")
        #expect(!image.windows.isEmpty)
    }

    @Test("decoding from many threads at once gives the same values as one at a time")
    func concurrent() async throws {
        let files = Self.losslessVariants.map(\.file) + ["ct_signed12_jpegls.dcm", "rgb_jpeg_baseline_ybr422.dcm"]
        let serial = try files.map { try DICOMFixture.decode($0).stored }
        let parallel = try await withThrowingTaskGroup(of: (Int, AnyPixelBuffer).self) { group in
            for _ in 0..<4 {
                for (index, file) in files.enumerated() {
                    group.addTask { (index, try DICOMFixture.decode(file).stored) }
                }
            }
            var results: [(Int, AnyPixelBuffer)] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(parallel.count == files.count * 4)
        for (index, buffer) in parallel { #expect(buffer == serial[index], "\(files[index])") }
    }
}
