import Foundation
import MedImage

/// A small baseline (sequential DCT, Huffman) JPEG encoder for 8-bit gray images (ITU-T T.81), used
/// only to write the benchmark's synthetic JPEG corpus.
///
/// MedImage links libjpeg-turbo for decoding only and its C shim may not change, so this file writes
/// the JPEGs itself: the IJG luminance quantization table scaled by `quality` (libjpeg's formula),
/// the standard Huffman tables of T.81 Annex K.3, 4:0:0 one-component frames, no restart markers.
/// The result decodes with any JPEG reader, and its decode cost is that of a camera or PACS JPEG of
/// the same size and quality. Not fast (a plain floating-point DCT), not for color, not progressive.
public struct BaselineJPEGEncoder: Sendable {
    /// 1...100, as in libjpeg's `-quality`.
    public var quality: Int

    /// An encoder at `quality` (1...100, libjpeg's scale).
    public init(quality: Int) {
        self.quality = quality
    }

    /// The JPEG bytes of a one-channel image.
    public func encode(_ image: PixelBuffer<UInt8>) -> [UInt8] {
        precondition(image.channels == 1, "gray images only")
        precondition(image.width > 0 && image.height > 0 && image.width < 65536 && image.height < 65536, "image size")
        let q = Self.quantization(quality: quality)
        var out: [UInt8] = [0xFF, 0xD8]
        // DQT: one 8-bit table, id 0, in zigzag order.
        out += [0xFF, 0xDB, 0x00, 67, 0x00] + Self.zigzag.map { UInt8(q[$0]) }
        // SOF0: precision 8, height, width, one component (id 1, 1x1 sampling, table 0).
        out += [0xFF, 0xC0, 0x00, 11, 8] + Self.be16(image.height) + Self.be16(image.width) + [1, 1, 0x11, 0]
        // DHT: the Annex K luminance DC (class 0) and AC (class 1) tables, id 0.
        for (classID, bits, values) in [(0, Self.dcBits, Self.dcValues), (1, Self.acBits, Self.acValues)] {
            out += [0xFF, 0xC4] + Self.be16(3 + 16 + values.count) + [UInt8(classID << 4)] + bits + values
        }
        out += [0xFF, 0xDA, 0x00, 8, 1, 1, 0x00, 0, 63, 0]
        out += entropyCodedData(image, quantization: q)
        out += [0xFF, 0xD9]
        return out
    }

    private func entropyCodedData(_ image: PixelBuffer<UInt8>, quantization q: [Int]) -> [UInt8] {
        let dc = Self.codes(bits: Self.dcBits, values: Self.dcValues)
        let ac = Self.codes(bits: Self.acBits, values: Self.acValues)
        var bits = BitWriter()
        var block = [Double](repeating: 0, count: 64), coefficients = [Double](repeating: 0, count: 64)
        var previousDC = 0
        let cosines = Self.cosines
        for by in stride(from: 0, to: image.height, by: 8) {
            for bx in stride(from: 0, to: image.width, by: 8) {
                for y in 0..<8 {
                    let sy = min(by + y, image.height - 1)  // edge blocks repeat the last row and column
                    for x in 0..<8 {
                        block[y * 8 + x] = Double(image.samples[sy * image.width + min(bx + x, image.width - 1)]) - 128
                    }
                }
                // Separable forward DCT (T.81 A.3.3): rows, then columns.
                for y in 0..<8 {
                    for u in 0..<8 {
                        var s = 0.0
                        for x in 0..<8 { s += block[y * 8 + x] * cosines[u * 8 + x] }
                        coefficients[y * 8 + u] = s
                    }
                }
                var quantized = [Int](repeating: 0, count: 64)
                for u in 0..<8 {
                    for v in 0..<8 {
                        var s = 0.0
                        for y in 0..<8 { s += coefficients[y * 8 + u] * cosines[v * 8 + y] }
                        quantized[v * 8 + u] = Int((s / 4 / Double(q[v * 8 + u])).rounded())
                    }
                }
                let diff = quantized[0] - previousDC
                previousDC = quantized[0]
                let category = Self.category(diff)
                bits.write(dc[category])
                bits.write(value: diff, category: category)
                var run = 0
                for k in 1..<64 {
                    let value = quantized[Self.zigzag[k]]
                    if value == 0 {
                        run += 1
                        continue
                    }
                    while run > 15 {
                        bits.write(ac[0xF0])
                        run -= 16
                    }
                    let size = Self.category(value)
                    bits.write(ac[run << 4 | size])
                    bits.write(value: value, category: size)
                    run = 0
                }
                if run > 0 { bits.write(ac[0x00]) }
            }
        }
        bits.flush()
        return bits.bytes
    }

