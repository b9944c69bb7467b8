/// Any JSON value, kept exactly as decoded: how a manifest holds the pipeline description, whose
/// type belongs to another module.
///
/// Integers are kept apart from floating-point numbers so that seeds and sizes survive a round trip
/// exactly. Objects are dictionaries; encoders with `.sortedKeys` give them a stable order.
public enum ManifestValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int)
    case unsigned(UInt64)
    case number(Double)
    case string(String)
    case array([ManifestValue])
    case object([String: ManifestValue])

    /// Re-encodes any `Encodable` value (a pipeline description, parameters) as a JSON value.
    ///
    /// - Throws: the encoder's or decoder's error when `value` does not encode to JSON.
    public init(encoding value: some Encodable) throws {
        let data = try ManifestCoding.encoder(pretty: false).encode(value)
        self = try ManifestCoding.decoder().decode(ManifestValue.self, from: data)
    }

    /// Decodes the value as `T` (for instance to rebuild a pipeline from a manifest).
    public func decoded<T: Decodable>(as type: T.Type) throws -> T {
        let data = try ManifestCoding.encoder(pretty: false).encode(self)
        return try ManifestCoding.decoder().decode(T.self, from: data)
    }

    /// The member `key` of an object, or `nil`.
    public subscript(key: String) -> ManifestValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(UInt64.self) {
            self = .unsigned(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ManifestValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ManifestValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .unsigned(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
