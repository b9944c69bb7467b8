import Foundation
import MedGestures

/// A small forward-kinematics model of a right hand, independent of the classifier.
///
/// Poses are given as anatomical joint angles in degrees; the model returns 21 points in
/// MediaPipe order in a hand frame where x points to the camera's right, y up and z toward the
/// camera, the palm faces +z, fingers point +y and the thumb lies on the +x side (a right hand
/// seen palm-first). Lengths are in palm lengths (wrist to middle knuckle = 1). Segment lengths
/// and knuckle positions follow average adult hand proportions (Buryanov and Kotiuk 2010).
public struct HandModel: Sendable {
    /// Angles of one long finger, in degrees.
    ///
    /// Flexion bends toward the palm; abduction spreads toward the thumb.
    public struct FingerAngles: Sendable {
        public var mcp: Double, pip: Double, dip: Double, abduction: Double = 0
        /// Angles of one finger, degrees.
        public init(mcp: Double, pip: Double, dip: Double, abduction: Double = 0) {
            self.mcp = mcp
            self.pip = pip
            self.dip = dip
            self.abduction = abduction
        }
        public static let extended = FingerAngles(mcp: 4, pip: 4, dip: 3)
        public static let curled = FingerAngles(mcp: 88, pip: 100, dip: 65)
        public static let half = FingerAngles(mcp: 40, pip: 45, dip: 30)
    }
    /// Angles of the thumb, degrees: radial abduction (in the palm plane, away from the index),
    /// palmar abduction (out of the palm plane, toward +z), MCP and IP flexion (across the palm).
    public struct ThumbAngles: Sendable {
        public var radial: Double, palmar: Double, mcp: Double, ip: Double
        /// Angles of the thumb, degrees.
        public init(radial: Double, palmar: Double, mcp: Double, ip: Double) {
            self.radial = radial
            self.palmar = palmar
            self.mcp = mcp
            self.ip = ip
        }
        public static let extended = ThumbAngles(radial: 20, palmar: 15, mcp: 0, ip: 0)
        public static let spread = ThumbAngles(radial: 40, palmar: 10, mcp: 0, ip: 5)
        public static let tucked = ThumbAngles(radial: -5, palmar: 45, mcp: 45, ip: 55)
    }
    /// A whole-hand pose: the thumb, then index, middle, ring and pinky.
    public struct Pose: Sendable {
        public var thumb: ThumbAngles
        public var fingers: [FingerAngles]  // index, middle, ring, pinky
        /// A pose of the thumb and the four long fingers (index, middle, ring, pinky).
        public init(thumb: ThumbAngles, fingers: [FingerAngles]) {
            self.thumb = thumb
            self.fingers = fingers
        }
    }

    static let knuckles: [Vector3] = [
        Vector3(0.28, 0.93, 0), Vector3(0.05, 1.0, 0), Vector3(-0.15, 0.93, 0), Vector3(-0.31, 0.80, 0),
    ]
    static let baseAngles: [Double] = [8, 0, -7, -14]  // degrees toward +x
    static let segments: [[Double]] = [
        [0.42, 0.25, 0.20], [0.46, 0.29, 0.21], [0.43, 0.27, 0.21], [0.34, 0.20, 0.18],
    ]
    static let thumbCMC = Vector3(0.17, 0.20, 0)
    static let thumbSegments = [0.40, 0.32, 0.25]

    /// Rotates `v` about the unit `axis` by `degrees` (Rodrigues).
    public static func rotate(_ v: Vector3, about axis: Vector3, degrees: Double) -> Vector3 {
        let k = axis.normalized
        let t = degrees * .pi / 180
        return v * cos(t) + k.cross(v) * sin(t) + k * (k.dot(v) * (1 - cos(t)))
    }

    /// The 21 points of a right hand in the hand frame.
    public static func points(_ pose: Pose) -> [Vector3] {
        var p = [Vector3](repeating: .zero, count: 21)
        let z = Vector3(0, 0, 1)
        // Thumb.
        var d = Vector3(sin(35 * Double.pi / 180), cos(35 * Double.pi / 180), 0)
        d = rotate(d, about: z, degrees: -pose.thumb.radial)
        d = rotate(d, about: d.cross(z), degrees: pose.thumb.palmar)
        var toward = Vector3(-0.7, 0, 0.7)
        toward = (toward - d * toward.dot(d)).normalized
        p[1] = thumbCMC
        var position = thumbCMC + d * thumbSegments[0]
        p[2] = position
        for (i, angle) in [pose.thumb.mcp, pose.thumb.ip].enumerated() {
            let axis = d.cross(toward)
            d = rotate(d, about: axis, degrees: angle)
            toward = rotate(toward, about: axis, degrees: angle)
            position = position + d * thumbSegments[i + 1]
            p[3 + i] = position
        }
        // Long fingers.
        for f in 0..<4 {
            let a = pose.fingers[f]
            var dir = rotate(Vector3(0, 1, 0), about: z, degrees: -(baseAngles[f] + a.abduction))
            var normal = z
            var pos = knuckles[f]
            let base = 5 + 4 * f
            p[base] = pos
            for (s, angle) in [a.mcp, a.pip, a.dip].enumerated() {
                let axis = dir.cross(normal)
                dir = rotate(dir, about: axis, degrees: angle)
                normal = rotate(normal, about: axis, degrees: angle)
                pos = pos + dir * segments[f][s]
                p[base + 1 + s] = pos
            }
        }
        return p
    }

    /// The rotation that takes unit `from` onto unit `to`, applied to `v`.
    static func aligning(_ v: Vector3, from: Vector3, to: Vector3) -> Vector3 {
        let axis = from.cross(to)
        let angle = from.angle(to: to) * 180 / .pi
        if axis.length < 1e-9 {
            return angle < 90
                ? v : rotate(v, about: abs(from.x) < 0.9 ? Vector3(1, 0, 0) : Vector3(0, 1, 0), degrees: 180)
        }
        return rotate(v, about: axis, degrees: angle)
    }

    /// Projects world points (hand frame after orientation) into a MediaPipe-style hand.
    ///
    /// - Parameters:
    ///   - world: Points in palm lengths, x right, y up, z toward the camera.
    ///   - imageRotation: Degrees counter-clockwise the hand is rotated in the image plane.
    ///   - leftHand: Mirror into a left hand.
    ///   - mirroredImage: Show the result as a mirrored (selfie) image.
    ///   - imageSize: Image size in pixels; `pixelsPerPalm` sets the hand's size.
    public static func hand(
        _ world: [Vector3], imageRotation: Double = 0, leftHand: Bool = false, mirroredImage: Bool = false,
        imageSize: ImageSize = ImageSize(width: 640, height: 480), pixelsPerPalm: Double = 90,
        center: (Double, Double) = (0.5, 0.55)
    ) -> Hand {
        var points = world.map { rotate($0, about: Vector3(0, 0, 1), degrees: imageRotation) }
        if leftHand { points = points.map { Vector3(-$0.x, $0.y, $0.z) } }
        if mirroredImage { points = points.map { Vector3(-$0.x, $0.y, $0.z) } }
        let wrist = points[0]
        let landmarks = points.map { p -> Landmark? in
            let q = p - wrist
            return Landmark(
                x: center.0 + q.x * pixelsPerPalm / imageSize.width,
                y: center.1 - q.y * pixelsPerPalm / imageSize.height,
                z: -q.z * pixelsPerPalm / imageSize.width)
        }
        let side: Handedness = leftHand ? .left : .right
        return Hand(handedness: side, handednessScore: 0.97, mirrored: mirroredImage, landmarks: landmarks)
    }
}
