/// Where a label row came from: a file and the physical line its record starts on.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The label table's path, as given.
    public var path: String
    /// The 1-based physical line.
    public var line: Int

    /// Creates a location.
    ///
    /// - Parameters:
    ///   - path: The label table's path.
    ///   - line: The 1-based physical line.
    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    /// `path:line`.
    public var description: String { "\(path):\(line)" }
}
