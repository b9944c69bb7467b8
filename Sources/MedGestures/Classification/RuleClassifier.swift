/// A gesture classifier made of readable rules over ``HandFeatures``; it needs no training data.
///
/// Each gesture's score is the minimum (fuzzy AND) of memberships in 0...1, for example thumbs up
/// is min(four fingers curled, thumb standing clear of the fist, thumb points within about 50
/// degrees of image-up). Victory takes the spread at the fingertips relative to the hand size as
/// well as the angle: real V signs are often only 8 degrees apart but 0.3 hand sizes at the tips.
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
        // 1 when thumb and index tips are within 0.34 hand sizes: the tip landmarks of an OK ring sit
        // up to 0.4 hand sizes apart (the pads touch, not the tips); open hands, V signs and
        // I-love-you keep them 0.6 or more apart.
        let pinch = ramp(f.pinchDistance, 0.5, 0.34)
        var s: [Gesture: Double] = [:]
        // A thumb that merely rests on or beside the fist (fists, ASL A, S, E, O) must not count:
        // the tip has to stand clear of the curled fingers (far from the index and middle joints
        // and from the fist's centre, past them along the thumb), the thumb abducted from the hand
        // or on top of it, and pointing more up (down) than the hand does.
        // Without depth, the thumb of a thumbs up seen from the knuckle side projects along the
        // hand; there a thumb on top of the fist (`overFist`, 0.1 knuckle spans or more) that points
        // clearly more up than the hand counts as abducted and past the fingers, but it must still
        // stand clear of them (tip away from the index and middle joints and the fist's centre): a
        // fist tilted so that its folded thumb is the highest point has every other sign of a thumbs
        // up (2 of 21 real fists; 107 of 300 generated fists turned that way). Side-on thumbs up
        // whose tip projects onto the fingers are left to ``ThumbArbiter``. Thumbs down does not use
        // it: hanging fists would turn into thumbs down.
        // With depth the thumb must be abducted from the hand (30-38 degrees or more): a thumb tip
        // above the fist is not enough, since ASL A and fists with the thumb beside the index have
        // it there too (their thumb lies 14-30 degrees from the hand, a thumbs up's 43-69). Without
        // depth that angle is foreshortened, so a tip above the fist still counts.
        // The thumb tip only has to reach the farthest finger joint along the thumb (about 0): with
        // MediaPipe's z off by up to 40 % the margin a raised thumb shows in 3-D is a few hundredths.
        // A thumbs up ("yes") needs its tip 0.40-0.48 hand sizes from the index and middle joints:
        // loose fists whose abducted thumb still hangs over the fingers come to 0.41-0.48.
        // Real thumbs up do not always abduct the thumb: in Google's three MediaPipe thumbs up the
        // fist sits on a raised forearm and the thumb lies 10-32 degrees from the hand, but its tip
        // stands 0.58-0.78 hand sizes above every finger joint, 0.70-0.87 from the index and middle
        // joints and 0.96-1.26 from the fist's centre (`standsClear`). No generated fist or letter
        // reaches 0.45, 0.62 and 0.92 together; ASL A's thumb tip stays at most 0.21 above the fist.
        func clear(above: Double, upness: Double, overFist: Double?, reach: (Double, Double), standsClear: Double)
            -> Double
        {
            var projected = 0.0
            if !f.hasDepth, let overFist { projected = min(ramp(upness, 0.1, 0.2), ramp(overFist, 0.1, 0.2)) }
            return min(
                ramp(f.thumbTipToFingers, reach.0, reach.1), ramp(f.thumbTipToFist, 0.65, 0.75),
                max(
                    ramp(f.thumbHandAngleDegrees, 30, 38), f.hasDepth ? standsClear : ramp(above, 0.1, 0.2),
                    projected),
                ramp(upness, -0.35, -0.25), max(ramp(f.thumbBeyond, -0.04, 0.04), projected))
        }
        let standsClearUp = Self.thumbStandsClearUp(f)
        let clearUp = clear(
            above: f.thumbAbove, upness: f.thumbUp - f.handUp, overFist: f.thumbAbovePalmWidths, reach: (0.4, 0.48),
            standsClear: standsClearUp)
        let clearDown = clear(
            above: f.thumbBelow, upness: f.handUp - f.thumbUp, overFist: nil, reach: (0.35, 0.45), standsClear: 0)
        // ASL E curls the fingertips over the thumb: its tip stays well below the top of the fist.
        let notUnderFingers = ramp(f.thumbAbovePalmWidths, -0.6, -0.5)
        s[.thumbsUp] = min(fourCurled, clearUp, ramp(f.thumbUp, 0.45, 0.7), notUnderFingers)
        // ASL E held upright tucks the thumb across the palm, pointing down under the fingertips
        // (`thumbOut` -0.86...0.37 knuckle spans); a thumbs down's thumb sticks out on the thumb
        // side (0.49 or more in 99 % of generated ones).
        s[.thumbsDown] = min(fourCurled, clearDown, ramp(-f.thumbUp, 0.45, 0.7), ramp(f.thumbOut, 0.3, 0.45))
        let notDown = ramp(f.handUp, -0.5, -0.2)  // a hand hanging fingers-down is not a stop sign
        s[.openPalm] = min(index, middle, ring, pinky, 1 - pinch, ramp(f.thumbOut, -0.35, -0.1), notDown)
        // Any thumb that does not stand clear of the fist (tucked, alongside, on the fingers) is a fist.
        s[.closedFist] = min(fourCurled, 1 - max(s[.thumbsUp] ?? 0, s[.thumbsDown] ?? 0))
        // Pointing *up*: the index (MCP to tip) within about 55 degrees of image-up, or, when the hand
        // itself is upright (wrist to middle knuckle within about 45 degrees of image-up), within 70
        // (none past 78): a finger leaning out of an upright hand still points up. Real pointing up
        // often leans: DarelJamesNarvasa's rows point up-left and up-right at 57-68 degrees from hands
        // 1-19 degrees from upright. A hand turned sideways with the index along it points sideways
        // (the samples' and the generator's "index sideways": index 51-69 degrees, hand 63-78), and so
        // does any index 75 degrees or more from image-up (Kazuhito00's "Pointer" cursor). Google's
        // GestureRecognizer also undoes only the declared image rotation (the NORM_RECT rotation in
        // its landmarks-to-matrix step) before its learned classifier; its rotated pointing-up
        // fixture, 90 degrees from image-up, is Pointing_Up only with rotation_degrees -90.
        let pointsUp = max(
            ramp(f.indexUp, 0.45, 0.7),
            min(
                ramp(f.indexUp, Self.leaningIndexCosine.low, Self.leaningIndexCosine.high),
                ramp(f.handUp, Self.uprightHandCosine.low, Self.uprightHandCosine.high)))
        s[.pointingUp] = min(
            index, curled(middle), curled(ring), curled(pinky), pointsUp, max(curled(thumb), 0.55))
        s[.victory] = min(
            index, middle, curled(ring), curled(pinky),
            max(ramp(f.indexMiddleSpreadDegrees, 6, 14), ramp(f.indexMiddleTipSpread, 0.22, 0.29)),
            1 - pinch, ramp(f.indexUp, -0.5, -0.2))
        s[.ok] = min(pinch, middle, ring, pinky)
        s[.iLoveYou] = min(thumb, index, curled(middle), curled(ring), pinky)
        return s
    }

    /// The cosines of the index (MCP to tip) to image-up between which pointing up's direction score
    /// rises from 0 to 1 when the hand is upright (``uprightHandCosine``): 0.2 (78 degrees) and 0.5
    /// (60 degrees), 0.5 at 70 degrees. For any hand: 0.45 and 0.7 (63 and 46 degrees, 0.5 at 55).
    public static let leaningIndexCosine = (low: 0.2, high: 0.5)

    /// The cosines of the hand (wrist to middle knuckle) to image-up between which a hand counts as
    /// upright for a leaning index: 0.6 (53 degrees) and 0.8 (37 degrees), 0.5 at 46 degrees. Real
    /// pointing up: hands within 30 degrees; hands turned sideways: 63 degrees or more.
    public static let uprightHandCosine = (low: 0.6, high: 0.8)

    /// How clearly the thumb stands clear of the fist upward, 0...1: its tip 0.45 hand sizes or more
    /// above every finger joint, 0.62 from the index and middle joints and 0.92 from the fist's centre
    /// (Google's real thumbs up measure 0.58-0.78, 0.70-0.87 and 0.96-1.26; no generated fist or
    /// letter reaches all three, with or without depth).
    static func thumbStandsClearUp(_ f: HandFeatures) -> Double {
        func ramp(_ v: Double, _ low: Double, _ high: Double) -> Double { min(1, max(0, (v - low) / (high - low))) }
        return min(
            ramp(f.thumbAbove, 0.35, 0.45), ramp(f.thumbTipToFingers, 0.55, 0.62), ramp(f.thumbTipToFist, 0.85, 0.92))
    }

    /// Classifies one hand's features.
    ///
    /// - Parameter features: Hand features.
    /// - Returns: The prediction, ``Gesture/none`` below the threshold.
    public func predict(_ features: HandFeatures) -> GesturePrediction {
        GesturePrediction(scores: scores(features), threshold: threshold)
    }
}
