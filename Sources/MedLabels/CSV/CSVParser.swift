import Foundation

/// An RFC 4180 tokenizer over the UTF-8 bytes of one file.
///
/// Grammar (RFC 4180 section 2): records end with CRLF, LF or a lone CR; fields are separated by
/// the delimiter; a field that starts with `"` is quoted and may hold the delimiter, line breaks and
/// `""` (one quote). A UTF-8 byte order mark at the start is skipped. Empty lines between records
/// are skipped (they are not records). A quote inside an unquoted field is kept literally, as
/// Python's `csv` module does; an unterminated quoted field, or text after a closing quote, is an
/// error that names the line and field where it happens.
///
/// The tokenizer does not know about headers; ``CSVReader`` does.
struct CSVParser {
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let hash = UInt8(ascii: "#")

    private let bytes: [UInt8]
    private let delimiter: UInt8
    private let path: String
    private var position: Int
    /// The physical line the next byte at `position` is on.
    private var line = 1
    private var scratch: [UInt8] = []
    /// Whether a record starting with `##` is refused: set once the header has been read.
    var checksComments = false
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
    ///   - delimiter: The field separator, an ASCII byte.
    ///   - path: The file's name, for errors.
    init(bytes: [UInt8], delimiter: UInt8, path: String) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.path = path
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        position = hasBOM ? 3 : 0
    }

    /// Skips `##` comment lines (and empty lines) before the header, as some published tables
    /// carry (covid-severity-scores.csv); the line count keeps advancing, so errors still name
    /// physical lines. A comment after the header is refused by ``next(into:)``.
    mutating func skipCommentLines() {
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
    func estimatedRecordCount(headerWidth: Int) -> Int {
        (bytes.count - position) / max(8, 8 * headerWidth)
    }

    /// Reads the next record into `fields`.
    ///
    /// - Parameter fields: Replaced by the record's fields.
    /// - Returns: The physical line the record starts on, or `nil` at the end of the file.
    /// - Throws: ``LabelError`` `.malformedCSV` or `.unreadable` (invalid UTF-8), with line and field.
    mutating func next(into fields: inout [String]) throws(LabelError) -> Int? {
        fields.removeAll(keepingCapacity: true)
        let count = bytes.count
        while position < count, bytes[position] == Self.lineFeed || bytes[position] == Self.carriageReturn {
            consumeLineBreak()
        }
        guard position < count else { return nil }
        if position + 1 < count, bytes[position] == Self.hash, bytes[position + 1] == Self.hash, checksComments {
            throw LabelError(
                .malformedCSV, path: path, line: line, column: 1,
                reason: "a '##' comment line after the header; comments are only skipped before the header")
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

    private mutating func quotedField(column: Int) throws(LabelError) -> String {
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
                throw LabelError(
                    .malformedCSV, path: path, line: openingLine, column: column,
                    reason: "quoted field is never closed (the quote opens on line \(openingLine))")
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
                throw LabelError(
                    .malformedCSV, path: path, line: line, column: column,
                    reason: "unexpected character '\(Character(Unicode.Scalar(byte)))' after a closing quote")
            }
        }
        return try decoded(scratch[...], isASCII: !scratch.contains { $0 >= 0x80 }, column: column)
    }

    /// An unquoted field `bytes[start..<position]`, reusing the previous record's String for the
    /// same column when the bytes are equal.
    private mutating func unquoted(_ start: Int, isASCII: Bool, column: Int) throws(LabelError) -> String {
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

    private func decoded(_ slice: ArraySlice<UInt8>, isASCII: Bool, column: Int) throws(LabelError) -> String {
        if slice.isEmpty { return "" }
        // ASCII needs no validation, and `String(decoding:)` takes the contiguous fast path; the
        // validating initializer is several times slower and only runs on fields with non-ASCII bytes.
        if isASCII { return String(decoding: slice, as: UTF8.self) }
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw LabelError(
                .unreadable, path: path, line: line, column: column,
                reason: "field is not valid UTF-8; \(TableEncoding.hint(forInvalidUTF8: slice))")
        }
        return text
    }
}
