/// One problem found in a landmark file, with where it is.
public struct ValidationIssue: Hashable, Sendable {
    /// How serious a problem is.
    public enum Severity: String, Hashable, Sendable, Comparable {
        /// The data are wrong or unusable at this place.
        case error
        /// Suspicious but common (tracker overshoot, a dropped frame); the data remain usable.
        case warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    /// What kind of problem; the raw value is the stable code written to JSON.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case unreadable = "unreadable"
        case landmarkCount = "landmark-count"
        case missingLandmark = "missing-landmark"
        case nonFinite = "non-finite"
        case outOfRange = "out-of-range"
        case overshoot = "overshoot"
        case wristDepth = "wrist-depth"
        case timestampMissing = "timestamp-missing"
        case timestampDuplicate = "timestamp-duplicate"
        case timestampNotIncreasing = "timestamp-not-increasing"
        case frameIndex = "frame-index"
        case droppedFrames = "dropped-frames"
        case jump = "jump"
        case geometry = "geometry"
        case degenerate = "degenerate"
        case handednessMissing = "handedness-missing"
        case handednessUnknown = "handedness-unknown"
        case handednessLowScore = "handedness-low-score"
        case duplicateHand = "duplicate-hand"
        case unitsUnknown = "units-unknown"
        case empty = "empty"
    }

    /// Error or warning.
    public var severity: Severity
    /// The kind of problem.
    public var kind: Kind
    /// The frame index (as in ``Frame/index``), when the problem belongs to a frame.
    public var frame: Int?
    /// The one-based line in the file (CSV, JSON Lines), when known.
    public var line: Int?
    /// The position of the hand within its frame, when the problem belongs to a hand.
    public var hand: Int?
    /// The landmark index, when the problem belongs to one landmark.
    public var landmark: Int?
    /// A sentence for a person, naming the offending values.
    public var message: String

    /// Creates an issue.
    ///
    /// - Parameters:
    ///   - severity: Error or warning.
    ///   - kind: The kind of problem.
    ///   - frame: The frame index, if any.
    ///   - line: The one-based line, if any.
    ///   - hand: The hand position in the frame, if any.
    ///   - landmark: The landmark index, if any.
    ///   - message: A sentence for a person.
    public init(
        _ severity: Severity, _ kind: Kind, frame: Int? = nil, line: Int? = nil, hand: Int? = nil,
        landmark: Int? = nil, message: String
    ) {
        self.severity = severity
        self.kind = kind
        self.frame = frame
        self.line = line
        self.hand = hand
        self.landmark = landmark
        self.message = message
    }

    /// `"error [non-finite] line 12, frame 10, hand 0, landmark 8: x is nan"`.
    public var description: String {
        var place: [String] = []
        if let line { place.append("line \(line)") }
        if let frame { place.append("frame \(frame)") }
        if let hand { place.append("hand \(hand)") }
        if let landmark { place.append("landmark \(landmark)") }
        let location = place.isEmpty ? "" : " " + place.joined(separator: ", ")
        return "\(severity.rawValue) [\(kind.rawValue)]\(location): \(message)"
    }

    /// The issue as a JSON object.
    package var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("severity", .string(severity.rawValue)), ("code", .string(kind.rawValue)),
        ]
        if let frame { members.append(("frame", .number(Double(frame)))) }
        if let line { members.append(("line", .number(Double(line)))) }
        if let hand { members.append(("hand", .number(Double(hand)))) }
        if let landmark { members.append(("landmark", .number(Double(landmark)))) }
        members.append(("message", .string(message)))
        return .object(members)
    }
}
