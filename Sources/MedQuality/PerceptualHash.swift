import Foundation

/// A 64-bit DCT perceptual hash (pHash), as the `imagehash` library's `phash` defines it, read
/// from the 32x32 area reduction of the gray image.
///
/// The 2-D DCT-II of the 32x32 image is taken, its top-left 8x8 block (the lowest frequencies)
/// kept, and each of the 64 coefficients becomes one bit: 1 when it exceeds the median of the 63
/// coefficients other than DC. DC is left out of the median because it is the mean brightness,
/// far above the rest; its bit is kept (it is 1 for any image brighter than black), so hashes stay
/// 64 bits in `imagehash`'s order: row-major over (vertical frequency, horizontal frequency), the
/// first coefficient in the most significant bit; ``hex`` is `str(imagehash)`'s 16 hex digits.
/// Differs from `imagehash.phash` in the reduction (area means instead of Lanczos, which aliases
/// less on large radiographs) and the DC exclusion.
public struct PerceptualHash: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 64 bits.
    public var bits: UInt64

    /// Wraps bits.
    public init(bits: UInt64) { self.bits = bits }

    /// Parses 16 hex digits.
    public init?(hex: String) {
        guard hex.utf8.count == 16, let value = UInt64(hex, radix: 16) else { return nil }
        bits = value
    }

    /// Hashes a 32x32 row-major gray image.
    ///
    /// - Precondition: `reduced.count == 1024`.
    public init(reduced: [Double]) {
        let n = GrayScan.reducedSide
        precondition(reduced.count == n * n, "pHash reads a 32x32 image")
        let basis = Self.basis
        // Rows first (vertical frequencies u = 0..7 over each column), then columns.
        var vertical = [Double](repeating: 0, count: 8 * n)
        for u in 0..<8 {
            for x in 0..<n {
                var sum = 0.0
                for y in 0..<n { sum += basis[u * n + y] * reduced[y * n + x] }
                vertical[u * n + x] = sum
            }
        }
        var coefficients = [Double](repeating: 0, count: 64)
        for u in 0..<8 {
            for v in 0..<8 {
                var sum = 0.0
                for x in 0..<n { sum += basis[v * n + x] * vertical[u * n + x] }
                coefficients[u * 8 + v] = sum
            }
        }
        let ac = coefficients.dropFirst().sorted()
        let median = ac[ac.count / 2]  // 63 values: the middle one
        var bits: UInt64 = 0
        for (i, c) in coefficients.enumerated() where c > median { bits |= 1 << UInt64(63 - i) }
        self.bits = bits
    }

    /// `cos(pi * (2x + 1) * k / 64)` for k in 0..<8, x in 0..<32: the DCT-II basis (scipy's
    /// unnormalized type 2 without its factor 2, which no threshold sees).
    private static let basis: [Double] = (0..<8).flatMap { k in
        (0..<32).map { x in cos(Double.pi * Double(2 * x + 1) * Double(k) / 64) }
    }

    /// 16 lowercase hex digits.
    public var hex: String {
        let digits = String(bits, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public var description: String { hex }

    /// Number of differing bits, 0...64.
    public func distance(to other: PerceptualHash) -> Int { (bits ^ other.bits).nonzeroBitCount }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let hash = PerceptualHash(hex: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not 16 hex digits"))
        }
        self = hash
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
