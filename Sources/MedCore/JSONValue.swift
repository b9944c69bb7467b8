/// Any JSON value, kept exactly as decoded: the extra per-sample fields of label tables (view
/// position, bounding boxes, raw uncertainty states) in each sample's JSON, and the pipeline
/// parameters a manifest records (MedShards calls it `ManifestValue`).
///
/// Numbers keep integers apart from reals, so that `2682` stays `2682` and a seed above `Int.max`
/// survives a round trip exactly (`unsigned`). Objects are dictionaries: encoders with `.sortedKeys`
/// give them a stable order. Encodes as plain JSON, without an enum wrapper.
///
/// Does not keep key order, duplicate keys or non-finite numbers (`NaN`, `Infinity`), which
/// `JSONDecoder` refuses: MedGestures reads tracker files, where those matter, with its own parser.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int)
    /// An integer above `Int.max` (a 64-bit seed).
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// Decodes any JSON value: an integer as `int` when it fits, else `unsigned`, else `double`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(UInt64.self) {
            self = .unsigned(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Encodes the value as plain JSON (no enum wrapper).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .unsigned(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
