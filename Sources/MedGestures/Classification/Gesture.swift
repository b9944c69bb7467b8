/// The gestures MedGestures recognizes, plus the reject class ``none``.
public enum Gesture: String, CaseIterable, Sendable, Codable, Comparable {
    case thumbsUp = "thumbs_up"
    case thumbsDown = "thumbs_down"
    case openPalm = "open_palm"
    case closedFist = "closed_fist"
    case pointingUp = "pointing_up"
    case victory = "victory"
    case ok = "ok"
    case iLoveYou = "i_love_you"
    /// No known gesture: an unknown pose, or one too ambiguous to name.
    case none = "none"

    /// The gestures other than ``none``.
    public static let recognized: [Gesture] = allCases.filter { $0 != .none }

    /// Maps labels used by common datasets and trackers onto gestures; nil when unknown.
    ///
    /// Accepts our names, MediaPipe GestureRecognizer names (`Thumb_Up`, `Open_Palm`, `ILoveYou`,
    /// `None`, ...) and HaGRID names (`like`, `dislike`, `palm`, `stop`, `fist`, `one`, `peace`, `ok`,
    /// `no_gesture`). Matching ignores case, spaces, hyphens and underscores.
    ///
    /// - Parameter label: A label from a file.
    public init?(label: String) {
        let key = label.lowercased().filter { $0.isLetter || $0.isNumber }
        switch key {
        case "thumbsup", "thumbup", "like": self = .thumbsUp
        case "thumbsdown", "thumbdown", "dislike": self = .thumbsDown
        case "openpalm", "palm", "stop", "open", "hand", "five": self = .openPalm
        case "closedfist", "fist", "close", "closed": self = .closedFist
        case "pointingup", "pointup", "one", "pointer", "point": self = .pointingUp
        case "victory", "peace", "v", "two": self = .victory
        case "ok", "okay": self = .ok
        case "iloveyou", "ily", "loveyou": self = .iLoveYou
        case "none", "nogesture", "other", "unknown", "reject": self = .none
        default: return nil
        }
    }

    public static func < (a: Gesture, b: Gesture) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// One decision of a classifier for one hand: per-gesture scores and the chosen gesture.
public struct GesturePrediction: Hashable, Sendable, Codable {
    /// The chosen gesture; ``Gesture/none`` when no score reaches the threshold.
    public var gesture: Gesture
    /// The score of the chosen gesture (for `none`, one minus the best score), 0...1.
    public var confidence: Double
    /// A score in 0...1 for every recognized gesture.
    public var scores: [Gesture: Double]

    /// Creates a prediction from scores, rejecting when the best is below `threshold`.
    ///
    /// - Parameters:
    ///   - scores: Scores per recognized gesture.
    ///   - threshold: The minimum score to name a gesture.
    public init(scores: [Gesture: Double], threshold: Double) {
        self.scores = scores
        let best = scores.filter { $0.key != .none }.max {
            $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key)
        }
        if let best, best.value >= threshold {
            gesture = best.key
            confidence = best.value
        } else {
            gesture = .none
            confidence = 1 - (best?.value ?? 0)
        }
    }
}

/// Anything that scores gestures from hand features.
public protocol GestureClassifier: Sendable {
    /// Classifies one hand's features.
    ///
    /// - Parameter features: Features of one hand.
    /// - Returns: Scores and a decision, possibly ``Gesture/none``.
    func predict(_ features: HandFeatures) -> GesturePrediction

    /// Classifies one hand; nil when it is incomplete or degenerate.
    ///
    /// The default computes ``HandFeatures`` and calls ``predict(_:)``; ``ArbitratedClassifier``
    /// also looks at the canonical points.
    ///
    /// - Parameters:
    ///   - hand: The hand.
    ///   - normalization: Image size, units and declared rotation.
    func predict(_ hand: Hand, normalization: HandNormalization) -> GesturePrediction?
}

extension GestureClassifier {
    /// Computes ``HandFeatures`` and calls ``predict(_:)``; nil when the hand is incomplete or degenerate.
    ///
    /// - Parameters:
    ///   - hand: The hand.
    ///   - normalization: Image size, units and declared rotation.
    public func predict(_ hand: Hand, normalization: HandNormalization) -> GesturePrediction? {
        HandFeatures(hand: hand, normalization: normalization).map(predict)
    }
}
