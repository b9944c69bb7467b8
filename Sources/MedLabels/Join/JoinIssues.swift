/// A label row that names an image key, for reports: rows without images, orphan box rows, rows
/// without labels, refused rows.
public struct RowReference: Sendable, Hashable, Codable {
    /// The row's key (file name, DICOM id, path).
    public var key: String
    /// Where the row is.
    public var source: SourceLocation
    /// Why the row gives no sample, when the list it is in does not say it all (a refused row, a
    /// blank label cell); absent from the JSON otherwise.
    public var reason: String?

    /// Creates a reference.
    ///
    /// - Parameters:
    ///   - key: The row's key.
    ///   - source: Where the row is.
    ///   - reason: Why the row gives no sample, if the list does not say it.
    public init(key: String, source: SourceLocation, reason: String? = nil) {
        self.key = key
        self.source = source
        self.reason = reason
    }
}

/// A row that repeats an earlier row for the same image with the same content.
///
/// The first row is used.
public struct DuplicateRow: Sendable, Hashable, Codable {
    /// The image key both rows name.
    public var key: String
    /// The row that is used.
    public var first: SourceLocation
    /// The repeated row.
    public var duplicate: SourceLocation

    /// Creates a duplicate entry.
    ///
    /// - Parameters:
    ///   - key: The image key.
    ///   - first: The row that is used.
    ///   - duplicate: The repeated row.
    public init(key: String, first: SourceLocation, duplicate: SourceLocation) {
        self.key = key
        self.first = first
        self.duplicate = duplicate
    }
}

/// Rows that disagree about one image, or an image whose path matches several different rows.
///
/// Disagreeing means different labels, patients or official splits. The image is left out of the samples, since
/// its labels are not known.
public struct LabelConflict: Sendable, Hashable, Codable {
    /// The image key (or the image's relative path, for an ambiguous match).
    public var key: String
    /// The rows involved.
    public var sources: [SourceLocation]
    /// What disagrees, for a person.
    public var reason: String

    /// Creates a conflict entry.
    ///
    /// - Parameters:
    ///   - key: The image key or relative path.
    ///   - sources: The rows involved.
    ///   - reason: What disagrees.
    public init(key: String, sources: [SourceLocation], reason: String) {
        self.key = key
        self.sources = sources
        self.reason = reason
    }
}
