/// A label adapter for a named dataset (`--dataset`): it recognizes its own tables, given in any
/// order, and is built from them.
///
/// Recognition is the adapter's, so adding a dataset touches its adapter file and the list in
/// ``DatasetKind``. A file is first offered by name (``recognizes(fileName:)``, for tables without
/// a header, such as NIH's image lists) and otherwise by its header (``recognizes(header:)``).
/// Recognition looks at column names only; the columns a table needs are checked when it is read.
public protocol DatasetAdapter: LabelAdapter {
    /// The role of a file recognized by its name alone, without opening it.
    ///
    /// - Parameter path: The file as given with `--labels`.
    /// - Returns: The role, or `nil` to have the file's header read and offered to ``recognizes(header:)``.
    static func recognizes(fileName path: String) -> TableRole?

    /// The role of a table recognized by its header.
    ///
    /// - Parameter header: The header's column names, spaces around each removed.
    /// - Returns: The role, or `nil` when the table is none of this dataset's.
    static func recognizes(header: [String]) -> TableRole?

    /// Builds the adapter from its recognized tables.
    ///
    /// - Parameters:
    ///   - tables: The files by role.
    ///   - policy: Uncertainty and blank policies (for the datasets with uncertain observations).
    ///   - encoding: The encoding of every table.
    /// - Throws: ``LabelError`` `.invalidConfiguration` when a required table is missing
    ///   (``RecognizedTables/required(_:)``).
    init(tables: RecognizedTables, policy: ObservationPolicy, encoding: TableEncoding) throws(LabelError)
}

extension DatasetAdapter {
    /// No file is recognized by name: every header is read.
    public static func recognizes(fileName path: String) -> TableRole? { nil }
}

/// The part a table plays in its dataset: `data entry`, `bounding box`, `split`, ...
///
/// The name appears in messages ("nih needs its data entry table").
public struct TableRole: Hashable, Sendable, CustomStringConvertible {
    /// The name in messages.
    public var name: String
    /// Whether several files may play the role (CheXpert's `train.csv` and `valid.csv`); otherwise a
    /// second file recognized in it is refused.
    public var isRepeatable: Bool

    /// Creates a role.
    ///
    /// - Parameters:
    ///   - name: The name in messages.
    ///   - isRepeatable: Whether several files may play the role.
    public init(_ name: String, isRepeatable: Bool = false) {
        self.name = name
        self.isRepeatable = isRepeatable
    }

    /// The name.
    public var description: String { name }
}
