import Foundation

/// Puts a hand into a canonical frame for features, the way robust trackers do, and no further.
///
/// Steps, in order: scale x and y by the image size (aspect-ratio correction; MediaPipe's z uses the
/// scale of x); flip y so it points up and z so it points toward the camera; undo the image rotation
/// the caller *declares* (for example a phone held sideways); translate the wrist to the origin;
/// divide by ``HandNormalization/handSize(_:)``; mirror hands that look like left hands in the image
/// (``Hand/imageChirality``) so every hand looks like a right hand.
///
/// It does **not** rotate the hand upright: whether a thumb points up or down in the image is the
/// difference between thumbs up and thumbs down.
public struct HandNormalization: Sendable, Hashable {
    /// The image size in pixels for aspect-ratio correction; nil treats normalized coordinates as square.
    public var imageSize: ImageSize?
    /// The coordinate unit of the input.
    public var coordinateSpace: CoordinateSpace
    /// Degrees clockwise by which the scene appears rotated in the image.
    ///
    /// 90 when the camera was turned so that world-up points to the image's right. Undone before features.
    public var imageRotationDegrees: Double

    /// Creates a normalization.
    ///
    /// - Parameters:
    ///   - imageSize: Image size in pixels, if known.
    ///   - coordinateSpace: Unit of the landmarks.
    ///   - imageRotationDegrees: Declared clockwise image rotation in degrees.
    public init(
        imageSize: ImageSize? = nil, coordinateSpace: CoordinateSpace = .normalized, imageRotationDegrees: Double = 0
    ) {
        self.imageSize = imageSize
        self.coordinateSpace = coordinateSpace
        self.imageRotationDegrees = imageRotationDegrees
    }

    /// The normalization matching a sequence's image size and units.
    ///
    /// - Parameters:
    ///   - sequence: The sequence.
    ///   - imageRotationDegrees: Declared clockwise image rotation.
    public init(for sequence: LandmarkSequence, imageRotationDegrees: Double = 0) {
        self.init(
            imageSize: sequence.imageSize, coordinateSpace: sequence.coordinateSpace,
            imageRotationDegrees: imageRotationDegrees)
    }

    /// The 21 points in the canonical frame (x right, y up, z toward the camera, wrist at the origin,
    /// hand size 1, right-hand chirality); nil when the hand is incomplete, degenerate or non-finite.
    ///
    /// Degenerate includes a point more than ``maximumReach`` hand sizes from the wrist: fingertips
    /// of a real hand lie within about 2.5 (a palm collapsed onto the wrist, or one stray point, gives
    /// that), and classifying such a hand would name a gesture for garbage.
    ///
    /// - Parameter hand: A hand with 21 landmarks.
    /// - Returns: The canonical points, or nil.
    public func canonicalPoints(_ hand: Hand) -> [Vector3]? {
        guard let landmarks = hand.completeLandmarks, landmarks.allSatisfy(\.isFinite) else { return nil }
        let (sx, sy) = scale
        let angle = imageRotationDegrees * .pi / 180
        let (c, s) = (cos(angle), sin(angle))
        var points = landmarks.map { point -> Vector3 in
            // Image coordinates are y-down; a clockwise content rotation by `angle` is undone by a
            // counter-clockwise rotation in the y-up frame.
            let x = point.x * sx
            let y = -point.y * sy
            return Vector3(x * c - y * s, x * s + y * c, -(point.z ?? 0) * sx)
        }
        let wrist = points[0]
        points = points.map { $0 - wrist }
        let size = Self.handSize(points)
        guard size > 0, size.isFinite else { return nil }
        let mirror = hand.imageChirality == .left
        let canonical = points.map { Vector3(mirror ? -$0.x / size : $0.x / size, $0.y / size, $0.z / size) }
        let reach = Self.maximumReach
        guard canonical.allSatisfy({ abs($0.x) <= reach && abs($0.y) <= reach && abs($0.z) <= reach }) else {
            return nil
        }
        return canonical
    }

    /// The farthest a landmark may lie from the wrist, in hand sizes, along any axis (10; real hands
    /// stay within about 2.5, so image aspect errors of 2-3x still pass).
    public static let maximumReach = 10.0

    /// Pixels per unit of x and y.
    var scale: (Double, Double) {
        guard coordinateSpace == .normalized, let imageSize else { return (1, 1) }
        return (imageSize.width, imageSize.height)
    }

    /// The hand's size, from palm distances.
    ///
    /// The largest of the wrist to index, middle and pinky knuckles, and 1.3 times the
    /// index-to-pinky knuckle span. All are palm distances, which barely change as fingers move.
    ///
    /// - Parameter points: 21 points in any isotropic unit.
    /// - Returns: The size in the points' unit; 0 for fewer than 21 points.
    public static func handSize(_ points: [Vector3]) -> Double {
        guard points.count >= HandJoint.count else { return 0 }
        let palm = [(0, 5), (0, 9), (0, 17)].map { (points[$0.1] - points[$0.0]).length }
        return max(palm.max() ?? 0, 1.3 * (points[17] - points[5]).length)
    }

    /// The hand size of `hand` in its own (aspect-corrected) units; nil when incomplete.
    ///
    /// - Parameter hand: A hand.
    /// - Returns: The size in pixels (or corrected normalized units), or nil.
    public func handSize(of hand: Hand) -> Double? {
        guard let landmarks = hand.completeLandmarks, landmarks.allSatisfy(\.isFinite) else { return nil }
        let (sx, sy) = scale
        let size = Self.handSize(landmarks.map { Vector3($0.x * sx, $0.y * sy, ($0.z ?? 0) * sx) })
        return size > 0 ? size : nil
    }
}
