import Foundation
import MedImage

/// Counts the inputs whose relative path holds their own DICOM Patient ID, so that `convert` can warn
/// that keys, the manifest and `errors.jsonl` repeat it (PACS exports are often laid out as
/// `PATIENTID/STUDYUID/SOPUID.dcm`). Off with `--pseudonymize-paths`, which names inputs by a
/// pseudonym instead. Shared by the worker threads.
public final class PathIdentifierCheck: @unchecked Sendable {
    /// Ids shorter than this are not looked for: `1` or `42` would be found in unrelated paths.
    public static let shortestID = 4

    private let lock = NSLock()
    private var found = 0

    /// A check that has found nothing yet.
    public init() {}

    /// Inputs found so far.
    public var count: Int { lock.withLock { found } }

    /// Counts `path` when it contains `metadata`'s Patient ID (spaces trimmed, at least ``shortestID``
    /// characters, compared case-insensitively).
    public func check(path: String, metadata: ImageMetadata) {
        guard let id = metadata.patientID?.trimmingCharacters(in: .whitespaces), id.count >= Self.shortestID,
            path.range(of: id, options: .caseInsensitive) != nil
        else { return }
        lock.withLock { found += 1 }
    }

    /// The warning for stderr, or `nil` when no path held its id.
    public func warning(inputs: Int) -> String? {
        let count = count
        guard count > 0 else { return nil }
        return """
            warning: \(count) of the \(inputs) inputs converted hold their own DICOM Patient ID in their path, which \
            sample keys, the manifest and errors.jsonl repeat. Unless these ids are already public pseudonyms (as in a released \
            dataset), convert again with --pseudonymize-paths.
            """
    }
}
