#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one RFC 4180 tokenizer of the package, over the UTF-8 bytes of one file: MedLabels'
/// ``CSVReader`` reads label tables with it (``Quoting/strict``), MedGestures' landmark tables
/// (``Quoting/lenient``).
///
/// Grammar (RFC 4180 section 2): records end with CRLF, LF or a lone CR; fields are separated by
/// the delimiter; a field that starts with `"` is quoted and may hold the delimiter, line breaks and
/// `""` (one quote). A UTF-8 byte order mark at the start is skipped. Empty lines between records
/// are skipped (they are not records). A quote inside an unquoted field is kept literally, as
/// Python's `csv` module does. The two quotings differ only where the input breaks the grammar:
/// an unterminated quoted field, text after a closing quote, or a field that is not UTF-8 is a
/// ``Failure`` naming the line and field when strict; when lenient, the quoted field runs to the end
/// of the input, the text is appended to the field, and invalid bytes become U+FFFD, so a lenient
/// tokenizer never throws.
///
/// The tokenizer does not know about headers; its readers do.
package struct CSVTokenizer {
    /// What the tokenizer does with input that breaks the grammar.
    package enum Quoting: Sendable {
        /// Refuse it with a ``Failure``.
        case strict
        /// Read it as the closest table (see ``CSVTokenizer``); never throws.
        case lenient
    }

    /// Why a strict tokenizer stopped, and where.
    package struct Failure: Error, Sendable {
        /// What kind of problem.
        package enum Kind: Sendable {
            /// The bytes break the CSV grammar (``reason`` says how).
            case malformed
            /// A field is not valid UTF-8; ``fieldBytes`` holds it, for the caller's encoding hint.
            case invalidUTF8
        }

        /// What kind of problem.
        package let kind: Kind
        /// The 1-based physical line.
        package let line: Int
        /// The 1-based field number.
        package let column: Int
        /// What is wrong, in a sentence (empty for ``Kind/invalidUTF8``: the caller words it).
        package let reason: String
        /// The field's bytes, for ``Kind/invalidUTF8``; empty otherwise.
        package let fieldBytes: [UInt8]
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let hash = UInt8(ascii: "#")

    private let bytes: [UInt8]
    private let delimiter: UInt8
    private let isStrict: Bool
    private var position: Int
    /// The physical line the next byte at `position` is on.
    private var line = 1
    private var scratch: [UInt8] = []
    /// Whether a record starting with `##` is refused: MedLabels sets it once the header has been read.
    package var refusesCommentLines = false
    /// Per column, the byte range and String of the last long unquoted field: a field whose bytes
    /// repeat the previous record's (a procedure name, a view description) reuses that String
    /// instead of allocating a new one. Only fields longer than 15 bytes are kept, since shorter
    /// ASCII strings are stored inline and never allocate.
    private var previousStart: [Int] = []
    private var previousEnd: [Int] = []
    private var previousText: [String] = []

    /// Creates a tokenizer.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - delimiter: The field separator, an ASCII byte other than `"`, CR and LF.
    ///   - quoting: What to do with input that breaks the grammar.
    package init(bytes: [UInt8], delimiter: UInt8, quoting: Quoting) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.isStrict = quoting == .strict
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        position = hasBOM ? 3 : 0
    }

    /// Skips `##` comment lines (and empty lines) before the header, as some published tables
    /// carry (covid-severity-scores.csv); the line count keeps advancing, so errors still name
    /// physical lines. A comment after the header is refused by ``next(into:)`` when
    /// ``refusesCommentLines`` is set.
    package mutating func skipCommentLines() {
        let count = bytes.count
        while position < count {
            if bytes[position] == Self.lineFeed || bytes[position] == Self.carriageReturn {
                consumeLineBreak()
                continue
            }
            guard position + 1 < count, bytes[position] == Self.hash, bytes[position + 1] == Self.hash else { return }
            while position < count, bytes[position] != Self.lineFeed, bytes[position] != Self.carriageReturn {
                position &+= 1
            }
            if position < count { consumeLineBreak() }
        }
    }

    /// A rough record count: remaining bytes over an assumed 8 bytes per field.
    package func estimatedRecordCount(headerWidth: Int) -> Int {
        (bytes.count - position) / max(8, 8 * headerWidth)
    }

    /// Reads the next record into `fields`.
    ///
    /// - Parameter fields: Replaced by the record's fields.
    /// - Returns: The physical line the record starts on, or `nil` at the end of the file.
    /// - Throws: ``Failure``, with line and field; only when strict, or for a refused comment line.
    package mutating func next(into fields: inout [String]) throws(Failure) -> Int? {
        fields.removeAll(keepingCapacity: true)
        let count = bytes.count
        while position < count, bytes[position] == Self.lineFeed || bytes[position] == Self.carriageReturn {
            consumeLineBreak()
        }
        guard position < count else { return nil }
        if position + 1 < count, bytes[position] == Self.hash, bytes[position + 1] == Self.hash, refusesCommentLines {
            throw Failure(
                kind: .malformed, line: line, column: 1,
                reason: "a '##' comment line after the header; comments are only skipped before the header",
                fieldBytes: [])
        }
        let startLine = line
        var column = 1
        while true {
            if position < count, bytes[position] == Self.quote {
                fields.append(try quotedField(column: column))
            } else {
                let start = position
                var highBits: UInt8 = 0
                while position < count {
                    let byte = bytes[position]
                    if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                    highBits |= byte
                    position &+= 1
                }
                fields.append(try unquoted(start, isASCII: highBits < 0x80, column: column))
            }
            guard position < count else { break }
            if bytes[position] == delimiter {
                position &+= 1
                column &+= 1
                if position == count {
                    fields.append("")
                    break
                }
                continue
            }
            consumeLineBreak()
            break
        }
        return startLine
    }

    private mutating func consumeLineBreak() {
        if bytes[position] == Self.carriageReturn, position + 1 < bytes.count, bytes[position + 1] == Self.lineFeed {
            position &+= 2
        } else {
            position &+= 1
        }
        line &+= 1
    }

    private mutating func quotedField(column: Int) throws(Failure) -> String {
        let openingLine = line
        position &+= 1
        scratch.removeAll(keepingCapacity: true)
        var segmentStart = position
        let count = bytes.count
        while true {
            while position < count, bytes[position] != Self.quote {
                // Line breaks inside quotes are data, but still advance the physical line count.
                let byte = bytes[position]
                if byte == Self.lineFeed {
                    line &+= 1
                } else if byte == Self.carriageReturn, position + 1 >= count || bytes[position + 1] != Self.lineFeed {
                    line &+= 1
                }
                position &+= 1
            }
            guard position < count else {
                guard !isStrict else {
                    throw Failure(
                        kind: .malformed, line: openingLine, column: column,
                        reason: "quoted field is never closed (the quote opens on line \(openingLine))", fieldBytes: [])
                }
                scratch.append(contentsOf: bytes[segmentStart..<position])
                break
            }
            scratch.append(contentsOf: bytes[segmentStart..<position])
            position &+= 1
            if position < count, bytes[position] == Self.quote {
                scratch.append(Self.quote)
                position &+= 1
                segmentStart = position
                continue
            }
            break
        }
        if position < count {
            let byte = bytes[position]
            if byte != delimiter && byte != Self.lineFeed && byte != Self.carriageReturn {
                if isStrict {
                    throw Failure(
                        kind: .malformed, line: line, column: column,
                        reason: "unexpected character '\(Character(Unicode.Scalar(byte)))' after a closing quote",
                        fieldBytes: [])
                }
                while position < count {
                    let byte = bytes[position]
                    if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                    scratch.append(byte)
                    position &+= 1
                }
            }
        }
        return try decoded(scratch[...], isASCII: !scratch.contains { $0 >= 0x80 }, column: column)
    }

    /// An unquoted field `bytes[start..<position]`, reusing the previous record's String for the
    /// same column when the bytes are equal.
    private mutating func unquoted(_ start: Int, isASCII: Bool, column: Int) throws(Failure) -> String {
        let length = position &- start
        guard length > 15 else { return try decoded(bytes[start..<position], isASCII: isASCII, column: column) }
        let slot = column &- 1
        if slot < previousText.count {
            let previous = previousStart[slot]
            if previousEnd[slot] &- previous == length {
                let same = bytes.withUnsafeBufferPointer { buffer -> Bool in
                    guard let base = buffer.baseAddress else { return false }
                    return memcmp(base + previous, base + start, length) == 0
                }
                if same { return previousText[slot] }
            }
            let text = try decoded(bytes[start..<position], isASCII: isASCII, column: column)
            previousStart[slot] = start
            previousEnd[slot] = position
            previousText[slot] = text
            return text
        }
        let text = try decoded(bytes[start..<position], isASCII: isASCII, column: column)
        while previousText.count < slot {
            previousStart.append(0)
            previousEnd.append(0)
            previousText.append("")
        }
        previousStart.append(start)
        previousEnd.append(position)
        previousText.append(text)
        return text
    }

    private func decoded(_ slice: ArraySlice<UInt8>, isASCII: Bool, column: Int) throws(Failure) -> String {
        if slice.isEmpty { return "" }
        // ASCII needs no validation, and `String(decoding:)` takes the contiguous fast path; the
        // validating initializer is several times slower and only runs on fields with non-ASCII bytes.
        if isASCII || !isStrict { return String(decoding: slice, as: UTF8.self) }
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw Failure(kind: .invalidUTF8, line: line, column: column, reason: "", fieldBytes: Array(slice))
        }
        return text
    }
}
