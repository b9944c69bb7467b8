import MedImage

/// One input file found by ``InputCatalog``.
public struct InputFile: Sendable, Hashable {
    /// The path to open (as given, joined with the walked folders).
    public var path: String
    /// The path relative to its input root: what manifests, errors and label joins use.
    public var relativePath: String

    /// Creates an entry.
    public init(path: String, relativePath: String) {
        self.path = path
        self.relativePath = relativePath
    }

    /// The file's bytes, read in one pass with `read(2)` (``WholeFile``).
    ///
    /// - Throws: ``ShardError`` `io` naming the relative path and the system's reason.
    public func contents() throws(ShardError) -> [UInt8] {
        do {
            return try WholeFile.contents(of: path)
        } catch {
            throw ShardError(.io, path: relativePath, reason: error.message)
        }
    }
}
