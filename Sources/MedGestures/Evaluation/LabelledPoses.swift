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
    /// - Parameters:
    ///   - sequence: A sequence whose hands (CSV `label` column) or frames (MediaPipe `label`) carry labels.
    ///   - aliases: Extra label names (matched like ``Gesture/init(label:)``: case, spaces, `-` and `_`
    ///     ignored) for a dataset's own vocabulary, checked before the built-in names.
    /// - Returns: The poses; hands without labels are skipped.
    public static func poses(in sequence: LandmarkSequence, aliases: [String: Gesture] = [:]) -> [Pose] {
        let keyed = Dictionary(aliases.map { (key($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        return sequence.frames.flatMap { frame -> [Pose] in
            frame.hands.compactMap { hand in
                guard let label = hand.label ?? frame.label, !label.isEmpty else { return nil }
                let gesture = keyed[key(label)] ?? Gesture(label: label) ?? .none
                return Pose(hand: hand, label: label, gesture: gesture, frame: frame.index)
            }
        }
    }

    /// Parses `NAME=GESTURE` alias definitions (`"thump down=thumbs_down"`).
    ///
    /// - Parameter definitions: Definitions; the gesture side must be a name ``Gesture/init(label:)`` knows.
    /// - Returns: The aliases, or nil when one is not `NAME=GESTURE`.
    public static func aliases(_ definitions: [String]) -> [String: Gesture]? {
        var result: [String: Gesture] = [:]
        for definition in definitions {
            guard let equals = definition.lastIndex(of: "="),
                let gesture = Gesture(label: String(definition[definition.index(after: equals)...]))
            else { return nil }
            result[String(definition[..<equals])] = gesture
        }
        return result
    }

    private static func key(_ label: String) -> String { label.lowercased().filter { $0.isLetter || $0.isNumber } }

    /// Labels that are not gesture names and were mapped to ``Gesture/none``, with their counts.
    ///
    /// - Parameter poses: Poses.
    /// - Returns: Label to count.
    public static func unmappedLabels(_ poses: [Pose]) -> [String: Int] {
        var result: [String: Int] = [:]
        for pose in poses where Gesture(label: pose.label) == nil && pose.gesture == .none {
            result[pose.label, default: 0] += 1
        }
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
