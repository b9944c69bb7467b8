import Crypto
import MedCore

/// Turns patient identifiers into keyed pseudonyms: HMAC-SHA256 (RFC 2104, FIPS 198-1) of the
/// identifier's UTF-8 bytes under a secret key, truncated to 128 bits and written as 32 hex digits.
///
/// The same key maps one patient to the same pseudonym in every run and on every machine, so
/// patient-level grouping survives; without the key a pseudonym cannot be reversed by hashing
/// candidate ids, which a plain SHA-256 would allow (patient ids have little entropy).
/// Leading and trailing spaces are trimmed first, as DICOM pads values to even length (PS3.5 6.2).
///
/// Does not detect identifiers inside free text or pixels (burned-in annotations).
public struct Pseudonymizer: Sendable {
    /// The environment variable read when no key is given on the command line.
    public static let environmentVariable = "MEDPREP_PSEUDONYM_KEY"
    /// The shortest key accepted, in bytes.
    public static let minimumKeyLength = 16

    private let secret: [UInt8]

    /// A pseudonymizer with a secret key.
    ///
    /// - Parameter secret: the key text (UTF-8); at least ``minimumKeyLength`` bytes.
    /// - Throws: ``ShardError`` `missingKey` when the key is too short to resist guessing.
    public init(secret: String) throws(ShardError) {
        guard secret.utf8.count >= Self.minimumKeyLength else {
            throw ShardError(
                .missingKey, path: "--pseudonym-key",
                reason:
                    "the pseudonym key has \(secret.utf8.count) bytes; use at least \(Self.minimumKeyLength) random bytes (such as `openssl rand -hex 32`)"
            )
        }
        self.secret = Array(secret.utf8)
    }

    /// The pseudonym of `identifier`: 32 lowercase hex digits.
    public func pseudonym(for identifier: String) -> String {
        truncatedMAC(of: Array(identifier.trimmingCharacters(in: " \0").utf8))
    }

    /// The pseudonym of an input's relative path (`convert --pseudonymize-paths`): 32 lowercase hex
    /// digits of the HMAC of `path`, a NUL byte and the path's UTF-8 bytes, untrimmed. The prefix
    /// keeps a path from ever sharing a pseudonym with a patient id of the same text.
    public func pathPseudonym(for relativePath: String) -> String {
        truncatedMAC(of: Array("path".utf8) + [0] + Array(relativePath.utf8))
    }

    /// HMAC-SHA256 of `message` under the key, first 16 bytes as 32 lowercase hex digits.
    private func truncatedMAC(of message: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return Hex.lowercase(Array(mac).prefix(16))
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let drop = Set(set.unicodeScalars)
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, drop.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, drop.contains(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
