/// Sample keys: the shared name of a sample's tar members (`KEY.png`, `KEY.json`).
///
/// WebDataset splits a member name into key and extension at the first dot of the last path
/// component, so a key must not contain a dot; it must not contain a slash either, to keep the tar
/// flat. Keys here use only `A-Z a-z 0-9 _ -`.
public enum SampleKey {
    /// The key for an input's path relative to its root.
    ///
    /// An image extension (letters, 1 to 5 characters, at least one letter: `dcm`, `png`, `jpeg`) is dropped;
    /// a numeric last component (`1.2.840.10008.3`, a DICOM UID used as a file name) is kept.
    /// Every `/` becomes `_`, and so does every other character outside `A-Z a-z 0-9 _ -`.
    /// `CheXpert/train/patient1/study1/view1_frontal.jpg` gives `CheXpert_train_patient1_study1_view1_frontal`.
    public static func key(forRelativePath path: String) -> String {
        var stem = Substring(path)
        if let dot = stem.lastIndex(of: "."), !stem[dot...].contains("/") {
            let ext = stem[stem.index(after: dot)...]
            if (1...5).contains(ext.count), ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
                ext.contains(where: { $0.isLetter })
            {
                stem = stem[..<dot]
            }
        }
        let mapped = stem.unicodeScalars.map { scalar -> Character in
            isAllowed(scalar) ? Character(scalar) : "_"
        }
        return String(mapped)
    }

    /// Whether `key` is usable as is.
    public static func isValid(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy(isAllowed)
    }

    /// Checks that no two entries share a key.
    ///
    /// - Parameter entries: (key, source path) pairs.
    /// - Throws: ``ShardError`` `duplicateKey` naming both sources of the first collision in key order,
    ///   or `invalidKey` for a key that ``isValid(_:)`` rejects.
    public static func ensureUnique(_ entries: [(key: String, source: String)]) throws(ShardError) {
        var seen: [String: String] = [:]
        seen.reserveCapacity(entries.count)
        for entry in entries.sorted(by: { ($0.key, $0.source) < ($1.key, $1.source) }) {
            guard isValid(entry.key) else {
                throw ShardError(
                    .invalidKey, path: entry.source,
                    reason: "sample key '\(entry.key)' must be non-empty and use only A-Z a-z 0-9 _ -")
            }
            if let other = seen[entry.key] {
                throw ShardError(
                    .duplicateKey, path: entry.source,
                    reason:
                        "'\(other)' and '\(entry.source)' both map to sample key '\(entry.key)'; rename one or convert them separately"
                )
            }
            seen[entry.key] = entry.source
        }
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }
}
