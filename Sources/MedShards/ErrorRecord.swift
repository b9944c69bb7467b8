/// One skipped input, as a line of `errors.jsonl`: `{"code":"truncated","location":"offset 132",
/// "path":"scans/0001.dcm","reason":"..."}`.
///
/// The path is relative to the input root when the input came from a folder walk. Records sort by
/// path, then code, so the log of a run does not depend on `--jobs` or on which worker met the error first.
public struct ErrorRecord: Codable, Sendable, Hashable, Comparable {
    /// The input's path.
    public var path: String
    /// A stable machine-readable code, such as `truncated` or `unknownFormat` (the module error's code name).
    public var code: String
    /// Where in the file, when known: `offset 132`, `(0028,0101)`, `frame 3`, `row 17`.
    public var location: String?
    /// A sentence for a person.
    public var reason: String

    /// Creates a record.
    public init(path: String, code: String, location: String? = nil, reason: String) {
        self.path = path
        self.code = code
        self.location = location
        self.reason = reason
    }

    public static func < (lhs: ErrorRecord, rhs: ErrorRecord) -> Bool {
        (lhs.path, lhs.code, lhs.location ?? "", lhs.reason) < (rhs.path, rhs.code, rhs.location ?? "", rhs.reason)
    }

    /// The bytes of `errors.jsonl` for `records`: one compact JSON object per line, sorted.
    public static func jsonLines(_ records: [ErrorRecord]) -> [UInt8] {
        var bytes: [UInt8] = []
        for record in records.sorted() {
            // Encoding a struct of strings cannot fail.
            bytes += (try? ManifestCoding.line(record)) ?? []
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}

/// An error that knows how to describe itself as an ``ErrorRecord`` line.
///
/// Errors of other modules (`ImageError`, `LabelError`) conform in the module that knows both, so
/// the batch runner can log any of them without knowing their types.
public protocol ErrorRecordConvertible: Error {
    /// The record for this error; `path` is the input as the runner names it.
    func errorRecord(path: String) -> ErrorRecord
}

extension ErrorRecord {
    /// The record for any error: its own description when it is ``ErrorRecordConvertible``,
    /// else code `failed` and its text.
    public init(path: String, error: any Error) {
        if let convertible = error as? any ErrorRecordConvertible {
            self = convertible.errorRecord(path: path)
        } else {
            self.init(path: path, code: "failed", reason: String(describing: error))
        }
    }
}

extension ShardError: ErrorRecordConvertible {
    public func errorRecord(path: String) -> ErrorRecord {
        var location: String?
        if let shard { location = member.map { "\(shard) \($0)" } ?? shard }
        return ErrorRecord(path: path, code: code.name, location: location, reason: reason)
    }
}
