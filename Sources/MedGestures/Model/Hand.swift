import Foundation

/// Which hand of the person a set of landmarks belongs to.
public enum Handedness: String, Hashable, Sendable, Codable, CaseIterable {
    case left, right

    /// The other hand.
    public var opposite: Handedness { self == .left ? .right : .left }

    /// Parses "Left", "left", "L", "right", "R" (any case); nil for anything else.
    ///
    /// - Parameter text: A label as trackers and CSV files write it.
    /// - Returns: The handedness, or nil if the text names neither hand.
    public init?(label text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "left", "l": self = .left
        case "right", "r": self = .right
        default: return nil
        }
    }

    /// "Left" or "Right", as MediaPipe writes `category_name`.
    public var label: String { self == .left ? "Left" : "Right" }
}

/// One detected hand in one frame: 21 landmarks plus handedness.
///
/// `handedness` is the person's real hand, already resolved from the file's label and the
/// `mirrored` flag (see ``Hand/imageChirality``). `landmarks` may hold a number other than 21 when
/// the file is wrong; ``Validator`` reports that, and classification and smoothing skip such
/// hands. A landmark a tracker marked as missing (OpenPose `0,0,0`) is `nil`.
public struct Hand: Hashable, Sendable {
    /// The person's hand, if the file says; nil when missing.
    public var handedness: Handedness?
    /// The handedness label exactly as the file wrote it (for reports), if any.
    public var handednessLabel: String?
    /// The tracker's confidence in the handedness, 0...1, if reported.
    public var handednessScore: Double?
    /// True when the image given to the tracker was mirrored (a selfie view).
    public var mirrored: Bool
    /// The image landmarks in ``HandJoint`` order; nil marks a missing point.
    public var landmarks: [Landmark?]
    /// World landmarks in metres (MediaPipe `hand_world_landmarks`), if present.
    public var worldLandmarks: [Landmark?]?
    /// The one-based line this hand was read from (CSV, JSON Lines), if known.
    public var line: Int?
    /// The ground-truth label of this hand (CSV `label` column), if any; see also ``Frame/label``.
    public var label: String?

    /// Creates a hand.
    ///
    /// - Parameters:
    ///   - handedness: The person's hand, if known.
    ///   - handednessLabel: The label as written in the file.
    ///   - handednessScore: Confidence in the handedness, 0...1.
    ///   - mirrored: True when the tracker saw a mirrored image.
    ///   - landmarks: Image landmarks, nil for missing points.
    ///   - worldLandmarks: World landmarks in metres, if any.
    ///   - line: The one-based source line, if known.
    public init(
        handedness: Handedness?, handednessLabel: String? = nil, handednessScore: Double? = nil,
        mirrored: Bool = false, landmarks: [Landmark?], worldLandmarks: [Landmark?]? = nil, line: Int? = nil
    ) {
        self.line = line
        self.handedness = handedness
        self.handednessLabel = handednessLabel ?? handedness?.label
        self.handednessScore = handednessScore
        self.mirrored = mirrored
        self.landmarks = landmarks
        self.worldLandmarks = worldLandmarks
    }

    /// How the hand *looks* in the image.
    ///
    /// A right hand seen in a mirrored image looks like a left hand. Normalization mirrors hands whose image chirality is left. Nil when handedness is unknown.
    public var imageChirality: Handedness? {
        guard let handedness else { return nil }
        return mirrored ? handedness.opposite : handedness
    }

    /// The 21 landmarks when all are present; nil when the count is wrong or any point is missing.
    public var completeLandmarks: [Landmark]? {
        guard landmarks.count == HandJoint.count else { return nil }
        let present = landmarks.compactMap { $0 }
        return present.count == HandJoint.count ? present : nil
    }
}
