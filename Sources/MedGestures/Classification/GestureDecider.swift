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
    /// The decision rule lives in ``Stream`` alone: this feeds it every observation and collects
    /// what it hands out, so the batch and streamed results cannot differ.
    ///
    /// - Parameters:
    ///   - observations: Observations in time order.
    ///   - hand: The track name for segments.
    /// - Returns: One label per observation (``Gesture/none`` when nothing is held) and the segments.
    public func decide(_ observations: [Observation], hand: String) -> (labels: [Gesture], segments: [Segment]) {
        var stream = Stream(parameters: parameters, hand: hand)
        var labels: [Gesture] = []
        labels.reserveCapacity(observations.count)
        for observation in observations { labels += stream.add(observation) }
        labels += stream.finish()
        return (labels, stream.takeSegments())
    }
}
