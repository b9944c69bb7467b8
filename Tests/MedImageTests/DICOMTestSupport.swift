import Foundation
import MedTestSupport
import Testing

@testable import MedImage

/// Helpers shared by the DICOM and presentation tests (fixtures from Tests/Fixtures/generate_dicom.py).
enum DICOMFixture {
    /// Decodes `Tests/Fixtures/dicom/<name>`.
    static func decode(_ name: String, frame: Int = 0) throws -> DecodedImage {
        try ImageDecoder.decode(contentsOf: Fixtures.fixture("dicom/\(name)"), options: DecodeOptions(frame: frame))
    }

    /// The bytes of `Tests/Fixtures/dicom/<name>`.
    static func bytes(_ name: String) throws -> [UInt8] { try Fixtures.fixtureBytes("dicom/\(name)") }

    /// The elements of `Tests/Fixtures/dicom/<name>.npy` (written by numpy) as `Double`s.
    static func expected(_ name: String) throws -> [Double] {
        let array = try #require(NPYArray(path: Fixtures.fixture("dicom/\(name).npy")), "missing \(name).npy")
        return try #require(array.doubles)
    }

    /// The decode error for `bytes`, which must throw.
    static func error(_ bytes: [UInt8], path: String = "t.dcm", frame: Int = 0) -> ImageError? {
        do {
            _ = try DICOMDecoder().decode(bytes, path: path, options: DecodeOptions(frame: frame))
            return nil
        } catch {
            return error
        }
    }

    /// The gray levels of a binary 8-bit PGM (P5) such as `dcm2pnm +op` writes.
    static func pgm(_ name: String) throws -> (width: Int, height: Int, pixels: [Int]) {
        let bytes = try bytes(name)
        var fields: [String] = []
        var index = 0
        while fields.count < 4 && index < bytes.count {
            if bytes[index] == UInt8(ascii: "#") {
                while index < bytes.count && bytes[index] != 0x0A { index += 1 }
                continue
            }
            if bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
                continue
            }
            var token = ""
            while index < bytes.count, ![0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) {
                token.append(Character(UnicodeScalar(bytes[index])))
                index += 1
            }
            fields.append(token)
        }
        index += 1  // the single whitespace after maxval
        let width = try #require(Int(fields[1])), height = try #require(Int(fields[2]))
        #expect(fields[0] == "P5" && fields[3] == "255")
        return (width, height, bytes[index..<(index + width * height)].map(Int.init))
    }
}
