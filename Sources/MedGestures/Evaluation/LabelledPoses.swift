import Foundation

/// Labelled hands taken from a sequence, for training and evaluation.
public enum LabelledPoses {
    /// One labelled hand.
    public struct Pose: Sendable {
        /// The hand.
        public var hand: Hand
        /// The label as written in the file.
        public var label: String
        /// The label mapped onto a gesture (labels outside the vocabulary map to ``Gesture/none``).
        public var gesture: Gesture
        /// The frame index.
        public var frame: Int
    }

    /// Every hand in a frame with a label, in file order.
    ///
    /// - Parameter sequence: A sequence whose hands (CSV `label` column) or frames (MediaPipe `label`) carry labels.
    /// - Returns: The poses; hands without labels are skipped.
    public static func poses(in sequence: LandmarkSequence) -> [Pose] {
        sequence.frames.flatMap { frame -> [Pose] in
            frame.hands.compactMap { hand in
                guard let label = hand.label ?? frame.label, !label.isEmpty else { return nil }
                return Pose(hand: hand, label: label, gesture: Gesture(label: label) ?? .none, frame: frame.index)
            }
        }
    }

    /// Labels that are not gesture names and were mapped to ``Gesture/none``, with their counts.
    ///
    /// - Parameter poses: Poses.
    /// - Returns: Label to count.
    public static func unmappedLabels(_ poses: [Pose]) -> [String: Int] {
        var result: [String: Int] = [:]
        for pose in poses where Gesture(label: pose.label) == nil { result[pose.label, default: 0] += 1 }
        return result
    }

    /// The confusion matrix of a classifier on labelled poses (per frame, no smoothing).
    ///
    /// - Parameters:
    ///   - poses: Labelled poses.
    ///   - classifier: The classifier.
    ///   - normalization: Image size, units, declared rotation.
    /// - Returns: The matrix; an incomplete hand counts as predicted ``Gesture/none``.
    public static func evaluate(_ poses: [Pose], classifier: any GestureClassifier, normalization: HandNormalization)
        -> ConfusionMatrix
    {
        ConfusionMatrix(
            poses.map { pose in
                let predicted = classifier.predict(pose.hand, normalization: normalization)?.gesture ?? .none
                return (pose.gesture, predicted)
            })
    }
}
