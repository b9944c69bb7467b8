import Foundation

/// Classifies every hand in every frame of a sequence, then decides held gestures per hand track.
///
/// Pipeline: optional 1€ smoothing (``LandmarkSmoother``), normalization and features per hand,
/// per-frame prediction by any ``GestureClassifier``, then ``GestureDecider`` per track (hands are
/// followed by handedness, else by position in the frame). A single-frame labelled dataset (rows
/// without frame or time) is a set of independent poses: it is neither smoothed nor held, and
/// every row gets its own per-frame decision.
public struct SequenceClassifier: Sendable {
    /// Per-frame result for one hand.
    public struct FrameResult: Hashable, Sendable {
        /// Frame index.
        public var frame: Int
        /// Time in seconds (from the file, else index / fallback fps).
        public var time: Double
        /// The hand track name.
        public var hand: String
        /// The per-frame prediction; nil when the hand is incomplete.
        public var prediction: GesturePrediction?
        /// The held gesture after minimum duration and hysteresis.
        public var decided: Gesture
    }

    /// The result for a whole sequence.
    public struct Result: Sendable {
        /// One entry per hand per frame, in frame order.
        public var frames: [FrameResult]
        /// Held gestures, per track in time order.
        public var segments: [GestureDecider.Segment]
    }

    /// The per-frame classifier.
    public var classifier: any GestureClassifier
    /// Smoothing applied first; nil for none.
    public var smoother: LandmarkSmoother?
    /// The decision rule.
    public var decider: GestureDecider
    /// Declared clockwise image rotation in degrees.
    public var imageRotationDegrees: Double
    /// Frame rate for frames without timestamps.
    public var fallbackFPS: Double

    /// Creates a sequence classifier.
    ///
    /// - Parameters:
    ///   - classifier: Per-frame classifier.
    ///   - smoother: Optional smoothing.
    ///   - decider: Decision rule.
    ///   - imageRotationDegrees: Declared clockwise image rotation.
    ///   - fallbackFPS: Frame rate for frames without timestamps.
    public init(
        classifier: any GestureClassifier = RuleClassifier(), smoother: LandmarkSmoother? = nil,
        decider: GestureDecider = .init(), imageRotationDegrees: Double = 0, fallbackFPS: Double = 30
    ) {
        self.classifier = classifier
        self.smoother = smoother
        self.decider = decider
        self.imageRotationDegrees = imageRotationDegrees
        self.fallbackFPS = fallbackFPS
    }

    /// Classifies a sequence.
    ///
    /// - Parameter sequence: The sequence.
    /// - Returns: Per-frame results and segments.
    public func classify(_ sequence: LandmarkSequence) -> Result {
        if sequence.holdsIndependentPoses { return independent(sequence) }
        let input = smoother?.smoothed(sequence) ?? sequence
        let normalization = HandNormalization(for: input, imageRotationDegrees: imageRotationDegrees)
        var results: [FrameResult] = []
        var tracks: [String: [Int]] = [:]
        for (f, frame) in input.frames.enumerated() {
            let time = frame.timestamp.flatMap { $0.isFinite ? $0 : nil } ?? Double(f) / fallbackFPS
            for (h, hand) in frame.hands.enumerated() {
                let key = LandmarkSmoother.trackKey(hand, position: h)
                let prediction = classifier.predict(hand, normalization: normalization)
                tracks[key, default: []].append(results.count)
                results.append(
                    FrameResult(frame: frame.index, time: time, hand: key, prediction: prediction, decided: .none))
            }
        }
        var segments: [GestureDecider.Segment] = []
        for key in tracks.keys.sorted() {
            guard let indices = tracks[key] else { continue }
            let observations = indices.map {
                GestureDecider.Observation(
                    frame: results[$0].frame, time: results[$0].time, scores: results[$0].prediction?.scores)
            }
            let decision = decider.decide(observations, hand: key)
            for (i, label) in zip(indices, decision.labels) { results[i].decided = label }
            segments += decision.segments
        }
        segments.sort { $0.start != $1.start ? $0.start < $1.start : $0.hand < $1.hand }
        return Result(frames: results, segments: segments)
    }

    /// Rows without time are independent poses: no smoothing, no hold; each row is decided alone.
    private func independent(_ sequence: LandmarkSequence) -> Result {
        let normalization = HandNormalization(for: sequence, imageRotationDegrees: imageRotationDegrees)
        var results: [FrameResult] = []
        var segments: [GestureDecider.Segment] = []
        for frame in sequence.frames {
            for (h, hand) in frame.hands.enumerated() {
                let key = LandmarkSmoother.trackKey(hand, position: h)
                let prediction = classifier.predict(hand, normalization: normalization)
                let gesture = prediction?.gesture ?? .none
                results.append(
                    FrameResult(frame: frame.index, time: 0, hand: key, prediction: prediction, decided: gesture))
                if gesture != .none, let prediction {
                    segments.append(
                        GestureDecider.Segment(
                            hand: key, gesture: gesture, startFrame: frame.index, endFrame: frame.index, start: 0,
                            end: 0, confidence: prediction.confidence))
                }
            }
        }
        return Result(frames: results, segments: segments)
    }
}
