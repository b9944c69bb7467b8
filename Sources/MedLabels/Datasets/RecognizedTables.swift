import Foundation

/// The tables of one dataset by role, each recognized by its ``DatasetAdapter``.
public struct RecognizedTables: Sendable {
    /// The dataset's `--dataset` name, for messages.
    public let dataset: String
    /// The files in the order given, with their roles.
    public private(set) var files: [(role: TableRole, path: String)] = []

    /// Recognizes each of `paths` as one of `adapter`'s tables, in order.
    ///
    /// A file is offered by name first (``DatasetAdapter/recognizes(fileName:)``); otherwise its
    /// header is read and offered (``DatasetAdapter/recognizes(header:)``).
    ///
    /// - Parameters:
    ///   - paths: The files given with `--labels`.
    ///   - adapter: The dataset's adapter.
    ///   - dataset: The dataset's `--dataset` name, for messages.
    ///   - encoding: The encoding of every table.
    /// - Throws: ``LabelError`` `.invalidConfiguration` for an unrecognized file or a role given
    ///   twice; `.unreadable` if a header cannot be read.
    public init<Adapter: DatasetAdapter>(
        recognizing paths: [String], as adapter: Adapter.Type, dataset: String, encoding: TableEncoding
    ) throws(LabelError) {
        self.dataset = dataset
        for path in paths {
            let role: TableRole
            if let byName = Adapter.recognizes(fileName: path) {
                role = byName
            } else if let byHeader = Adapter.recognizes(header: try Self.header(path, encoding: encoding)) {
                role = byHeader
            } else {
                throw LabelError(
                    .invalidConfiguration, path: path, reason: "not recognized as a \(dataset) label table")
            }
            try add(path, as: role)
        }
    }

    /// Adds a file in a role.
    ///
    /// - Throws: ``LabelError`` `.invalidConfiguration` when a file already plays a role that is not repeatable.
    public mutating func add(_ path: String, as role: TableRole) throws(LabelError) {
        if !role.isRepeatable, let earlier = self[role] {
            throw LabelError(
                .invalidConfiguration, path: path, reason: "this file and \(earlier) both look like the \(role) table")
        }
        files.append((role, path))
    }

    /// The file playing `role`, if any (the first one for a repeatable role).
    public subscript(role: TableRole) -> String? {
        files.first { $0.role.name == role.name }?.path
    }

    /// Every file playing `role`, in the order given.
    public func all(_ role: TableRole) -> [String] {
        files.filter { $0.role.name == role.name }.map(\.path)
    }

    /// The file playing `role`.
    ///
    /// - Throws: ``LabelError`` `.invalidConfiguration` when none does: "nih needs its data entry table".
    public func required(_ role: TableRole) throws(LabelError) -> String {
        guard let path = self[role] else {
            throw LabelError(.invalidConfiguration, path: "", reason: "\(dataset) needs its \(role) table")
        }
        return path
    }

    /// The header of a table, read from its first 64 KiB (a stream or a gzip file is read whole once,
    /// and kept for the adapter).
    static func header(_ path: String, encoding: TableEncoding) throws(LabelError) -> [String] {
        // The whole head, not its first line: `##` comment lines may stand before the header.
        return try CSVReader(bytes: try TableFile.head(path, encoding: encoding), path: path).header.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }
}
