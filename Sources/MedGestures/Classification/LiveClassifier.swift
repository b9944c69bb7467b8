import Foundation

/// Classifies hands one frame at a time, as a tracker delivers them, keeping only per-track state.
///
/// The same pipeline as ``SequenceClassifier`` made causal: 1€ smoothing per coordinate (divided by
/// the hand size of the track's first usable frame, since the recording's median is not known yet),
/// per-frame classification, and the hold rules of ``GestureDecider`` (a gesture is held once it
/// has been the candidate for the minimum duration and released after staying below the exit
/// threshold for the release duration), applied by the same ``GestureDecider/Stream`` that
/// `classify` uses, so there is one decision rule. It reports the stream's *current* held gesture
/// and does not date a segment back to its candidate's start: a live decision is made when it is
/// made. Memory is constant per hand track.
public struct LiveClassifier: Sendable {
    /// One decision for one hand.
    public struct Decision: Sendable {
        /// The hand track ("left", "right", or "position N").
        public var hand: String
        /// The per-frame prediction; nil when the hand is incomplete.
        public var prediction: GesturePrediction?
        /// The held gesture after the hold rules.
        public var held: Gesture
    }

    private struct Track {
        var filters: [OneEuroFilter] = []
        var scale: Double?
        var last: Double?
        var decisions: GestureDecider.Stream
        var frames = 0

        init(hand: String, decider: GestureDecider.Parameters) {
            decisions = GestureDecider.Stream(parameters: decider, hand: hand)
        }
    }

    /// The per-frame classifier.
    public var classifier: any GestureClassifier
    /// 1€ parameters; nil for no smoothing.
    public var smoothing: OneEuroFilter.Parameters?
    /// Hold rules.
    public var decider: GestureDecider.Parameters
    /// Units, image size and declared rotation.
    public var normalization: HandNormalization
    /// A gap longer than this (seconds) restarts a track's filters.
    public var resetAfter: Double = 0.5
    private var tracks: [String: Track] = [:]

    /// Creates a live classifier.
    ///
    /// - Parameters:
    ///   - classifier: Per-frame classifier.
    ///   - smoothing: 1€ parameters, or nil.
    ///   - decider: Hold rules.
    ///   - normalization: Units, image size and declared rotation.
    public init(
        classifier: any GestureClassifier = RuleClassifier(), smoothing: OneEuroFilter.Parameters? = .classify,
        decider: GestureDecider.Parameters = .init(), normalization: HandNormalization = .init()
    ) {
        self.classifier = classifier
        self.smoothing = smoothing
        self.decider = decider
        self.normalization = normalization
    }

    /// Smooths the hands of one frame in place, without classifying (for `smooth -`).
    ///
    /// - Parameters:
    ///   - frame: The frame; its landmarks are replaced by smoothed ones.
    ///   - time: The frame's time in seconds.
    public mutating func smooth(_ frame: inout Frame, at time: Double) {
        for h in frame.hands.indices {
            let key = LandmarkSmoother.trackKey(frame.hands[h], position: h)
            var track = tracks[key] ?? Track(hand: key, decider: decider)
            smooth(&frame.hands[h], track: &track, time: time)
            tracks[key] = track
        }
    }

    /// Smooths, classifies and decides every hand of one frame.
    ///
    /// - Parameters:
    ///   - frame: The frame as the tracker reported it.
    ///   - time: The frame's time in seconds (increasing).
    /// - Returns: One decision per hand, in the frame's order.
    public mutating func classify(_ frame: Frame, at time: Double) -> [Decision] {
        var decisions: [Decision] = []
        for (h, original) in frame.hands.enumerated() {
            let key = LandmarkSmoother.trackKey(original, position: h)
            var track = tracks[key] ?? Track(hand: key, decider: decider)
            var hand = original
            smooth(&hand, track: &track, time: time)
            let prediction = classifier.predict(hand, normalization: normalization)
            // The dated-back labels and segments the stream hands out are for recordings; live, only
            // the gesture held now counts, so they are dropped as they come.
            _ = track.decisions.add(
                GestureDecider.Observation(frame: track.frames, time: time, scores: prediction?.scores ?? [:]))
            _ = track.decisions.takeSegments()
            track.frames += 1
            tracks[key] = track
            decisions.append(Decision(hand: key, prediction: prediction, held: track.decisions.heldGesture))
        }
        return decisions
    }

    private func smooth(_ hand: inout Hand, track: inout Track, time: Double) {
        if let last = track.last, time - last > resetAfter || time <= last {
            track.filters = []
            track.scale = nil
        }
        track.last = time
        guard let parameters = smoothing else { return }
        if track.scale == nil, let points = hand.completeLandmarks, points.allSatisfy(\.isFinite) {
            let size = HandNormalization.handSize(points.map { Vector3($0.x, $0.y, $0.z ?? 0) })
            if size > 0 { track.scale = size }
        }
        guard let scale = track.scale else { return }
        if track.filters.count != hand.landmarks.count * 3 {
            track.filters = Array(repeating: OneEuroFilter(parameters), count: hand.landmarks.count * 3)
        }
        for k in hand.landmarks.indices {
            guard var p = hand.landmarks[k], p.isFinite else { continue }
            p.x = track.filters[3 * k].filter(p.x / scale, at: time) * scale
            p.y = track.filters[3 * k + 1].filter(p.y / scale, at: time) * scale
            if let z = p.z { p.z = track.filters[3 * k + 2].filter(z / scale, at: time) * scale }
            hand.landmarks[k] = p
        }
    }
}
