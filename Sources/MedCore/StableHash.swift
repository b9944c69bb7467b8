/// The package's stable hashes: the same value on every machine, process and Swift version, unlike
/// `Hasher`, which is randomly seeded per process.
///
/// - ``sipHash24(_:k0:k1:)`` (Aumasson and Bernstein, 2012), keyed: places patients in splits from
///   (seed, patient id) alone (``unitValue(patientID:seed:)``). The reference test vectors of the
///   paper (key 00 01 .. 0f, messages 00 01 .. n-1) are checked in the tests.
/// - ``fnv1a64(_:)``: turns a sample key into a ``SeededGenerator`` stream.
///
/// None is for secrecy: pseudonymizing patient ids (HMAC) is the caller's job. MedShards'
/// `Partition.stableHash` (the first 8 bytes of SHA-256, so that any SHA-256 tool can check which
/// worker takes a key) stays beside its SHA-256 in MedShards, which links swift-crypto; this module
/// links nothing.
public enum StableHash {
    /// FNV-1a, 64-bit (Fowler, Noll and Vo): offset basis 0xCBF29CE484222325, prime 0x100000001B3.
    ///
    /// - Parameter bytes: The message, e.g. a key's UTF-8 bytes.
    /// - Returns: The 64-bit hash.
    /// - Complexity: O(n).
    public static func fnv1a64<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The second key word: ASCII "MedLabel", fixed so that one seed gives one split forever.
    public static let fixedKey: UInt64 = 0x4D65_644C_6162_656C

    /// SipHash-2-4 of a byte sequence under a 128-bit key.
    ///
    /// - Parameters:
    ///   - bytes: The message.
    ///   - k0: The first key word (little-endian bytes 0–7 of the key).
    ///   - k1: The second key word (bytes 8–15).
    /// - Returns: The 64-bit hash.
    /// - Complexity: O(n).
    public static func sipHash24<Bytes: Collection>(_ bytes: Bytes, k0: UInt64, k1: UInt64) -> UInt64
    where Bytes.Element == UInt8 {
        var v0: UInt64 = 0x736f_6d65_7073_6575 ^ k0
        var v1: UInt64 = 0x646f_7261_6e64_6f6d ^ k1
        var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ k0
        var v3: UInt64 = 0x7465_6462_7974_6573 ^ k1
        func round() {
            v0 &+= v1; v1 = v1.rotatedLeft(13); v1 ^= v0; v0 = v0.rotatedLeft(32)
            v2 &+= v3; v3 = v3.rotatedLeft(16); v3 ^= v2
            v0 &+= v3; v3 = v3.rotatedLeft(21); v3 ^= v0
            v2 &+= v1; v1 = v1.rotatedLeft(17); v1 ^= v2; v2 = v2.rotatedLeft(32)
        }
        var word: UInt64 = 0
        var filled = 0
        for byte in bytes {
            word |= UInt64(byte) << (8 &* UInt64(filled))
            filled &+= 1
            if filled == 8 {
                v3 ^= word; round(); round(); v0 ^= word
                word = 0
                filled = 0
            }
        }
        let last = (UInt64(truncatingIfNeeded: bytes.count) << 56) | word
        v3 ^= last; round(); round(); v0 ^= last
        v2 ^= 0xff
        round(); round(); round(); round()
        return v0 ^ v1 ^ v2 ^ v3
    }

    /// A uniform value in [0, 1) for a patient under a seed: the top 53 bits of
    /// `sipHash24(utf8(patientID), k0: seed, k1: fixedKey)` divided by 2^53.
    ///
    /// - Parameters:
    ///   - patientID: The raw patient id (UTF-8 bytes are hashed, no normalization).
    ///   - seed: The run's seed.
    /// - Returns: A value in [0, 1).
    public static func unitValue(patientID: String, seed: UInt64) -> Double {
        let hash = sipHash24(patientID.utf8, k0: seed, k1: fixedKey)
        return Double(hash >> 11) * 0x1p-53
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 &- count))
    }
}
