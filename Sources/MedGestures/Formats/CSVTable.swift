import Foundation

import MedCore

/// A landmark table's header and records, each with its one-based line, read by MedCore's
/// ``CSVTokenizer`` with lenient quoting (the tokenizer of the label tables, strict there).
///
/// Quoted fields may contain commas, doubled quotes and line breaks. Blank and whitespace-only lines
/// are skipped. It never traps: an unterminated quote ends at the end of the input, text after a
/// closing quote is kept in the field.
struct CSVTable {
    /// One record: its fields and the line it starts on.
    struct Record {
        var fields: [String]
        var line: Int
    }

    var header: [String]
    /// The first record as written (not lowercased): data when the file has no header.
    var rawHeader: [String]
    var headerLine: Int
    var records: [Record]

    /// Splits `text` into a header and records; nil when there is no non-blank line.
    init?(_ text: String) {
        var tokenizer = CSVTokenizer(bytes: Array(text.utf8), delimiter: UInt8(ascii: ","), quoting: .lenient)
        var records: [Record] = []
        var fields: [String] = []
        // A lenient tokenizer does not throw; `try?` keeps this initializer free of traps regardless.
        while let line = try? tokenizer.next(into: &fields) {
            if fields.count == 1, fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            records.append(Record(fields: fields, line: line))
        }
        guard let first = records.first else { return nil }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        rawHeader = first.fields
        headerLine = first.line
        self.records = Array(records.dropFirst())
    }
}
