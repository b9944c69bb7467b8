import MedCore

/// How a manifest holds the pipeline description, whose type belongs to another module: MedCore's
/// ``JSONValue`` (integers kept apart from reals, so seeds and sizes survive a round trip exactly).
///
/// The manifest's name for it, kept so that code reading manifests says what the value is.
public typealias ManifestValue = JSONValue

extension JSONValue {
    /// Re-encodes any `Encodable` value (a pipeline description, parameters) as a JSON value, with
    /// the manifest's coding (``ManifestCoding``).
    ///
    /// - Throws: the encoder's or decoder's error when `value` does not encode to JSON.
    public init(encoding value: some Encodable) throws {
        let data = try ManifestCoding.encoder(pretty: false).encode(value)
        self = try ManifestCoding.decoder().decode(JSONValue.self, from: data)
    }

    /// Decodes the value as `T` (for instance to rebuild a pipeline from a manifest).
    ///
    /// - Throws: the decoder's error when the value does not describe a `T`.
    public func decoded<T: Decodable>(as type: T.Type) throws -> T {
        let data = try ManifestCoding.encoder(pretty: false).encode(self)
        return try ManifestCoding.decoder().decode(T.self, from: data)
    }
}
