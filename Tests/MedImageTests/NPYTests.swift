import Foundation
import MedImage
import MedTestSupport
import Testing

/// NPY read beside NPY write: ``NPYHeader`` and ``NPYDecoder`` against files written by `numpy.save`
/// (Tests/Fixtures/npy by generate_npy.py, Tests/Fixtures/dicom by the DICOM generators), read
/// independently by MedTestSupport's `NPYArray`.
@Suite("NPY headers and arrays")
struct NPYTests {
    @Test("NPY headers written by numpy.save are parsed, and a short data section is refused")
    func npyHeader() {
        // numpy.save(np.zeros((2, 3), dtype='<u2')) header, padded to a multiple of 64 bytes.
        var header = "{'descr': '<u2', 'fortran_order': False, 'shape': (2, 3), }"
        header += String(repeating: " ", count: (64 - (10 + header.count + 1) % 64) % 64) + "\n"
        let bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count), 0] + Array(header.utf8)
        let full = bytes + [UInt8](repeating: 0, count: 12)
        let parsed = NPYHeader(full)
        #expect(parsed?.descriptor == "<u2")
        #expect(parsed?.shape == [2, 3])
        #expect(parsed?.dataOffset == 128)
        #expect(parsed?.fortranOrder == false)
        #expect(NPYHeader(bytes + [0, 0]) == nil)
    }

    /// `numpy.load(path)` as doubles, by the tests' own reader.
    static func reference(_ fixture: String) throws -> NPYArray {
        try #require(NPYArray(path: Fixtures.fixture(fixture)))
    }

    @Test("numpy's arrays decode to their values, shape and channels", arguments: [
        "npy/half_3x4.npy", "npy/double_2x3x3.npy", "dicom/rgb_jpeg_baseline_ybr422_pillow.npy", "dicom/ct_hu.npy",
        "dicom/mono12_jpeg_extended_pylibjpeg.npy",
    ])
    func decodesNumpyFiles(fixture: String) throws {
        let reference = try Self.reference(fixture)
        let decoded = try NPYDecoder.decode(try Fixtures.fixtureBytes(fixture), path: fixture)
        #expect(decoded.height == reference.shape[0])
        #expect(decoded.width == reference.shape[1])
        #expect(decoded.channels == (reference.shape.count == 3 ? reference.shape[2] : 1))
        #expect(decoded.doubleSamples == reference.doubles)
    }

    @Test("Half floats are widened exactly: 65504, -0.0 and 3.140625 survive")
    func halfFloats() throws {
        let decoded = try NPYDecoder.decode(try Fixtures.fixtureBytes("npy/half_3x4.npy"), path: "h.npy")
        guard case .float32(let buffer) = decoded else {
            Issue.record("expected Float samples, got \(decoded)")
            return
        }
        #expect(buffer.samples[3] == 65504)
        #expect(buffer.samples[5] == 3.140625)
        #expect(buffer.samples[6] == 0 && buffer.samples[6].sign == .minus)
    }

    @Test("Fortran order, a one-dimensional shape and a short data section are refused with the file's name")
    func refusals() throws {
        let fortran = #expect(throws: ImageError.self) {
            try NPYDecoder.decode(try Fixtures.fixtureBytes("npy/fortran_2x3.npy"), path: "f.npy")
        }
        #expect(fortran?.code == .unsupported && fortran?.path == "f.npy")
        let oneD = #expect(throws: ImageError.self) {
            try NPYDecoder.decode(try Fixtures.fixtureBytes("npy/vector_3.npy"), path: "v.npy")
        }
        #expect(oneD?.code == .unsupported)
        let bytes = try Fixtures.fixtureBytes("npy/double_2x3x3.npy")
        let short = #expect(throws: ImageError.self) { try NPYDecoder.decode(Array(bytes.dropLast(8)), path: "s.npy") }
        #expect(short?.code == .malformed && short?.path == "s.npy")
    }
}
