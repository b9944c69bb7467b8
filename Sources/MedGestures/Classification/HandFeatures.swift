import Foundation

/// Interpretable geometric features of one hand, computed from canonical points.
///
/// Every value has a meaning a clinician can check: how straight each finger is, whether its tip
/// reaches past its middle joint, where the thumb points in the image, whether the palm faces the
/// camera. Lengths are in hand sizes (see ``HandNormalization/handSize(_:)``); directions are the
/// cosine of the angle to image-up (1 up, -1 down) after the declared image rotation is undone.
///
/// All features but ``palmFacing`` are unchanged by mirroring, so a wrong handedness label cannot
/// turn one gesture into another.
public struct HandFeatures: Hashable, Sendable, Codable {
    /// Extension of thumb, index, middle, ring, pinky in 0...1 (0 curled, 1 straight and reaching out).
    ///
    /// For a long finger: how far the tip reaches from the wrist relative to its knuckle (1.05 or
    /// less is curled, 1.45 or more extended) and to its middle joint (0.9 to 1.15), whichever is
    /// lower, blended with straightness (knuckle-to-tip distance over the finger's length) when the
    /// landmarks have depth.
    public var fingerExtension: [Double]
    /// Sum of the flexion angles of each finger's three joints, in degrees (0 straight; ~250 in a fist).
    public var flexionDegrees: [Double]
    /// Cosine of the angle between the thumb (MCP to tip) and image-up.
    public var thumbUp: Double
    /// Cosine of the angle between the index finger (MCP to tip) and image-up.
    public var indexUp: Double
    /// Cosine of the angle between the hand (wrist to middle knuckle) and image-up.
    public var handUp: Double
    /// Distance between thumb tip and index tip, in hand sizes.
    public var pinchDistance: Double
    /// Angle between the index and middle fingers, in degrees.
    public var indexMiddleSpreadDegrees: Double
    /// Distance from the thumb tip to the nearest middle joint (PIP or DIP) of the index, middle or ring
    /// finger, in hand sizes (small when the thumb is tucked over the fingers).
    public var thumbReach: Double
    /// Where the thumb tip lies across the palm, in knuckle spans from the index knuckle toward the
    /// thumb side: about 1 when the thumb sticks out, about 0 alongside the index, negative when it
    /// is folded across the palm.
    public var thumbOut: Double
    /// How far the thumb tip reaches past every joint of the four curled fingers along the thumb's
    /// own direction (MCP to tip), in hand sizes: clearly positive when the thumb sticks out beyond
    /// the fist (thumbs up), about 0 or negative when it rests alongside or across the fingers
    /// (fists, ASL A, S, E) or touches their tips (ASL O).
    public var thumbBeyond: Double
    /// How far the thumb tip is above the highest joint of the four fingers (knuckles included), in
    /// hand sizes along image-up; negative when some finger joint is higher. A thumbs up has the
    /// thumb clearly on top; a fist or ASL A held upright has the curled fingers on top.
    public var thumbAbove: Double
    /// The same downward: how far the thumb tip is below the lowest joint of the four fingers.
    public var thumbBelow: Double
    /// Angle between the thumb (MCP to tip) and the hand (wrist to middle knuckle), in degrees:
    /// 50-70 in a thumbs up, 10-35 when the thumb lies alongside the index (ASL A).
    public var thumbHandAngleDegrees: Double
    /// Distance from the thumb tip to the centre of the four fingers' joints, in hand sizes: the
    /// thumb of a thumbs up sticks out of the fist, a resting thumb stays on it.
    public var thumbTipToFist: Double
    /// Distance from the thumb tip to the nearest index or middle finger joint (PIP, DIP or tip),
    /// in hand sizes.
    public var thumbTipToFingers: Double
    /// Distance between the index and middle fingertips, in hand sizes (about 0.3 in a real V sign
    /// whose fingers are only 8 degrees apart).
    public var indexMiddleTipSpread: Double
    /// For index, middle, ring and pinky: fingertip distance from the palm centre over the knuckle's
    /// distance from it. About 1 or less in a fist (tips rest on the palm), 2 or more for a straight
    /// finger; a projection keeps this order, so it works without depth.
    public var palmReach: [Double]
    /// ``thumbAbove`` and ``thumbBelow`` in knuckle spans (index to pinky knuckle) instead of hand
    /// sizes, so that they compare with a span seen in the same projection.
    public var thumbAbovePalmWidths: Double
    /// See ``thumbAbovePalmWidths``.
    public var thumbBelowPalmWidths: Double
    /// Whether the landmarks carry depth (any z not 0); without it every distance is projected.
    public var hasDepth: Bool
    /// Palm normal toward the camera, -1...1 (1 palm faces the camera); meaningful only with z or
    /// a correct handedness.
    public var palmFacing: Double

    /// Names of ``vector`` entries, in order, for model files and reports.
    public static let names: [String] = [
        "ext_thumb", "ext_index", "ext_middle", "ext_ring", "ext_pinky",
        "flex_thumb", "flex_index", "flex_middle", "flex_ring", "flex_pinky",
        "thumb_up", "index_up", "hand_up", "pinch", "spread_index_middle", "thumb_reach", "thumb_out", "palm_facing",
    ]

    /// The features as one vector, in the order of ``names``; flexion in radians so scales are similar.
    public var vector: [Double] {
        fingerExtension + flexionDegrees.map { $0 * .pi / 180 }
            + [
                thumbUp, indexUp, handUp, pinchDistance, indexMiddleSpreadDegrees * .pi / 180, thumbReach, thumbOut,
                palmFacing,
            ]
    }

