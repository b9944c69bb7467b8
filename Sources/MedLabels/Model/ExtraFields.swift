import MedCore
/// The extra fields of one sample (view position, boxes, raw label states): an ordered JSON object.
///
/// Stored as a names array plus a values array rather than a dictionary: the names array is shared
/// (copy-on-write) by every record an adapter makes, so 377,110 MIMIC records cost one small array
/// each instead of one hash table each (the dictionary form took over 1 GB and most of the join's
/// time). Setting a name that is not there yet appends it, which copies the names for that record only.
/// Encodes as a JSON object with the names in insertion order.
public struct ExtraFields: Sendable, Hashable, Codable, ExpressibleByDictionaryLiteral, Sequence {
    /// The field names, in insertion order.
    public private(set) var names: [String]
    /// The values, parallel to `names`.
    public private(set) var values: [JSONValue]

    /// Creates fields from name–value pairs, in order.
    ///
    /// - Parameter elements: The pairs; a repeated name keeps the last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        names = []
        values = []
        for (name, value) in elements { self[name] = value }
    }

    /// Creates fields with a fixed list of names, all `null`, to be filled with `subscript(slot:)`.
    ///
    /// - Parameter names: Distinct names; pass the same array to every record so it is shared.
    public init(names: [String]) {
        self.names = names
        values = [JSONValue](repeating: .null, count: names.count)
    }

    /// The value of a field, or `nil` when absent; setting `nil` stores `null`.
    public subscript(name: String) -> JSONValue? {
        get { names.firstIndex(of: name).map { values[$0] } }
        set {
            if let index = names.firstIndex(of: name) {
                values[index] = newValue ?? .null
            } else {
                names.append(name)
                values.append(newValue ?? .null)
            }
        }
    }

    /// The value at a position of `names`, for adapters filling a shared layout without name lookups.
    public subscript(slot index: Int) -> JSONValue {
        get { values[index] }
        set { values[index] = newValue }
    }

    /// The fields as a dictionary.
    public var dictionary: [String: JSONValue] { Dictionary(zip(names, values)) { _, last in last } }

    /// The number of fields.
    public var count: Int { names.count }

    /// Iterates over (name, value) pairs in order.
    public func makeIterator() -> Zip2Sequence<[String], [JSONValue]>.Iterator { zip(names, values).makeIterator() }

    private struct FieldName: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes a JSON object (names sorted, since JSON objects carry no order).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldName.self)
        names = container.allKeys.map(\.stringValue).sorted()
        values = try names.map { try container.decode(JSONValue.self, forKey: FieldName(stringValue: $0)) }
    }

    /// Encodes a JSON object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldName.self)
        for (name, value) in zip(names, values) { try container.encode(value, forKey: FieldName(stringValue: name)) }
    }
}
