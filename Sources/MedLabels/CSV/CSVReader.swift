import Foundation
import MedCore

/// One record of a CSV file: its fields and the line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based physical line the record starts on (the header is line 1 in most files).
    public var line: Int
    /// The fields, unquoted; a record may be shorter than the header by trailing unnamed columns.
    public var fields: [String]

    /// The field at a 0-based column index, or `""` when the record stops before it.
    public subscript(column: Int) -> String {
        column < fields.count ? fields[column] : ""
    }
}

/// Reads a CSV file with a header row, record by record, checking every record's width.
///
/// The file is read whole into memory (label tables are tens of megabytes) and tokenized per
/// RFC 4180 by MedCore's byte-level ``CSVTokenizer`` (strict quoting): quoted fields, embedded delimiters, quotes and line
/// breaks, CRLF / LF / CR line ends, a UTF-8 byte order mark, trailing empty columns. Records are
/// checked against the header: a record may omit or leave empty the header's trailing *unnamed*
/// columns (NIH's `Data_Entry_2017.csv` ends every line with a comma and `BBox_List_2017.csv` has
/// three unnamed trailing header columns its rows omit), but any other difference in width is a
/// `.raggedRow` error naming the line. It does not trim spaces and does not guess the delimiter.
///
/// CSV.swift (yaslab) was measured first and read 377,110 MIMIC metadata rows in 3.7 s; this parser
/// reads the same file about ten times faster, see `Sources/MedLabels/README.md`.
public struct CSVReader {
    /// The file's name, as given; used in errors.
    public let path: String
    /// The header's column names, exactly as written (a bracketed name such as
    /// `OriginalImage[Width,Height]` is split across two columns by its comma, as in the file).
    public let header: [String]
    private var parser: CSVTokenizer
    private var fields: [String] = []
    /// Columns every record must have: the header without its trailing unnamed columns.
    private let namedWidth: Int

    /// Opens a table and reads its header.
    ///
    /// - Parameters:
    ///   - path: The table: a file (gzip-compressed or not), a pipe, or `-` for standard input (``TableFile``).
    ///   - delimiter: The field separator; an ASCII character. Default `,`.
    ///   - encoding: The text's encoding. Default UTF-8.
    /// - Throws: ``LabelError`` `.unreadable` if the table cannot be read, is a folder, or is empty.
    public init(path: String, delimiter: Character = ",", encoding: TableEncoding = .utf8) throws(LabelError) {
        try self.init(bytes: try TableFile.text(path, encoding: encoding), path: path, delimiter: delimiter)
    }

    /// Reads a table held in memory.
    ///
    /// - Parameters:
    ///   - text: The whole table.
    ///   - path: The name used in errors.
    ///   - delimiter: The field separator; an ASCII character. Default `,`.
    /// - Throws: ``LabelError`` `.unreadable` if the table is empty.
    public init(text: String, path: String, delimiter: Character = ",") throws(LabelError) {
        try self.init(bytes: Array(text.utf8), path: path, delimiter: delimiter)
    }

    /// Reads a table from its bytes.
    ///
    /// - Parameters:
    ///   - bytes: The whole table, UTF-8, with or without a byte order mark.
    ///   - path: The name used in errors.
    ///   - delimiter: The field separator; an ASCII character. Default `,`.
    /// - Throws: ``LabelError`` `.unreadable` if the table is empty, `.malformedCSV` for a bad header.
    public init(bytes: [UInt8], path: String, delimiter: Character = ",") throws(LabelError) {
        guard let ascii = delimiter.asciiValue, ascii != UInt8(ascii: "\""), ascii != 10, ascii != 13 else {
            throw LabelError(.invalidConfiguration, path: path, reason: "delimiter '\(delimiter)' is not usable")
        }
        self.path = path
        parser = CSVTokenizer(bytes: bytes, delimiter: ascii, quoting: .strict)
        parser.skipCommentLines()
        var names: [String] = []
        guard try Self.next(&parser, into: &names, path: path) != nil else {
            throw LabelError(.unreadable, path: path, line: 1, reason: "the file is empty; a header row is needed")
        }
        header = names
        parser.refusesCommentLines = true
        var width = names.count
        while width > 1, names[width - 1].isEmpty { width -= 1 }
        namedWidth = width
    }

    /// A guess at the number of records from the file size and the header's length, for reserving
    /// capacity; never used for anything but performance.
    public var estimatedRecordCount: Int { parser.estimatedRecordCount(headerWidth: header.count) }

    /// The 0-based index of a header column, comparing names with surrounding spaces removed.
    ///
    /// - Parameter name: The column's name.
    /// - Returns: The index, or `nil` when no column has that name.
    public func columnIndex(_ name: String) -> Int? {
        if let index = header.firstIndex(of: name) { return index }
        let wanted = name.trimmingCharacters(in: .whitespaces)
        return header.firstIndex { $0.trimmingCharacters(in: .whitespaces) == wanted }
    }

    /// The 0-based index of a column the caller cannot do without.
    ///
    /// - Parameter name: The column's name.
    /// - Returns: The index.
    /// - Throws: ``LabelError`` `.missingColumn` at line 1, listing the header.
    public func requiredColumn(_ name: String) throws(LabelError) -> Int {
        guard let index = columnIndex(name) else {
            throw LabelError(
                .missingColumn, path: path, line: 1,
                reason: "no column named '\(name)'; the header is \(header.joined(separator: ","))")
        }
        return index
    }

    /// Reads the next record and checks its width against the header.
    ///
    /// - Returns: The record, or `nil` at the end of the file.
    /// - Throws: ``LabelError`` `.raggedRow` (column = first missing or first extra field),
    ///   `.malformedCSV`, or `.unreadable` for invalid UTF-8.
    public mutating func next() throws(LabelError) -> CSVRecord? {
        guard let line = try Self.next(&parser, into: &fields, path: path) else { return nil }
        if fields.count < namedWidth {
            throw LabelError(
                .raggedRow, path: path, line: line, column: fields.count + 1,
                reason: "record has \(fields.count) fields but the header names \(namedWidth) columns "
                    + "(missing '\(header[fields.count])')")
        }
        if fields.count > header.count, let extra = fields[header.count...].firstIndex(where: { !$0.isEmpty }) {
            throw LabelError(
                .raggedRow, path: path, line: line, column: extra + 1,
                reason: "record has \(fields.count) fields but the header has \(header.count) columns "
                    + "(extra value '\(fields[extra])')")
        }
        return CSVRecord(line: line, fields: fields)
    }

    /// The tokenizer's next record, its failures as ``LabelError``: `.malformedCSV`, or `.unreadable`
    /// with an encoding hint for a field that is not UTF-8.
    private static func next(
        _ parser: inout CSVTokenizer, into fields: inout [String], path: String
    ) throws(LabelError) -> Int? {
        do {
            return try parser.next(into: &fields)
        } catch {
            switch error.kind {
            case .malformed:
                throw LabelError(.malformedCSV, path: path, line: error.line, column: error.column, reason: error.reason)
            case .invalidUTF8:
                throw LabelError(
                    .unreadable, path: path, line: error.line, column: error.column,
                    reason: "field is not valid UTF-8; \(TableEncoding.hint(forInvalidUTF8: error.fieldBytes))")
            }
        }
    }
}
