/// Serializes ``JSONValue`` as compact or indented JSON text.
///
/// Non-finite numbers are written as Python does (`NaN`, `Infinity`), so a rewrite keeps a
/// problem the validator can still see. Integral numbers below 2^53 are written without a
/// fraction (`1500`, not `1500.0`), matching MediaPipe timestamps.
package enum JSONWriter {
    /// Returns the JSON text of `value`.
    ///
    /// - Parameters:
    ///   - value: The value to write.
    ///   - indent: Spaces per nesting level; nil writes one line.
    /// - Returns: UTF-8 JSON text without a trailing newline.
    package static func string(_ value: JSONValue, indent: Int? = nil) -> String {
        var out = ""
        write(value, into: &out, indent: indent, level: 0)
        return out
    }

    /// Formats a number the way ``string(_:indent:)`` does.
    ///
    /// Integral values are written without a fraction; others with their shortest round-trip text,
    /// or with 10 significant digits when that is shorter (arithmetic leaves tails such as
    /// `0.00043299999999999995` that carry no information at landmark precision).
    ///
    /// - Parameter number: Any double.
    /// - Returns: The text.
    package static func format(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number > 0 ? "Infinity" : "-Infinity" }
        return compact(number)
    }

    /// The finite-number part of ``format(_:)``, shared with the CSV writer.
    static func compact(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 9.0e15 { return String(Int64(number)) }
        let shortest = "\(number)"
        guard shortest.count > 12 else { return shortest }
        let rounded = String(format: "%.10g", number)
        return rounded.count < shortest.count ? rounded : shortest
    }

    private static func write(_ value: JSONValue, into out: inout String, indent: Int?, level: Int) {
        let newline = indent == nil ? "" : "\n"
        let pad = { (level: Int) in String(repeating: " ", count: (indent ?? 0) * level) }
        let separator = indent == nil ? ":" : ": "
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += format(n)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            if elements.isEmpty {
                out += "[]"
                return
            }
            // Arrays of numbers stay on one line: landmark triples read better that way.
            let flat = indent == nil || elements.allSatisfy { if case .number = $0 { true } else { false } }
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += flat ? (indent == nil ? "," : ", ") : "," }
                if !flat { out += newline + pad(level + 1) }
                write(element, into: &out, indent: indent, level: level + 1)
            }
            if !flat { out += newline + pad(level) }
            out += "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                out += newline + pad(level + 1)
                writeString(member.key, into: &out)
                out += separator
                write(member.value, into: &out, indent: indent, level: level + 1)
            }
            out += newline + pad(level) + "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
