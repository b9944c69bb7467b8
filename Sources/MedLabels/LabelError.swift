/// A failure to read a label table or to configure a label join.
///
/// Every error that comes from a file names that file, and, where the problem sits in one
/// record, the physical line (1-based, counting the header line) and the column (1-based field
/// number within that record, not a character offset). `description` reads like a compiler
/// diagnostic: `Data_Entry_2017.csv:17:4: Patient ID is empty`.
///
/// Errors are thrown for input that cannot be read at all (malformed CSV, missing columns,
/// unparseable values). Rows that merely do not match an image, duplicates and conflicts are
/// not errors: they are collected in a ``JoinReport``.
public struct LabelError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure.
    ///
    /// New kinds can be added without breaking clients.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case unreadable, malformedCSV, raggedRow, missingColumn, invalidValue, invalidConfiguration
        }
        private let kind: Kind

        /// The file could not be opened or is not valid UTF-8.
        public static let unreadable = Code(kind: .unreadable)
        /// The bytes break RFC 4180: an unterminated quote, or text after a closing quote.
        public static let malformedCSV = Code(kind: .malformedCSV)
        /// A record has more or fewer fields than the header names.
        public static let raggedRow = Code(kind: .raggedRow)
        /// A column the adapter needs is absent from the header.
        public static let missingColumn = Code(kind: .missingColumn)
        /// A field holds a value the adapter cannot interpret (an unknown label, a bad number).
        public static let invalidValue = Code(kind: .invalidValue)
        /// The tables or options given do not describe a usable join (no label table, bad fractions).
        public static let invalidConfiguration = Code(kind: .invalidConfiguration)

        /// The kind's name, as written in JSON reports: `raggedRow`.
        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The file the problem is in, as given by the caller; empty for configuration errors.
    public var path: String
    /// The 1-based physical line the offending record starts on, if known.
    public var line: Int?
    /// The 1-based field number within the record, if known.
    public var column: Int?
    /// A sentence for a person, quoting the offending value.
    public var reason: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - path: The file the problem is in.
    ///   - line: The 1-based physical line, if known.
    ///   - column: The 1-based field number, if known.
    ///   - reason: A sentence for a person, quoting the offending value.
    public init(_ code: Code, path: String, line: Int? = nil, column: Int? = nil, reason: String) {
        self.code = code
        self.path = path
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `path:line:column: reason`, leaving out the parts that are unknown.
    public var description: String {
        var location = path
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return location.isEmpty ? reason : "\(location): \(reason)"
    }
}
