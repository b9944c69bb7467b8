import Foundation

/// Appends numbers and rows of the landmark CSV to a byte buffer without `String(format:)`.
///
/// Numbers are written as ``CSVLandmarkWriter`` writes them: integers without a fraction,
/// otherwise the shortest text that reads back the same, or 10 significant digits when that is
/// shorter than 13 characters would not be.
enum CSVNumberFormat {
    /// Appends `value` to `out`: `nan`, `inf`, `-inf`, an integer, or a decimal.
    static func append(_ value: Double, to out: inout [UInt8]) {
        if value.isNaN { return out.append(contentsOf: "nan".utf8) }
        if value.isInfinite { return out.append(contentsOf: (value > 0 ? "inf" : "-inf").utf8) }
        if value == value.rounded(), abs(value) < 9.0e15 {
            return out.append(contentsOf: String(Int64(value)).utf8)
        }
        let shortest = value.description
        let length = shortest.utf8.count
        if length <= 12 { return out.append(contentsOf: shortest.utf8) }
        // %.10g, as the in-memory writer uses when it is shorter: fixed notation for exponents
        // -4...9, 10 significant digits, trailing zeros dropped; the shortest text of the rounded
        // value is exactly that text.
        let magnitude = Int(floor(log10(abs(value))))
        if (-4...9).contains(magnitude) {
            let factor = pow(10.0, Double(9 - magnitude))
            let rounded = (value * factor).rounded() / factor
            let text = rounded.description
            let exponent = text.utf8.contains(UInt8(ascii: "e"))
            let digits = text.utf8.count { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            if !exponent && digits <= 11 + (magnitude < 0 ? -magnitude : 0) {
                return out.append(contentsOf: (text.utf8.count < length ? text : shortest).utf8)
            }
        }
        out.append(contentsOf: JSONWriter.compact(value).utf8)
    }
}
