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

/// A minimal Part 10 file with native gray Pixel Data, laid out byte by byte here (PS3.10 7.1,
/// PS3.5 7.1), so that stored values can be checked against numbers the test itself chose,
/// in every native syntax and with either VR for Pixel Data.
struct NativeDICOMFile {
    /// The native transfer syntaxes (PS3.5 A.1, A.2; Explicit VR Big Endian is retired but still read).
    enum Syntax: String, CaseIterable, Sendable {
        case implicitLittle = "1.2.840.10008.1.2"
        case explicitLittle = "1.2.840.10008.1.2.1"
        case explicitBig = "1.2.840.10008.1.2.2"
    }

    var rows = 61
    var columns = 67  // 4087 samples a frame: odd, and not a multiple of any vector width
    var frames = 2
    var bitsAllocated: Int
    var bitsStored: Int
    var signed = false
    var syntax = Syntax.explicitLittle
    /// OB or OW; implicit VR files carry no VR (DCMTK then reads OW).
    var pixelVR = "OW"

    /// The sample at `index` (counting through all frames) as written: every bit pattern occurs.
    func word(_ index: Int) -> UInt16 {
        bitsAllocated == 8
            ? UInt16(UInt8(truncatingIfNeeded: index &* 0x9D &+ 7))
            : UInt16(truncatingIfNeeded: index &* 0x9E37 &+ 0x1234)
    }

    /// What pydicom's `pixel_array` gives for `word(index)`.
    ///
    /// That is its low Bits Stored bits, read as two's complement when signed; computed with `%` and
    /// subtraction, not with the decoder's shifts.
    func expected(_ index: Int) -> Double {
        let modulus = 1 << bitsStored
        let low = Int(word(index)) % modulus
        return Double(signed && low >= modulus / 2 ? low - modulus : low)
    }

    /// The samples of `frame`, as expected.
    func expectedFrame(_ frame: Int) -> [Double] {
        let count = rows * columns
        return (frame * count..<(frame + 1) * count).map(expected)
    }

    var bytes: [UInt8] {
        var file = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)
        var meta = Writer(explicit: true, bigEndian: false)
        meta.element(0x0002, 0x0001, "OB", [0, 1])
        meta.element(0x0002, 0x0002, "UI", meta.text("1.2.840.10008.5.1.4.1.1.7", pad: 0))
        meta.element(0x0002, 0x0003, "UI", meta.text("1.2.826.0.1.3680043.8.498.77.4242", pad: 0))
        meta.element(0x0002, 0x0010, "UI", meta.text(syntax.rawValue, pad: 0))
        var group = Writer(explicit: true, bigEndian: false)
        group.element(0x0002, 0x0000, "UL", group.uint32(UInt32(meta.bytes.count)))
        file += group.bytes + meta.bytes

        var data = Writer(explicit: syntax != .implicitLittle, bigEndian: syntax == .explicitBig)
        data.element(0x0028, 0x0002, "US", data.uint16(1))
        data.element(0x0028, 0x0004, "CS", data.text("MONOCHROME2", pad: 0x20))
        data.element(0x0028, 0x0008, "IS", data.text(String(frames), pad: 0x20))
        data.element(0x0028, 0x0010, "US", data.uint16(UInt16(rows)))
        data.element(0x0028, 0x0011, "US", data.uint16(UInt16(columns)))
        data.element(0x0028, 0x0100, "US", data.uint16(UInt16(bitsAllocated)))
        data.element(0x0028, 0x0101, "US", data.uint16(UInt16(bitsStored)))
        data.element(0x0028, 0x0102, "US", data.uint16(UInt16(bitsStored - 1)))
        data.element(0x0028, 0x0103, "US", data.uint16(signed ? 1 : 0))
        let samples = rows * columns * frames
        var pixels: [UInt8] = []
        for index in 0..<samples {
            let value = word(index)
            if bitsAllocated == 8 {
                pixels.append(UInt8(value))
            } else {
                // OW follows the syntax's byte order; OB is a byte stream, written as little endian.
                pixels += pixelVR == "OW" ? data.uint16(value) : [UInt8(value & 0xFF), UInt8(value >> 8)]
            }
        }
        if pixels.count % 2 == 1 { pixels.append(0) }
        data.element(0x7FE0, 0x0010, pixelVR, pixels)
        return file + data.bytes
    }

    /// Element encoding (PS3.5 7.1.1 to 7.1.3).
    private struct Writer {
        let explicit: Bool
        let bigEndian: Bool
        var bytes: [UInt8] = []

        func uint16(_ value: UInt16) -> [UInt8] {
            bigEndian ? [UInt8(value >> 8), UInt8(value & 0xFF)] : [UInt8(value & 0xFF), UInt8(value >> 8)]
        }

        func uint32(_ value: UInt32) -> [UInt8] {
            let little = [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: value >> $0) }
            return bigEndian ? little.reversed() : little
        }

        func text(_ value: String, pad: UInt8) -> [UInt8] {
            let bytes = Array(value.utf8)
            return bytes.count % 2 == 0 ? bytes : bytes + [pad]
        }

        mutating func element(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: [UInt8]) {
            bytes += uint16(group) + uint16(element)
            if !explicit {
                bytes += uint32(UInt32(value.count))
            } else if ["OB", "OW", "UN", "SQ", "UT"].contains(vr) {
                bytes += Array(vr.utf8) + [0, 0] + uint32(UInt32(value.count))
            } else {
                bytes += Array(vr.utf8) + uint16(UInt16(value.count))
            }
            bytes += value
        }
    }
}