    /// libjpeg's `jpeg_quality_scaling` applied to the T.81 K.1 luminance table (natural order).
    static func quantization(quality: Int) -> [Int] {
        let q = min(max(quality, 1), 100)
        let scale = q < 50 ? 5000 / q : 200 - 2 * q
        return luminance.map { min(max(($0 * scale + 50) / 100, 1), 255) }
    }

    /// Bits needed for |value| (T.81 F.1.2.1.1).
    static func category(_ value: Int) -> Int {
        var magnitude = abs(value), n = 0
        while magnitude > 0 {
            magnitude >>= 1
            n += 1
        }
        return n
    }

    /// Code words per symbol from BITS and HUFFVAL (T.81 C.2, C.3).
    static func codes(bits: [UInt8], values: [UInt8]) -> [(code: UInt32, length: Int)] {
        var table = [(code: UInt32, length: Int)](repeating: (0, 0), count: 256)
        var code: UInt32 = 0, k = 0
        for length in 1...16 {
            for _ in 0..<Int(bits[length - 1]) {
                table[Int(values[k])] = (code, length)
                code += 1
                k += 1
            }
            code <<= 1
        }
        return table
    }

    private static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }

    /// cos((2x + 1)uπ/16) × C(u), with C(0) = 1/√2; row u, column x.
    static let cosines: [Double] = (0..<64).map { i in
        let u = i / 8, x = i % 8
        return cos(Double((2 * x + 1) * u) * Double.pi / 16) * (u == 0 ? 1 / 2.0.squareRoot() : 1)
    }

    static let zigzag = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60,
        61, 54, 47, 55, 62, 63,
    ]

    static let luminance = [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29,
        51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121,
        120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ]

    static let dcBits: [UInt8] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    static let dcValues: [UInt8] = Array(0...11)
    static let acBits: [UInt8] = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D]
    static let acValues: [UInt8] = [
        0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
        0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42, 0xB1, 0xC1, 0x15, 0x52, 0xD1, 0xF0,
        0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0A, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x25, 0x26, 0x27, 0x28,
        0x29, 0x2A, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
        0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
        0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
        0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
        0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5,
        0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE1, 0xE2,
        0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
        0xF9, 0xFA,
    ]
}

/// Entropy-coded bytes: most significant bit first, `0xFF` followed by a stuffed `0x00` (T.81 F.1.2.3).
private struct BitWriter {
    var bytes: [UInt8] = []
    private var buffer: UInt32 = 0
    private var count = 0

    mutating func write(_ code: (code: UInt32, length: Int)) { write(bits: code.code, length: code.length) }

    /// The `category` low bits of a coefficient: the value, or value − 1 in one's complement when negative.
    mutating func write(value: Int, category: Int) {
        guard category > 0 else { return }
        let v = value > 0 ? value : value + (1 << category) - 1
        write(bits: UInt32(v), length: category)
    }

    mutating func write(bits: UInt32, length: Int) {
        precondition(length > 0 && length <= 16, "a Huffman code or value has 1...16 bits")
        buffer = buffer << UInt32(length) | (bits & ((1 << UInt32(length)) - 1))
        count += length
        while count >= 8 {
            let byte = UInt8((buffer >> UInt32(count - 8)) & 0xFF)
            bytes.append(byte)
            if byte == 0xFF { bytes.append(0) }
            count -= 8
        }
        buffer &= (1 << UInt32(count)) - 1
    }

    /// Pads the last byte with one bits (T.81 F.1.2.3).
    mutating func flush() {
        if count > 0 { write(bits: (1 << UInt32(8 - count)) - 1, length: 8 - count) }
    }
}
