/// A gesture classifier made of readable rules over ``HandFeatures``; it needs no training data.
///
/// Each gesture's score is the minimum (fuzzy AND) of memberships in 0...1, for example thumbs up
/// is min(four fingers curled, thumb extended, thumb points within about 50 degrees of image-up).
/// A pose whose best score is below ``threshold`` is ``Gesture/none``: unknown poses are not forced
/// into a class. Thumbs up becomes thumbs down when the hand is inverted, because features are
/// taken in image orientation. Open palm needs the thumb not folded across the palm (that is
/// "four") and the fingers not hanging down; victory needs the fingers not pointing down.
public struct RuleClassifier: GestureClassifier, Hashable {
    /// The minimum score to name a gesture, 0...1 (default 0.5).
    public var threshold: Double

    /// Creates a rule classifier.
    ///
    /// - Parameter threshold: The reject threshold.
    public init(threshold: Double = 0.5) {
        self.threshold = threshold
    }

    /// Scores every gesture.
    ///
    /// - Parameter f: Hand features.
    /// - Returns: Scores for each recognized gesture.
    public func scores(_ f: HandFeatures) -> [Gesture: Double] {
        func ramp(_ v: Double, _ low: Double, _ high: Double) -> Double {
            low < high ? min(1, max(0, (v - low) / (high - low))) : 1 - min(1, max(0, (v - high) / (low - high)))
        }
        let e = f.fingerExtension
        let (thumb, index, middle, ring, pinky) = (e[0], e[1], e[2], e[3], e[4])
        let curled = { (v: Double) in 1 - v }
        let fourCurled = [index, middle, ring, pinky].map(curled).min() ?? 0
        let pinch = ramp(f.pinchDistance, 0.38, 0.22)  // 1 when thumb and index tips touch
        var s: [Gesture: Double] = [:]
        s[.thumbsUp] = min(fourCurled, thumb, ramp(f.thumbUp, 0.45, 0.7))
        s[.thumbsDown] = min(fourCurled, thumb, ramp(-f.thumbUp, 0.45, 0.7))
        let notDown = ramp(f.handUp, -0.5, -0.2)  // a hand hanging fingers-down is not a stop sign
        s[.openPalm] = min(index, middle, ring, pinky, 1 - pinch, ramp(f.thumbOut, -0.35, -0.1), notDown)
        s[.closedFist] = min(fourCurled, curled(thumb))
        s[.pointingUp] = min(
            index, curled(middle), curled(ring), curled(pinky), ramp(f.indexUp, 0.45, 0.7),
            max(curled(thumb), 0.55))
        s[.victory] = min(
            index, middle, curled(ring), curled(pinky), ramp(f.indexMiddleSpreadDegrees, 6, 14),
            1 - pinch, ramp(f.indexUp, -0.5, -0.2))
        s[.ok] = min(pinch, middle, ring, pinky)
        s[.iLoveYou] = min(thumb, index, curled(middle), curled(ring), pinky)
        return s
    }

    /// Classifies one hand's features.
    ///
    /// - Parameter features: Hand features.
    /// - Returns: The prediction, ``Gesture/none`` below the threshold.
    public func predict(_ features: HandFeatures) -> GesturePrediction {
        GesturePrediction(scores: scores(features), threshold: threshold)
    }
}
