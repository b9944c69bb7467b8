import Foundation

/// Smooths every coordinate of every hand in a sequence with a 1€ filter per coordinate.
///
/// Hands are followed by handedness (else by position in the frame). Each coordinate is divided
/// by the track's median hand size before filtering and multiplied back after, so `beta` is in
/// hand sizes per second and the same parameters work for a hand near or far from the camera.
/// Timestamps come from the frames (variable frame rate is fine); frames without one use
/// `1 / fallbackFPS`. A track is restarted after a gap longer than `resetAfter` seconds.
/// Missing and non-finite points are passed through and do not disturb the filter state.
public struct LandmarkSmoother: Sendable {
    /// 1€ parameters applied to hand-size-scaled coordinates.
    public var parameters: OneEuroFilter.Parameters
    /// Frame rate assumed for frames without timestamps.
    public var fallbackFPS: Double
    /// A gap longer than this (seconds) restarts the filters.
    public var resetAfter: Double
    /// Whether coordinates are divided by the hand size before filtering (default true).
    ///
    /// Off, the filter runs on raw coordinates, which reproduces a plain 1€ filter on each
    /// coordinate (for reference vectors).
    public var scalesByHandSize = true

    /// Creates a smoother.
    ///
    /// - Parameters:
    ///   - parameters: 1€ parameters (default ``OneEuroFilter/Parameters/tremor``).
    ///   - fallbackFPS: Frame rate for frames without timestamps.
    ///   - resetAfter: Gap in seconds after which a track restarts.
    public init(parameters: OneEuroFilter.Parameters = .tremor, fallbackFPS: Double = 30, resetAfter: Double = 0.5) {
        self.parameters = parameters
        self.fallbackFPS = fallbackFPS
        self.resetAfter = resetAfter
    }

    /// Returns the smoothed sequence, in the same format and with the same frames.
    ///
    /// - Parameter sequence: The sequence.
    /// - Returns: A copy with smoothed landmark coordinates (world landmarks too).
    public func smoothed(_ sequence: LandmarkSequence) -> LandmarkSequence {
        var result = sequence
        let sizes = Self.trackSizes(sequence)
        var state = State()
        for f in result.frames.indices {
            let t = result.frames[f].timestamp.flatMap { $0.isFinite ? $0 : nil } ?? Double(f) / fallbackFPS
            smooth(&result.frames[f], at: t, sizes: sizes, state: &state)
        }
        return result
    }

    /// The filters of every hand track between frames, for ``smooth(_:at:sizes:state:)``.
    public struct State: Sendable {
        var filters: [String: [OneEuroFilter]] = [:]
        var lastSeen: [String: Double] = [:]

        /// Creates the state before the first frame.
        public init() {}
    }

    /// Smooths one frame in place, as ``smoothed(_:)`` does frame by frame.
    ///
    /// - Parameters:
    ///   - frame: The frame; its landmarks (and world landmarks) are replaced by smoothed ones.
    ///   - t: The frame's time in seconds (its timestamp, else its position / ``fallbackFPS``).
    ///   - sizes: Each track's median hand size over the recording (hands of other tracks are
    ///     left as they are).
    ///   - state: The filters, carried from frame to frame.
    public func smooth(_ frame: inout Frame, at t: Double, sizes: [String: Double], state: inout State) {
        for (h, hand) in frame.hands.enumerated() {
            let key = Self.trackKey(hand, position: h)
            guard let size = sizes[key], size > 0 else { continue }
            let scale = scalesByHandSize ? size : 1
            if let last = state.lastSeen[key], t - last > resetAfter || t <= last { state.filters[key] = nil }
            state.lastSeen[key] = t
            let count = hand.landmarks.count * 3 + (hand.worldLandmarks?.count ?? 0) * 3
            var bank = state.filters[key] ?? []
            if bank.count != count { bank = Array(repeating: OneEuroFilter(parameters), count: count) }
            var slot = 0
            func run(_ points: [Landmark?], scale: Double) -> [Landmark?] {
                points.map { point in
                    defer { slot += 3 }
                    guard var p = point, p.isFinite else { return point }
                    p.x = bank[slot].filter(p.x / scale, at: t) * scale
                    p.y = bank[slot + 1].filter(p.y / scale, at: t) * scale
                    if let z = p.z { p.z = bank[slot + 2].filter(z / scale, at: t) * scale }
                    return p
                }
            }
            frame.hands[h].landmarks = run(hand.landmarks, scale: scale)
            if let world = hand.worldLandmarks {
                frame.hands[h].worldLandmarks = run(world, scale: Self.worldSize(world) ?? 0.1)
            }
            state.filters[key] = bank
        }
    }

    static func trackKey(_ hand: Hand, position: Int) -> String {
        hand.handedness?.rawValue ?? "position \(position)"
    }

    /// The median hand size per track, in the raw coordinate unit (no aspect correction: the
    /// scale is one factor for all coordinates).
    static func trackSizes(_ sequence: LandmarkSequence) -> [String: Double] {
        var sizes: [String: [Double]] = [:]
        for frame in sequence.frames {
            for (h, hand) in frame.hands.enumerated() {
                guard let points = hand.completeLandmarks, points.allSatisfy(\.isFinite) else { continue }
                let size = HandNormalization.handSize(points.map { Vector3($0.x, $0.y, $0.z ?? 0) })
                if size > 0 { sizes[trackKey(hand, position: h), default: []].append(size) }
            }
        }
        return sizes.mapValues { $0.sorted()[$0.count / 2] }
    }

    private static func worldSize(_ points: [Landmark?]) -> Double? {
        let complete = points.compactMap { $0 }
        guard complete.count == HandJoint.count, complete.allSatisfy(\.isFinite) else { return nil }
        let size = HandNormalization.handSize(complete.map { Vector3($0.x, $0.y, $0.z ?? 0) })
        return size > 0 ? size : nil
    }
}
