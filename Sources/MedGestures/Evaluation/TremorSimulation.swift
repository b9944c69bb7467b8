import Foundation

/// Simulated tremor: a rigid displacement `A sin(2 pi f t + phase)` of the whole hand along a random
/// direction in the image plane, plus independent tracker jitter on every coordinate.
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
        var result = sequence
        for (f, frame) in sequence.frames.enumerated() {
            let t = frame.timestamp ?? Double(f) / 30
            let d = amplitude * sin(2 * .pi * frequency * t + phase)
            let (dx, dy) = (d * cos(angle), d * sin(angle))
            for (h, hand) in frame.hands.enumerated() {
                result.frames[f].hands[h].landmarks = hand.landmarks.map { point in
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
}
