/// The header of a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0), parsed far enough to
/// check a member and to read its pixels back: type, shape and where the data starts.
///
/// Does not evaluate arbitrary Python literals: only the dictionary `numpy.save` writes.
public struct NPYHeader: Sendable, Equatable {
    /// The type string, such as `|u1`, `<u2`, `<f2`, `<f4`.
    public var descriptor: String
    /// `True` in the header: data in Fortran (column-major) order.
    public var fortranOrder: Bool
    /// The array shape, such as `[512, 512]` or `[512, 512, 3]`.
    public var shape: [Int]
    /// Byte offset of the first data byte.
    public var dataOffset: Int

    /// Bytes per element, from the descriptor's digits.
    public var itemSize: Int { Int(descriptor.drop { !$0.isNumber }) ?? 0 }
    /// Number of elements; `nil` when the shape's product overflows (a hostile or corrupt header).
    public var elementCount: Int? {
        shape.reduce(Optional(1)) { product, dimension in
            guard let product, dimension >= 0 else { return nil }
            let (result, overflow) = product.multipliedReportingOverflow(by: dimension)
            return overflow ? nil : result
        }
    }

    /// Parses the header of `bytes`.
    ///
    /// - Returns: the header, or `nil` when the bytes are not an `.npy` file or the data length
    ///   disagrees with the shape.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 10, bytes[0] == 0x93, bytes[1...5].elementsEqual("NUMPY".utf8) else { return nil }
        let major = bytes[6]
        let lengthBytes = major == 1 ? 2 : 4
        guard (1...3).contains(major), bytes.count >= 8 + lengthBytes else { return nil }
        var length = 0
        for i in (0..<lengthBytes).reversed() { length = length << 8 | Int(bytes[8 + i]) }
        let start = 8 + lengthBytes
        guard start + length <= bytes.count else { return nil }
        let text = String(decoding: bytes[start..<(start + length)], as: UTF8.self)
        guard let descr = Self.value(of: "descr", in: text), let order = Self.value(of: "fortran_order", in: text),
            let shapeText = Self.value(of: "shape", in: text)
        else { return nil }
        descriptor = descr.trimmingCharacters(["'", "\""])
        fortranOrder = order == "True"
        let inner = shapeText.trimmingCharacters(["(", ")"])
        shape = inner.split(separator: ",").compactMap { Int($0.filter { !$0.isWhitespace }) }
        dataOffset = start + length
        guard itemSize > 0, let count = elementCount else { return nil }
        let (dataBytes, overflow) = count.multipliedReportingOverflow(by: itemSize)
        guard !overflow, bytes.count - dataOffset == dataBytes else { return nil }
    }

    /// The text after `'key':` up to the next top-level comma.
    private static func value(of key: String, in text: String) -> String? {
        guard let range = text.range(of: "'\(key)':") else { return nil }
        var depth = 0
        var result = ""
        for character in text[range.upperBound...] {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if (character == "," && depth == 0) || character == "}" { break }
            result.append(character)
        }
        return result.filter { $0 != " " || depth > 0 }.isEmpty ? nil : result.trimmingCharacters([" "])
    }
}

extension String {
    fileprivate func trimmingCharacters(_ set: Set<Character>) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
