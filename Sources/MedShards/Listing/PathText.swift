/// How a file name, which on Linux is any bytes but `/` and NUL, is written as text in manifests,
/// `errors.jsonl`, sample keys, label joins and messages.
///
/// The *printed* form of a path is its UTF-8 text, except that each byte that is not part of a
/// well-formed UTF-8 sequence (Unicode 15, table 3-7), and each C0 control character or DEL, is
/// written as `\x` and two lowercase hex digits. A Windows-1252 "é" (byte E9) in `caf\u{E9}.png`
/// prints as `caf\xe9.png`; a newline in a name prints as `\x0a`. This is Python's
/// `bytes.decode("utf-8", "backslashreplace")` plus the control characters, so a script can
/// recompute it. A name that is valid UTF-8 without control characters prints as itself, backslashes
/// included, so the ordinary case is untouched. Sample keys come from the printed form
/// (``SampleKey``), so they stay within `A-Z a-z 0-9 _ -`.
///
/// Files are always opened by their bytes (``InputFile``), never by the printed form.
public enum PathText {
    /// The printed form of `bytes`.
    ///
    /// - Complexity: O(n); one allocation for the string.
    public static func printed(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if isPlain(bytes) { return String(decoding: bytes, as: UTF8.self) }
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count + 12)
        var index = 0
        while index < bytes.count {
            let length = sequenceLength(bytes, at: index)
            if length == 1 && (bytes[index] < 0x20 || bytes[index] == 0x7F) || length == 0 {
                appendEscape(bytes[index], to: &text)
                index += 1
            } else {
                text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
                index += length
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The printed form of `bytes`.
    public static func printed(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { printed($0) }
    }

    /// Whether `bytes` print as themselves: well-formed UTF-8 without control characters.
    public static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x20 && byte < 0x7F {
                index += 1
                continue
            }
            let length = sequenceLength(bytes, at: index)
            if length <= 1 { return false }
            index += length
        }
        return true
    }

    /// The length of the well-formed UTF-8 sequence starting at `index`, or 0 when there is none.
    private static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let count = bytes.count - index
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            offset < count && range.contains(bytes[index + offset])
        }
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0  // no surrogates
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    private static func appendEscape(_ byte: UInt8, to text: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        text.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
