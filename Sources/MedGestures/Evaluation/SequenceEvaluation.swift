import Foundation

/// Held-gesture accuracy and flicker on a labelled recording (frames with a `label`).
///
/// Runs a ``SequenceClassifier`` over the whole recording and compares, frame by frame, the held
/// gesture with the frame's label, and counts label changes per second per hand track for the
/// per-frame predictions and for the held decisions.
public struct SequenceEvaluation: Sendable {
    /// Held decisions against the labels.
    public var held = ConfusionMatrix()
    /// Per-frame predictions (after the same smoothing) against the labels.
    public var frames = ConfusionMatrix()
    /// Label changes of the per-frame predictions.
    public var frameChanges = 0
    /// Label changes of the held decisions.
    public var heldChanges = 0
    /// Seconds covered, summed over hand tracks.
    public var seconds = 0.0

    /// Creates an empty evaluation.
    public init() {}

    /// Per-frame label changes per second.
    public var frameFlicker: Double { seconds > 0 ? Double(frameChanges) / seconds : 0 }
    /// Held label changes per second.
    public var heldFlicker: Double { seconds > 0 ? Double(heldChanges) / seconds : 0 }

    /// Adds one recording.
    ///
    /// - Parameters:
    ///   - sequence: A recording with timestamps and per-frame labels.
    ///   - classifier: The sequence classifier (smoothing, per-frame classifier, decider).
    public mutating func add(_ sequence: LandmarkSequence, classifier: SequenceClassifier) {
        var labels: [String: String] = [:]  // "frame/track" -> label
        for frame in sequence.frames {
            for (h, hand) in frame.hands.enumerated() {
                if let label = hand.label ?? frame.label {
                    labels["\(frame.index)/\(LandmarkSmoother.trackKey(hand, position: h))"] = label
                }
            }
        }
        let result = classifier.classify(sequence)
        var tracks: [String: [SequenceClassifier.FrameResult]] = [:]
        for frame in result.frames {
            tracks[frame.hand, default: []].append(frame)
            guard let label = labels["\(frame.frame)/\(frame.hand)"], !label.isEmpty else { continue }
            let truth = Gesture(label: label) ?? .none
            held.add(truth: truth, predicted: frame.decided)
            frames.add(truth: truth, predicted: frame.prediction?.gesture ?? .none)
        }
        for track in tracks.values {
            let raw = track.map { $0.prediction?.gesture ?? .none }
            let decided = track.map(\.decided)
            frameChanges += zip(raw, raw.dropFirst()).count { $0 != $1 }
            heldChanges += zip(decided, decided.dropFirst()).count { $0 != $1 }
            if let first = track.first?.time, let last = track.last?.time { seconds += max(0, last - first) }
        }
    }
}
