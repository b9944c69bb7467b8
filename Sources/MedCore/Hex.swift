/// Hexadecimal text of bytes and integers, the way the package writes digests and DICOM tags.
///
/// Digests (SHA-256, BLAKE3, HMAC) are written in lowercase, two digits per byte, as `sha256sum`
/// and Python's `bytes.hex()` write them. DICOM tags and magic bytes in messages are written in
/// upper case with a fixed number of digits, as PS3.5 writes tags: `(0028,0101)`. Does not parse.
public enum Hex {
    /// Two lowercase digits per byte, no separators: `[0x0A, 0xFF]` gives `0aff`.
    ///
    /// - Parameter bytes: Any byte sequence (a digest, a key).
    /// - Returns: A string of `2 × count` characters.
    /// - Complexity: O(n).
    public static func lowercase<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Upper-case digits of a non-negative `value`, padded with zeros to at least `width` digits:
    /// `uppercase(0x28, width: 4)` gives `0028`, the way PS3.5 writes a tag's group.
    ///
    /// - Parameters:
    ///   - value: The value; a negative one is written with a leading minus sign, as `String(_:radix:)` does.
    ///   - width: The least number of digits.
    /// - Returns: The digits, never truncated when `value` needs more than `width`.
    public static func uppercase(_ value: some BinaryInteger, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
