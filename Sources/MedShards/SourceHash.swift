internal import CBLAKE3
import Crypto
import MedCore

/// The cryptographic hash that identifies each input file in the manifest and the samples' `KEY.json`.
///
/// ``blake3`` is the default: the official BLAKE3 C implementation with its SIMD code (CBLAKE3) hashes
/// a 10 MB DICOM file in about 1 ms a core on AVX-512, where SHA-256 takes about 7 ms, half the time
/// of converting an uncompressed radiograph. ``sha256`` is there for archives whose provenance
/// records already use it. A manifest names the algorithm (``Manifest/sourceHash``); one without
/// that field (written before it existed) used SHA-256.
public enum SourceHash: String, Sendable, Hashable, Codable, CaseIterable {
    /// BLAKE3 with its default 32-byte output (https://github.com/BLAKE3-team/BLAKE3-specs).
    case blake3
    /// SHA-256 (FIPS 180-4).
    case sha256

    /// The digest of `bytes` as 64 lowercase hex digits.
    public func digest(_ bytes: [UInt8]) -> SourceDigest {
        SourceDigest(hash: self, hex: self == .sha256 ? ContentHash.sha256(bytes) : ContentHash.blake3(bytes))
    }
}

/// An input file's digest, labelled with the hash that made it.
public struct SourceDigest: Sendable, Hashable {
    /// The algorithm.
    public var hash: SourceHash
    /// 64 lowercase hex digits.
    public var hex: String

    /// Creates a digest.
    public init(hash: SourceHash, hex: String) {
        self.hash = hash
        self.hex = hex
    }
}

extension ContentHash {
    /// The BLAKE3 hash (32 bytes) of `bytes` as 64 lowercase hex digits.
    public static func blake3(_ bytes: [UInt8]) -> String {
        var hasher = blake3_hasher()
        blake3_hasher_init(&hasher)
        bytes.withUnsafeBytes { blake3_hasher_update(&hasher, $0.baseAddress, $0.count) }
        var digest = [UInt8](repeating: 0, count: Int(BLAKE3_OUT_LEN))
        blake3_hasher_finalize(&hasher, &digest, digest.count)
        return Hex.lowercase(digest)
    }
}

/// A ``SourceHash`` fed piece by piece.
struct SourceHasher {
    private var blake3 = blake3_hasher()
    private var sha256 = SHA256()
    private let hash: SourceHash

    init(_ hash: SourceHash) {
        self.hash = hash
        if hash == .blake3 { blake3_hasher_init(&blake3) }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        switch hash {
        case .blake3: blake3_hasher_update(&blake3, bytes.baseAddress, bytes.count)
        case .sha256: sha256.update(bufferPointer: bytes)
        }
    }

    mutating func finalize() -> SourceDigest {
        switch hash {
        case .blake3:
            var digest = [UInt8](repeating: 0, count: Int(BLAKE3_OUT_LEN))
            blake3_hasher_finalize(&blake3, &digest, digest.count)
            return SourceDigest(hash: .blake3, hex: Hex.lowercase(digest))
        case .sha256:
            return SourceDigest(hash: .sha256, hex: Hex.lowercase(sha256.finalize()))
        }
    }
}
