/// The keys a listing of images can match, so that an adapter builds full records only for the rows
/// that name a listed image: at a million rows and 112,120 images, most rows need no labels, extras
/// or index entries, only a place in the report.
///
/// Decides only the exact rules (file name, stem); path suffixes and regexes are not filtered.
struct ImageKeyFilter {
    private let keys: Set<HashedKey>

    /// The filter of a listing, or `nil` when the rule cannot be decided key by key.
    init?(images: [ImageFile], rule: MatchRule) {
        var keys = Set<HashedKey>(minimumCapacity: images.count)
        switch rule {
        case .fileName: for image in images { keys.insert(HashedKey(ImageMatcher.fileName(image.relativePath))) }
        case .stem: for image in images { keys.insert(HashedKey(ImageMatcher.stem(image.relativePath))) }
        case .pathSuffix, .regex: return nil
        }
        self.keys = keys
    }

    /// Whether a listed image has this key.
    func contains(_ key: String) -> Bool { keys.contains(HashedKey(key)) }
}

/// An adapter that can leave out the records no listed image can match, listing their rows instead
/// (``LabelTable/unmatchedRows``).
protocol KeyFilteringAdapter: LabelAdapter {
    /// The table with full records only for keys the filter contains.
    func table(keeping filter: ImageKeyFilter) throws(LabelError) -> LabelTable
    /// The rule the adapter's keys match by, known before reading.
    var matchRule: MatchRule { get }
}
