import Foundation

/// A minimal RFC 4180 CSV tokenizer that keeps the one-based line of every record.
///
/// Quoted fields may contain commas, doubled quotes and line breaks. Blank lines are skipped. It
/// never traps; an unterminated quote simply ends at the end of the input.
struct CSVTable {
    /// One record: its fields and the line it starts on.
    struct Record {
        var fields: [String]
        var line: Int
    }

    var header: [String]
    var headerLine: Int
    var records: [Record]

    /// Splits `text` into a header and records; nil when there is no non-blank line.
    init?(_ text: String) {
        var records: [Record] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending = iterator.next()
        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                records.append(Record(fields: fields, line: recordLine))
            }
            fields = []
        }
        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: inQuotes = true
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                if pending == "\n" { continue }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            case "\u{FEFF}" where line == 1 && fields.isEmpty && field.isEmpty: continue
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = records.first else { return nil }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        headerLine = first.line
        self.records = Array(records.dropFirst())
    }
}
