/// One image found under the input root, as the archive walker lists it.
///
/// The join matches label rows against `relativePath` only; `absolutePath` is carried through to
/// the samples untouched so the caller can open the file.
public struct ImageFile: Sendable, Hashable, Codable {
    /// The path under the input root, with `/` separators and no leading `/`:
    /// `images_001/images/00000001_000.png`.
    public var relativePath: String
    /// Where the file is on this machine.
    public var absolutePath: String

    /// Creates an image entry.
    ///
    /// - Parameters:
    ///   - relativePath: The path under the input root, `/`-separated.
    ///   - absolutePath: The file's absolute path; defaults to `relativePath`.
    public init(relativePath: String, absolutePath: String? = nil) {
        self.relativePath = relativePath
        self.absolutePath = absolutePath ?? relativePath
    }

    /// The last path component: `00000001_000.png`.
    public var fileName: String {
        guard let slash = relativePath.lastIndex(of: "/") else { return relativePath }
        return String(relativePath[relativePath.index(after: slash)...])
    }

    /// The file name without its last extension: `00000001_000`.
    public var stem: String {
        let name = fileName
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
