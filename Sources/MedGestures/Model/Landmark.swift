/// One hand landmark as a tracker reports it.
///
/// Units depend on the sequence's ``CoordinateSpace``: normalized image coordinates (0...1, origin
/// top-left, y down, as MediaPipe reports them) or pixels (as OpenPose reports them by default).
/// `z` is MediaPipe's relative depth: the wrist is at 0, smaller is closer to the camera, and the
/// scale is roughly that of `x`. World landmarks use metres with the origin at the hand's centre.
public struct Landmark: Hashable, Sendable, Codable {
    /// Horizontal position, growing to the right of the image.
    public var x: Double
    /// Vertical position, growing towards the bottom of the image.
    public var y: Double
    /// Depth relative to the wrist, if the tracker reports one.
    public var z: Double?
    /// The tracker's confidence in 0...1 (OpenPose confidence, MediaPipe visibility), if any.
    public var confidence: Double?

    /// Creates a landmark.
    ///
    /// - Parameters:
    ///   - x: Horizontal position.
    ///   - y: Vertical position.
    ///   - z: Relative depth, if any.
    ///   - confidence: Confidence in 0...1, if any.
    public init(x: Double, y: Double, z: Double? = nil, confidence: Double? = nil) {
        self.x = x
        self.y = y
        self.z = z
        self.confidence = confidence
    }

    /// True when every coordinate present is a finite number.
    public var isFinite: Bool {
        x.isFinite && y.isFinite && (z?.isFinite ?? true) && (confidence?.isFinite ?? true)
    }
}

/// The 21 hand joints in MediaPipe's order, which the canonical model and the CSV format use.
///
/// 0 is the wrist; 1-4 thumb CMC, MCP, IP, tip; 5-8 index MCP, PIP, DIP, tip; 9-12 middle;
/// 13-16 ring; 17-20 pinky. OpenPose's hand model uses the same order.
public enum HandJoint: Int, CaseIterable, Sendable, Codable {
    case wrist = 0
    case thumbCMC, thumbMCP, thumbIP, thumbTip
    case indexMCP, indexPIP, indexDIP, indexTip
    case middleMCP, middlePIP, middleDIP, middleTip
    case ringMCP, ringPIP, ringDIP, ringTip
    case pinkyMCP, pinkyPIP, pinkyDIP, pinkyTip

    /// The number of landmarks in one hand.
    public static let count = 21

    /// The 20 bones as (parent, child) landmark indices, finger by finger from the wrist.
    public static let bones: [(Int, Int)] = {
        var result: [(Int, Int)] = []
        for finger in 0..<5 {
            let base = 1 + finger * 4
            result.append((0, base))
            for joint in 0..<3 { result.append((base + joint, base + joint + 1)) }
        }
        return result
    }()
}

/// The five fingers, each as four landmark indices from the base to the tip.
public enum Finger: Int, CaseIterable, Sendable, Codable {
    case thumb = 0, index, middle, ring, pinky

    /// The landmark indices of the finger from its base joint (CMC or MCP) to its tip.
    public var joints: [Int] {
        let base = 1 + rawValue * 4
        return [base, base + 1, base + 2, base + 3]
    }

    /// A lowercase name for reports: "thumb", "index", ...
    public var name: String { ["thumb", "index", "middle", "ring", "pinky"][rawValue] }
}
