/// A JSON value, for the extra per-sample fields that go into each sample's JSON
/// (view position, bounding boxes, raw uncertainty states).
///
/// Numbers keep the distinction between integers and reals so that `2682` stays `2682`.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Reads a CSV field as the narrowest JSON value: empty → `null`, an integer → `int`,
    /// a finite real → `double`, anything else → `string`.
    ///
    /// - Parameter field: The CSV field.
    public init(csvField field: String) {
        if field.isEmpty {
            self = .null
        } else if let integer = Int(field) {
            self = .int(integer)
        } else if let real = Double(field), real.isFinite, field.first != "+" {
            self = .double(real)
        } else {
            self = .string(field)
        }
    }

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
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
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
