import Foundation
import MedCore

/// Small readers shared by the adapters: plain name lists and typed fields with positions.
enum TableReading {
    /// The non-empty lines of a text file (one image name per line, as NIH's split lists), with
    /// their 1-based line numbers; surrounding spaces and CR are removed.
    static func lines(path: String, encoding: TableEncoding) throws(LabelError) -> [(line: Int, text: String)] {
        let data = try TableFile.text(path, encoding: encoding)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw LabelError(
                .unreadable, path: path,
                reason: "the file is not valid UTF-8; \(TableEncoding.hint(forInvalidUTF8: data))")
        }
        var result: [(Int, String)] = []
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { result.append((number, trimmed.replacingOccurrences(of: "\u{FEFF}", with: ""))) }
        }
        return result
    }

    /// A field that must not be empty.
    static func required(_ record: CSVRecord, _ column: Int, _ name: String, path: String) throws(LabelError) -> String
    {
        let value = record[column]
        guard !value.isBlank else {
            throw LabelError(
                .invalidValue, path: path, line: record.line, column: column + 1, reason: "\(name) is empty")
        }
        return value
    }

    /// A decimal number, or `nil` for an empty field.
    static func optionalNumber(_ record: CSVRecord, _ column: Int, _ name: String, path: String) throws(LabelError)
        -> Double?
    {
        let value = record[column].trimmingSpaces
        if value.isEmpty { return nil }
        guard let number = Double(value), number.isFinite else {
            throw LabelError(
                .invalidValue, path: path, line: record.line, column: column + 1,
                reason: "\(name) '\(value)' is not a number")
        }
        return number
    }

    /// An observation state (`1.0`, `0.0`, `-1.0`, blank).
    static func state(_ record: CSVRecord, _ column: Int, _ name: String, path: String) throws(LabelError)
        -> ObservationState
    {
        guard let state = ObservationState(field: record[column]) else {
            throw LabelError(
                .invalidValue, path: path, line: record.line, column: column + 1,
                reason: "\(name) '\(record[column])' is not 1.0, 0.0, -1.0 or blank")
        }
        return state
    }

    /// Encodes one row's observations under a policy: labels, mask and the raw states for the extras
    /// (an array in vocabulary order: `"positive"`, `"negative"`, `"uncertain"`, `"blank"`).
    static func observations(
        _ record: CSVRecord, columns: [Int], names: [String], policy: ObservationPolicy, path: String
    ) throws(LabelError) -> (labels: [UInt8], mask: [UInt8], states: JSONValue) {
        var labels = [UInt8](repeating: 0, count: names.count)
        var mask = [UInt8](repeating: 0, count: names.count)
        var states: [JSONValue] = []
        states.reserveCapacity(names.count)
        for (position, column) in columns.enumerated() {
            let state = try Self.state(record, column, names[position], path: path)
            (labels[position], mask[position]) = policy.encode(state, label: names[position])
            states.append(.string(state.rawValue))
        }
        return (labels, mask, .array(states))
    }
}
