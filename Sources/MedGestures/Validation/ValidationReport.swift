import Foundation

/// Everything ``Validator`` found in one file, with a summary.
public struct ValidationReport: Hashable, Sendable {
    /// The file or folder validated.
    public var path: String
    /// The format read, or nil when the file could not be read.
    public var format: LandmarkFormat?
    /// The number of frames.
    public var frameCount: Int
    /// The number of hands over all frames.
    public var handCount: Int
    /// Seconds from the first to the last timestamp, when timestamps exist.
    public var duration: Double?
    /// Frames per second implied by the median time step, when timestamps exist.
    public var estimatedFPS: Double?
    /// Frames missing in gaps, estimated from the median time step (or from frame numbers).
    public var droppedFrames: Int
    /// The problems, in frame order.
    public var issues: [ValidationIssue]

    /// Creates a report.
    ///
    /// - Parameters:
    ///   - path: The file validated.
    ///   - format: The format read.
    ///   - frameCount: Frames.
    ///   - handCount: Hands.
    ///   - duration: Seconds covered.
    ///   - estimatedFPS: Frame rate from timestamps.
    ///   - droppedFrames: Estimated dropped frames.
    ///   - issues: Problems found.
    public init(
        path: String, format: LandmarkFormat?, frameCount: Int = 0, handCount: Int = 0, duration: Double? = nil,
        estimatedFPS: Double? = nil, droppedFrames: Int = 0, issues: [ValidationIssue] = []
    ) {
        self.path = path
        self.format = format
        self.frameCount = frameCount
        self.handCount = handCount
        self.duration = duration
        self.estimatedFPS = estimatedFPS
        self.droppedFrames = droppedFrames
        self.issues = issues
    }

    /// A report for a file that could not be read at all: one error, with the reader's location.
    ///
    /// - Parameter failure: The reader's error.
    public init(failure: GestureError) {
        self.init(
            path: failure.path, format: nil,
            issues: [
                ValidationIssue(
                    .error, .unreadable, frame: failure.frame, line: failure.line,
                    landmark: failure.landmark, message: failure.reason)
            ])
    }

    /// The number of errors.
    public var errorCount: Int { issues.count { $0.severity == .error } }
    /// The number of warnings.
    public var warningCount: Int { issues.count { $0.severity == .warning } }
    /// True when there is no error (warnings allowed).
    public var isValid: Bool { errorCount == 0 }

    /// A one-line summary: `"rec.jsonl: mediapipe-jsonl, 300 frames, 300 hands, 10.0 s at 30.0 fps, 2 dropped; 1 error, 3 warnings"`.
    public var summary: String {
        var parts = ["\(format?.rawValue ?? "unreadable")", "\(frameCount) frames", "\(handCount) hands"]
        if let duration, let estimatedFPS {
            parts.append(String(format: "%.2f s at %.1f fps", duration, estimatedFPS))
        }
        parts.append("\(droppedFrames) dropped")
        return "\(path): " + parts.joined(separator: ", ")
            + "; \(errorCount) error\(errorCount == 1 ? "" : "s"), \(warningCount) warning\(warningCount == 1 ? "" : "s")"
    }

    /// The report as a JSON object: summary fields plus `issues`.
    package var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("path", .string(path)), ("format", format.map { .string($0.rawValue) } ?? .null),
            ("frames", .number(Double(frameCount))), ("hands", .number(Double(handCount))),
            ("duration_s", duration.map(JSONValue.number) ?? .null),
            ("fps", estimatedFPS.map(JSONValue.number) ?? .null),
            ("dropped_frames", .number(Double(droppedFrames))),
            ("errors", .number(Double(errorCount))), ("warnings", .number(Double(warningCount))),
            ("valid", .bool(isValid)),
        ]
        members.append(("issues", .array(issues.map(\.json))))
        return .object(members)
    }
}
