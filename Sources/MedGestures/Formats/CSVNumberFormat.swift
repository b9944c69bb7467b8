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
        if shortest.utf8.count <= 12 { return out.append(contentsOf: shortest.utf8) }
        // 10 significant digits, as %.10g would give, when the result is short.
        let magnitude = Int(floor(log10(abs(value))))
        let scale = 9 - magnitude
        if (-300...300).contains(scale) {
            let factor = pow(10.0, Double(abs(scale)))
            let rounded = scale >= 0 ? (value * factor).rounded() / factor : (value / factor).rounded() * factor
            let text = rounded.description
            if text.utf8.count <= 12 && !text.contains("e") { return out.append(contentsOf: text.utf8) }
        }
        out.append(contentsOf: JSONWriter.compact(value).utf8)
    }
}