    /// Computes features from 21 canonical points.
    ///
    /// - Parameter p: Points from ``HandNormalization/canonicalPoints(_:)``.
    public init(canonical p: [Vector3]) {
        precondition(p.count == HandJoint.count, "features need 21 points")
        func ramp(_ v: Double, _ low: Double, _ high: Double) -> Double { min(1, max(0, (v - low) / (high - low))) }
        func dist(_ a: Int, _ b: Int) -> Double { (p[a] - p[b]).length }
        func flexion(_ chain: [Int]) -> Double {
            var total = 0.0
            for i in 1..<(chain.count - 1) {
                total += (p[chain[i]] - p[chain[i - 1]]).angle(to: p[chain[i + 1]] - p[chain[i]])
            }
            return total * 180 / .pi
        }
        var ext: [Double] = []
        var flex: [Double] = []
        // Thumb: chain CMC-MCP-IP-tip.
        // A tucked thumb lies on the middle phalanges of the index or middle finger; an extended
        // one points away from them, with its joints nearly straight.
        let thumbFlex = flexion([1, 2, 3, 4])
        thumbReach = [6, 7, 10, 11, 14, 15].map { dist(4, $0) }.min() ?? 0
        ext.append(0.75 * ramp(thumbReach, 0.32, 0.55) + 0.25 * (1 - ramp(thumbFlex, 40, 100)))
        flex.append(thumbFlex)
        // Without depth (OpenPose, 2D CSV) a finger curled toward the camera still looks straight,
        // so only the tip's reach counts; with depth, straightness helps too.
        let hasDepth = p.contains { $0.z != 0 }
        for finger in [Finger.index, .middle, .ring, .pinky] {
            let j = finger.joints
            let angles = flexion([0] + j)
            let chain = dist(j[0], j[1]) + dist(j[1], j[2]) + dist(j[2], j[3])
            let straightness = chain > 0 ? dist(j[0], j[3]) / chain : 0
            // Tip reach against the knuckle, and against the middle joint: a foreshortened palm
            // fools the first, a finger seen end-on the second; a finger is extended only if both say so.
            let reachKnuckle = dist(0, j[0]) > 0 ? dist(0, j[3]) / dist(0, j[0]) : 0
            let reachMiddle = dist(0, j[1]) > 0 ? dist(0, j[3]) / dist(0, j[1]) : 0
            let reach = min(ramp(reachKnuckle, 1.05, 1.45), ramp(reachMiddle, 0.9, 1.15))
            ext.append(hasDepth ? 0.6 * reach + 0.4 * ramp(straightness, 0.55, 0.9) : reach)
            flex.append(angles)
        }
        let palmCentre = (p[0] + p[5] + p[9] + p[13] + p[17]) / 5
        palmReach = [Finger.index, .middle, .ring, .pinky].map { finger in
            let j = finger.joints
            let knuckle = (p[j[0]] - palmCentre).length
            return knuckle > 0 ? (p[j[3]] - palmCentre).length / knuckle : 0
        }
        let thumbAxis = (p[4] - p[2]).normalized
        let fingerJoints = Array(6...8) + Array(10...12) + Array(14...16) + Array(18...20)
        let farthestFinger = fingerJoints.map { p[$0].dot(thumbAxis) }.max() ?? 0
        thumbBeyond = p[4].dot(thumbAxis) - farthestFinger
        thumbHandAngleDegrees = (p[4] - p[2]).angle(to: p[9] - p[0]) * 180 / .pi
        thumbTipToFist = (p[4] - (5...20).reduce(Vector3.zero) { $0 + p[$1] } / 16).length
        let fingerHeights = (5...20).map { p[$0].y }
        thumbAbove = p[4].y - (fingerHeights.max() ?? 0)
        thumbBelow = (fingerHeights.min() ?? 0) - p[4].y
        let knuckleSpan = dist(5, 17)
        thumbAbovePalmWidths = knuckleSpan > 0 ? thumbAbove / knuckleSpan : 0
        thumbBelowPalmWidths = knuckleSpan > 0 ? thumbBelow / knuckleSpan : 0
        self.hasDepth = hasDepth
        thumbTipToFingers = [6, 7, 8, 10, 11, 12].map { dist(4, $0) }.min() ?? 0
        indexMiddleTipSpread = dist(8, 12)
        self.fingerExtension = ext
        self.flexionDegrees = flex
        let up = Vector3(0, 1, 0)
        func upCosine(_ a: Int, _ b: Int) -> Double {
            let v = p[b] - p[a]
            let planar = Vector3(v.x, v.y, 0)
            return planar.length > 0 ? planar.normalized.dot(up) : 0
        }
        thumbUp = upCosine(2, 4)
        indexUp = upCosine(5, 8)
        handUp = upCosine(0, 9)
        pinchDistance = dist(4, 8)
        indexMiddleSpreadDegrees = (p[8] - p[5]).angle(to: p[12] - p[9]) * 180 / .pi
        let span = p[5] - p[17]
        thumbOut = span.length > 0 ? (p[4] - p[5]).dot(span.normalized) / span.length : 0
        let normal = (p[5] - p[0]).cross(p[17] - p[0])
        palmFacing = normal.length > 0 ? normal.z / normal.length : 0
    }

    /// Computes features for a hand, or nil when it is incomplete or degenerate.
    ///
    /// - Parameters:
    ///   - hand: The hand.
    ///   - normalization: Image size, units and declared rotation.
    public init?(hand: Hand, normalization: HandNormalization) {
        guard let points = normalization.canonicalPoints(hand) else { return nil }
        self.init(canonical: points)
    }
}
