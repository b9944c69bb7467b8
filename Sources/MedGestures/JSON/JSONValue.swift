/// A parsed JSON value that keeps object keys in file order: MedGestures' document tree of tracker
/// files, `package` because it is not MedCore's `JSONValue` (a Codable value without key order or
/// `NaN`) and nothing outside this package needs it.
///
/// MedGestures reads JSON with its own small parser (``JSONParser``) rather than
/// `JSONSerialization` for three reasons: Python's `json.dumps` writes `NaN` and `Infinity`, which
/// strict parsers reject, but the validator must *report* them at their frame; numbers and
/// booleans stay distinct without `NSNumber` bridging; and errors carry a line number.
package enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The value for `key` when this is an object; the first one when a key repeats.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The first of `keys` present in this object.
    ///
    /// - Parameter keys: Candidate keys in order of preference (Python name, JavaScript name).
    /// - Returns: The value of the first key present, or nil.
    package func value(forAnyOf keys: [String]) -> JSONValue? {
        for key in keys { if let value = self[key] { return value } }
        return nil
    }

    /// The number, or nil when this is not a number.
    package var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The string, or nil when this is not a string.
    package var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements, or nil when this is not an array.
    package var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// True when this is an object.
    package var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    /// This object with `key` set to `value` (replaced in place, or appended).
    ///
    /// - Parameters:
    ///   - key: The member name.
    ///   - value: The new value.
    /// - Returns: The updated object; `self` unchanged when it is not an object.
    package func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append((key, value))
        }
        return .object(members)
    }

    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    package func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(n.isNaN ? 0 : n)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let members):
            for member in members {
                hasher.combine(member.key)
                hasher.combine(member.value)
            }
        }
    }
}
