/// A failure to read, interpret or process one landmark file.
///
/// Follows the house error shape: a kind (`code`), where in the file (`path`, `frame`, `line`,
/// `landmark`), a sentence for a person (`reason`) and an optional cause. Validation *problems* are
/// not errors: they are ``ValidationIssue`` values collected in a ``ValidationReport``; this type is
/// thrown only when a file cannot be read at all, or when an operation cannot proceed.
public struct GestureError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure.
    ///
    /// New kinds can be added without breaking clients.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case unreadable, malformed, unsupported, inconsistent, invalidArgument, insufficientData
        }
        private let kind: Kind
        /// The file could not be opened or read.
        public static let unreadable = Code(kind: .unreadable)
        /// The bytes do not follow the format (bad JSON, wrong CSV header, wrong number count).
        public static let malformed = Code(kind: .malformed)
        /// The format could not be recognised, or a feature of it is not supported.
        public static let unsupported = Code(kind: .unsupported)
        /// Parts of the input contradict each other.
        public static let inconsistent = Code(kind: .inconsistent)
        /// A parameter given by the caller is out of range.
        public static let invalidArgument = Code(kind: .invalidArgument)
        /// There is not enough data for the operation (no hands, no labelled rows).
        public static let insufficientData = Code(kind: .insufficientData)
        /// The kind as a lowercase word, as written to JSON reports.
        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The file the failure is in; empty when the input did not come from a file.
    public var path: String
    /// The zero-based frame index, when the failure belongs to one frame.
    public var frame: Int?
    /// The one-based line number (CSV and JSON Lines), when known.
    public var line: Int?
    /// The landmark index (0 wrist to 20 pinky tip), when the failure belongs to one landmark.
    public var landmark: Int?
    /// A sentence for a person, naming the offending value.
    public var reason: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - path: The file the failure is in.
    ///   - frame: The zero-based frame index, if any.
    ///   - line: The one-based line number, if any.
    ///   - landmark: The landmark index, if any.
    ///   - reason: A sentence for a person.
    public init(
        _ code: Code, path: String = "", frame: Int? = nil, line: Int? = nil, landmark: Int? = nil,
        reason: String
    ) {
        self.code = code
        self.path = path
        self.frame = frame
        self.line = line
        self.landmark = landmark
        self.reason = reason
    }

    /// `"rec.csv at line 12, frame 10, landmark 8: x is nan"`.
    public var description: String {
        var location: [String] = []
        if let line { location.append("line \(line)") }
        if let frame { location.append("frame \(frame)") }
        if let landmark { location.append("landmark \(landmark)") }
        let place = location.isEmpty ? "" : " at " + location.joined(separator: ", ")
        let file = path.isEmpty ? "input" : path
        return "\(file)\(place): \(reason)"
    }
}
