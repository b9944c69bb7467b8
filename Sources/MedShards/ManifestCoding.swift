import Foundation

/// The one JSON configuration used for everything MedShards writes, so the same values always give
/// the same bytes: sorted keys, no escaped slashes, ISO dates never (nothing written holds a time).
public enum ManifestCoding {
    /// An encoder with sorted keys and unescaped slashes; pretty-printed for files people read.
    public static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty
            ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A plain decoder.
    public static func decoder() -> JSONDecoder { JSONDecoder() }

    /// One compact JSON line of `value`, without the newline.
    public static func line(_ value: some Encodable) throws -> [UInt8] {
        [UInt8](try encoder(pretty: false).encode(value))
    }
}
