import Foundation
import MedTestSupport
import Testing

@testable import MedImage

/// Lossless JPEG frames decoded by CLosslessJPEG, compared with DCMTK's IJG codec on the same files.
///
/// The fixtures (Tests/Fixtures/generate_lossless.py) were written by DCMTK's `dcmcjpeg` and by a
/// small independent encoder, and checked there against the source pixels, pydicom and DCMTK.
@Suite("Lossless JPEG through CLosslessJPEG")
struct LosslessJPEGTests {
    static let folder = Fixtures.fixture("lossless")

    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".dcm") }.sorted()
    }()

    static func decode(_ path: String, ours: Bool, frame: Int = 0) throws -> DecodedImage {
        var options = DecodeOptions(frame: frame)
        options.decodesLosslessJPEGWithCLosslessJPEG = ours
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return try DICOMDecoder().decode(bytes, path: path, options: options)
    }

    /// Whether CLosslessJPEG (not DCMTK) decodes frame 0 of `path`.
    static func takenByUs(_ path: String) throws -> Bool {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return try DICOMDataSet.withParsed(bytes) { parsed throws -> Bool in
            let dataSet = try parsed.get()
            let syntax = TransferSyntax(uid: DICOMDataSet.peekTransferSyntax(bytes) ?? dataSet.transferSyntaxUID)
            let layout = try DICOMPixelLayout.read(from: dataSet, path: path)
            let info = try #require(dataSet.pixelInfo())
            return try DICOMDecoder.losslessJPEGFrame(
                of: dataSet, layout: layout, pixelInfo: info, syntax: syntax, frame: 0, path: path,
                options: DecodeOptions()) != nil
        }
    }

    @Test("Every generated lossless file: the same stored values as DCMTK's codec, sample for sample")
    func sameAsDCMTK() throws {
        #expect(Self.names.count >= 100, "run Tests/Fixtures/generate_lossless.py")
        for name in Self.names {
            let path = "\(Self.folder)/\(name)"
            #expect(try Self.takenByUs(path), "\(name)")
            let ours = try Self.decode(path, ours: true)
            // DCMTK's codec returns 8-bit samples as bytes in 16-bit frames (see the next test).
            let referencePath = Self.inWords.contains(name) ? "\(Self.folder)/native/\(name)" : path
            let dcmtk = try Self.decode(referencePath, ours: false)
            #expect(ours.stored.doubleSamples == dcmtk.stored.doubleSamples, "\(name)")
            #expect(ours.storedPhotometric == dcmtk.storedPhotometric, "\(name)")
            #expect(ours.stored.width == dcmtk.stored.width && ours.stored.channels == dcmtk.stored.channels)
        }
    }

    static let inWords = ["ours_p6_in16_sv1.dcm", "ours_p8_in16_sv1.dcm"]

    @Test(
        "Precision 6 and 8 in 16-bit words: the values of the uncompressed source, which DCMTK's codec gets wrong",
        arguments: inWords)
    func bytesInWords(name: String) throws {
        let ours = try Self.decode("\(Self.folder)/\(name)", ours: true)
        let source = try Self.decode("\(Self.folder)/native/\(name)", ours: true)
        #expect(ours.stored.doubleSamples == source.stored.doubleSamples)
        // Had the frame gone to DCMTK it would differ; that is why such frames never do.
        let dcmtk = try Self.decode("\(Self.folder)/\(name)", ours: false)
        #expect(dcmtk.stored.doubleSamples != source.stored.doubleSamples)
    }

    @Test("Every frame of a multi-frame file, and the lossless files among the DICOM fixtures and samples")
    func otherFiles() throws {
        let multiframe = "\(Self.folder)/dcmtk_multiframe_b12_sv1.dcm"
        for frame in 0..<3 {
            let ours = try Self.decode(multiframe, ours: true, frame: frame)
            let dcmtk = try Self.decode(multiframe, ours: false, frame: frame)
            #expect(ours.stored.doubleSamples == dcmtk.stored.doubleSamples, "frame \(frame)")
        }
        for path in [
            Fixtures.fixture("dicom/mono12_jpeg_lossless_p14.dcm"),
            Fixtures.fixture("dicom/mono12_jpeg_lossless_sv1.dcm"),
            Fixtures.fixture("dicom/ct_signed12_jpeg_lossless.dcm"),
            Fixtures.fixture("dicom/multiframe_jpeg_lossless.dcm"),
            Fixtures.sample("dicom/chest_ct_jpeg_lossless.dcm"),
        ] {
            #expect(try Self.takenByUs(path), "\(path)")
            #expect(
                try Self.decode(path, ours: true).stored.doubleSamples
                    == (try Self.decode(path, ours: false).stored.doubleSamples))
        }
    }

    @Test(
        "A damaged stream is an error naming the frame and the byte of the codestream, never a guess",
        arguments: [
            ("truncated_scan.dcm", ImageError.Code.truncated, "the scan data end at byte"),
            ("wrong_restart_marker.dcm", .malformed, "expected restart marker RST0 (0xFFD0)"),
            ("missing_restart_marker.dcm", .malformed, "expected restart marker RST0 (0xFFD0)"),
            ("huffman_too_many_codes.dcm", .malformed, "Huffman table has more codes of length"),
            ("huffman_symbol_17.dcm", .malformed, "Huffman table value 17"),
            ("invalid_huffman_code.dcm", .malformed, "invalid Huffman code near byte"),
        ])
    func corrupt(name: String, code: ImageError.Code, reason: String) throws {
        let path = "\(Self.folder)/corrupt/\(name)"
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let error = DICOMFixture.error(bytes, path: name)
        #expect(error?.code == code)
        #expect(error?.location == .frame(0))
        #expect(
            error?.reason.contains("of its codestream") == true && error?.reason.contains(reason) == true,
            "\(String(describing: error))")
    }

    @Test("6-bit samples in 16-bit words whose frame is split over fragments are refused, not left to DCMTK")
    func splitNarrowFrames() throws {
        let name = "p6_in16_split_fragments.dcm"
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(Self.folder)/unsupported/\(name)")))
        let error = DICOMFixture.error(bytes, path: name)
        #expect(error?.code == .unsupported && error?.location == .frame(0))
        #expect(error?.reason.contains("6-bit lossless JPEG in 16-bit words") == true, "\(String(describing: error))")
    }

    @Test("The corrupt fixture of the DICOM suite is still refused as malformed at its frame")
    func corruptFixture() throws {
        let error = DICOMFixture.error(try DICOMFixture.bytes("corrupt_jpeg_lossless.dcm"))
        #expect(error?.code == .malformed && error?.location == .frame(0))
        #expect(error?.reason.contains("marker at byte") == true)
    }
}
