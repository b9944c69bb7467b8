import Foundation
import MedCore

/// Simulated tremor: a rigid displacement `A sin(2 pi f t + phase)` of the whole hand along a random
/// direction in the image plane, plus what real tremor also does to a hand, each at the same
/// frequency with its own phase: in-plane rotation about the wrist, wrist flexion (a rotation about
/// the image's horizontal axis through the wrist, which foreshortens the hand), and flexion of every
/// finger about its knuckle; then independent tracker jitter on every coordinate. Rotations are
/// applied in aspect-corrected units when ``imageSize`` is given.
///
/// Amplitude and jitter are in normalized image units (0.01-0.1 spans tremor from under 0.5 cm to
/// several cm at webcam distance). The direction and phase are drawn first from the seed, then
/// the jitter, so the same seed gives the same clip.
public struct TremorSimulation: Sendable, Hashable {
    /// Tremor frequency in Hz (essential tremor 4-12, Parkinsonian rest tremor 4-6).
    public var frequency: Double
    /// Peak displacement in normalized units.
    public var amplitude: Double
    /// Standard deviation of the per-coordinate tracker jitter, normalized units.
    public var jitter: Double
    /// The seed.
    public var seed: UInt64
    /// Peak in-plane rotation about the wrist, degrees.
    public var rotationDegrees: Double = 0
    /// Peak wrist flexion (rotation about the image's horizontal axis through the wrist), degrees.
    public var wristFlexionDegrees: Double = 0
    /// Peak flexion of each finger about its knuckle (MCP; CMC for the thumb), degrees.
    public var fingerFlexionDegrees: Double = 0
    /// Pixels per normalized unit, for rotations (nil treats x and y as square).
    public var imageSize: ImageSize?

    /// Creates a simulation.
    ///
    /// - Parameters:
    ///   - frequency: Hz.
    ///   - amplitude: Peak displacement, normalized.
    ///   - jitter: Jitter standard deviation, normalized.
    ///   - seed: Seed.
    public init(frequency: Double, amplitude: Double, jitter: Double = 0.004, seed: UInt64 = 1) {
        self.frequency = frequency
        self.amplitude = amplitude
        self.jitter = jitter
        self.seed = seed
    }

    /// A clip of `hand` held still for `duration` seconds at `fps`, with timestamps from 0.
    ///
    /// - Parameters:
    ///   - hand: The pose.
    ///   - duration: Seconds.
    ///   - fps: Frames per second.
    ///   - imageSize: The image size to record in the sequence.
    /// - Returns: The still clip.
    public static func still(_ hand: Hand, duration: Double, fps: Double, imageSize: ImageSize?) -> LandmarkSequence {
        let count = max(1, Int((duration * fps).rounded()))
        let frames = (0..<count).map { Frame(index: $0, timestamp: Double($0) / fps, hands: [hand]) }
        return LandmarkSequence(frames: frames, imageSize: imageSize)
    }

    /// Adds tremor and jitter to every hand of every frame (times from the timestamps, else 30 fps).
    ///
    /// - Parameter sequence: A clean sequence.
    /// - Returns: The trembling sequence.
    public func applied(to sequence: LandmarkSequence) -> LandmarkSequence {
        var rng = SeededGenerator(seed: seed)
        let angle = Double.random(in: 0..<(2 * .pi), using: &rng)
        let phase = Double.random(in: 0..<(2 * .pi), using: &rng)
        let phases = (0..<3).map { _ in Double.random(in: 0..<(2 * .pi), using: &rng) }
        let rotating = rotationDegrees != 0 || wristFlexionDegrees != 0 || fingerFlexionDegrees != 0
        var result = sequence
        for (f, frame) in sequence.frames.enumerated() {
            let t = frame.timestamp ?? Double(f) / 30
            let d = amplitude * sin(2 * .pi * frequency * t + phase)
            let (dx, dy) = (d * cos(angle), d * sin(angle))
            for (h, hand) in frame.hands.enumerated() {
                var landmarks = hand.landmarks
                if rotating {
                    let w = 2 * .pi * frequency * t
                    landmarks = rotated(
                        landmarks, roll: rotationDegrees * sin(w + phases[0]),
                        flexion: wristFlexionDegrees * sin(w + phases[1]),
                        fingers: fingerFlexionDegrees * sin(w + phases[2]))
                }
                result.frames[f].hands[h].landmarks = landmarks.map { point in
                    guard var p = point else { return nil }
                    p.x += dx + jitter * rng.nextGaussian()
                    p.y += dy + jitter * rng.nextGaussian()
                    if let z = p.z { p.z = z + jitter * rng.nextGaussian() }
                    return p
                }
            }
        }
        return result
    }

    /// The hand rotated in the image about the wrist, flexed at the wrist and with every finger
    /// flexed about its knuckle (degrees). Hands without 21 points are returned unchanged; z stays
    /// absent where it was.
    func rotated(_ landmarks: [Landmark?], roll: Double, flexion: Double, fingers: Double) -> [Landmark?] {
        guard landmarks.count == HandJoint.count, landmarks.allSatisfy({ $0 != nil }) else { return landmarks }
        let (sx, sy) = imageSize.map { ($0.width, $0.height) } ?? (1, 1)
        var p = landmarks.map { l -> Vector3 in
            guard let l else { return .zero }
            return Vector3(l.x * sx, l.y * sy, (l.z ?? 0) * sx)
        }
        let wrist = p[0]
        func rotate(_ v: Vector3, about axis: Vector3, degrees: Double) -> Vector3 {
            let k = axis.normalized
            let a = degrees * .pi / 180
            return v * cos(a) + k.cross(v) * sin(a) + k * (k.dot(v) * (1 - cos(a)))
        }
        // Fingers first, in the hand's own frame: about the axis across the finger in the palm plane.
        let normal = (p[5] - p[0]).cross(p[17] - p[0])
        if fingers != 0, normal.length > 0 {
            for finger in Finger.allCases {
                let j = finger.joints
                let axis = (p[j[3]] - p[j[0]]).cross(normal)
                guard axis.length > 0 else { continue }
                for k in j.dropFirst() { p[k] = p[j[0]] + rotate(p[k] - p[j[0]], about: axis, degrees: fingers) }
            }
        }
        for k in p.indices {
            var q = p[k] - wrist
            q = rotate(q, about: Vector3(1, 0, 0), degrees: flexion)
            q = rotate(q, about: Vector3(0, 0, 1), degrees: roll)
            p[k] = wrist + q
        }
        return zip(landmarks, p).map { original, q in
            guard let original else { return nil }
            return Landmark(
                x: q.x / sx, y: q.y / sy, z: original.z.map { _ in q.z / sx }, confidence: original.confidence)
        }
    }
}
