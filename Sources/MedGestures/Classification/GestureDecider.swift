import Foundation

/// Turns per-frame gesture scores into held gestures: a minimum duration plus hysteresis.
///
/// A gesture becomes a candidate when its score reaches ``Parameters/enterThreshold`` (and is the
/// best), and is held once it has stayed a candidate, its score never below
/// ``Parameters/exitThreshold``, for ``Parameters/minimumDuration``; the segment is dated back to
/// when the candidate began. It stays held while its score is at or above the lower ``Parameters/exitThreshold``,
/// and ends once the score has stayed below it for ``Parameters/releaseDuration`` (or when another
/// gesture completes its own minimum duration). A tremor that dips a score for a frame or two
/// therefore cannot make the label flicker.
public struct GestureDecider: Sendable, Hashable {
    /// Thresholds and durations.
    public struct Parameters: Sendable, Hashable, Codable {
        /// Score needed to start a gesture, 0...1.
        public var enterThreshold: Double = 0.6
        /// Score below which a held gesture starts to end, 0...1, at most `enterThreshold`.
        public var exitThreshold: Double = 0.35
        /// Seconds a gesture must be seen before it is held.
        public var minimumDuration: Double = 0.3
        /// Seconds below the exit threshold before a held gesture ends.
        public var releaseDuration: Double = 0.25

        /// Creates the default parameters.
        public init() {}
    }

    /// A gesture held over an interval.
    public struct Segment: Hashable, Sendable {
        /// The hand track ("left", "right", or "position N").
        public var hand: String
        /// The gesture.
        public var gesture: Gesture
        /// First and last frame index (``Frame/index``).
        public var startFrame: Int, endFrame: Int
        /// First and last time in seconds.
        public var start: Double, end: Double
        /// Mean score of the gesture over the segment.
        public var confidence: Double
    }

    /// One observation of one hand track.
    public struct Observation: Sendable {
        /// Frame index.
        public var frame: Int
        /// Time in seconds.
        public var time: Double
        /// Scores per gesture; nil when the hand is absent or unusable in this frame.
        public var scores: [Gesture: Double]?

        /// Creates an observation.
        ///
        /// - Parameters:
        ///   - frame: Frame index.
        ///   - time: Seconds.
        ///   - scores: Scores, or nil.
        public init(frame: Int, time: Double, scores: [Gesture: Double]?) {
            self.frame = frame
            self.time = time
            self.scores = scores
        }
    }

    /// The parameters.
    public var parameters: Parameters

    /// Creates a decider.
    ///
    /// - Parameter parameters: Thresholds and durations.
    public init(parameters: Parameters = .init()) {
        self.parameters = parameters
    }

    /// Decides the held gesture for every observation of one track.
    ///
    /// - Parameters:
    ///   - observations: Observations in time order.
    ///   - hand: The track name for segments.
    /// - Returns: One label per observation (``Gesture/none`` when nothing is held) and the segments.
    public func decide(_ observations: [Observation], hand: String) -> (labels: [Gesture], segments: [Segment]) {
        var labels = [Gesture](repeating: .none, count: observations.count)
        var segments: [Segment] = []
        var held: (gesture: Gesture, start: Int)?
        var candidate: (gesture: Gesture, start: Int)?
        var belowSince: Int?
        var firstFree = 0  // segments never overlap: a new one starts after the last one ended
        func close(endingBefore end: Int) {
            guard let current = held, end > current.start else {
                held = nil
                return
            }
            let range = current.start..<end
            for i in range { labels[i] = current.gesture }
            let mean = range.reduce(0.0) { $0 + (observations[$1].scores?[current.gesture] ?? 0) } / Double(range.count)
            segments.append(
                Segment(
                    hand: hand, gesture: current.gesture, startFrame: observations[current.start].frame,
                    endFrame: observations[end - 1].frame, start: observations[current.start].time,
                    end: observations[end - 1].time, confidence: mean))
            firstFree = end
            held = nil
        }
        for (i, observation) in observations.enumerated() {
            let scores = observation.scores ?? [:]
            let best = scores.filter { $0.key != .none }.max {
                $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key)
            }
            if let current = held {
                if (scores[current.gesture] ?? 0) >= parameters.exitThreshold {
                    belowSince = nil
                } else {
                    let since = belowSince ?? i
                    belowSince = since
                    if observation.time - observations[since].time >= parameters.releaseDuration {
                        close(endingBefore: since)
                        belowSince = nil
                    }
                }
            }
            // The candidate has hysteresis too: it needs one frame at the enter threshold, then
            // only has to stay at the exit threshold, so a tremor dip does not restart its clock.
            if let c = candidate {
                if (scores[c.gesture] ?? 0) < parameters.exitThreshold || c.gesture == held?.gesture {
                    candidate = nil
                } else if let best, best.key != c.gesture, best.value >= parameters.enterThreshold,
                    best.value > scores[c.gesture] ?? 0
                {
                    candidate = (best.key, i)
                }
            }
            if candidate == nil, let best, best.value >= parameters.enterThreshold, best.key != held?.gesture {
                candidate = (best.key, i)
            }
            if let c = candidate, observation.time - observations[c.start].time >= parameters.minimumDuration {
                if held != nil { close(endingBefore: max(c.start, held?.start ?? 0)) }
                held = (c.gesture, max(c.start, firstFree))
                candidate = nil
                belowSince = nil
            }
        }
        if held != nil { close(endingBefore: belowSince ?? observations.count) }
        return (labels, segments)
    }
}
