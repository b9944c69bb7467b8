import Foundation

/// A k = 3 nearest-neighbour check of the rules' fist-like answers for hands without depth.
///
/// Without z, a thumbs up seen from the knuckle side projects its thumb onto the curled fingers,
/// and the rules miss 11-37 % of thumbs up (18-43 % of thumbs down) while fists and ASL letters
/// with a raised thumb are named thumbs up up to 20 % of the time on shifted hands. The arbiter
/// compares the hand's 42 canonical 2-D coordinates (``HandNormalization/canonicalPoints(_:)``:
/// wrist at the origin, hand size 1, right-hand chirality; z ignored) with reference hands by
/// squared Euclidean distance, and names the hand thumbs up (down) only when **all three** nearest
/// reference hands are thumbs up (down); anything else is a closed fist.
///
/// It is consulted only by ``ArbitratedClassifier``, only for hands without depth (every z is 0),
/// and only when the rules answer closed fist, thumbs up or thumbs down; every other answer, and
/// every hand with z, is left exactly as the rules give it.
///
/// MedGestures holds no reference hands. The shipped set (`ThumbArbiter.generated()` in
/// MedSynthetic) is drawn from generated hands only, with the rules' gate applied; it was evaluated
/// on fresh seeds, shifted generators (other cameras, noise, finger and thumb proportions, thumb
/// roll and yaw) and Google's MediaPipe fixtures. On real 2-D webcam rows (the `keypoint.csv`
/// fixtures) many hands lie far from every reference hand, and there its vote was wrong more often
/// than right; ``consult(_:)`` gives the nearest distance so that ``ArbitratedClassifier`` can let
/// the rules decide for such hands.
///
/// Queries are a brute-force scan over contiguous `Float` storage (48 floats per hand, the last 6
/// zero; a tight unsafe loop), without allocation; equal distances keep the lower reference index.
public struct ThumbArbiter: Sendable {
    /// What a reference hand is, for the vote.
    public enum Label: UInt8, Sendable {
        /// A closed fist, an ASL letter, or any other fist-like hand.
        case other = 0
        /// A thumbs up.
        case thumbsUp = 1
        /// A thumbs down.
        case thumbsDown = 2
    }

    /// Floats stored per hand: 42 coordinates padded to three SIMD16 lanes.
    static let stride = 48

    private let storage: Storage

    /// The number of reference hands (builds a lazy arbiter).
    public var count: Int { storage.built.labels.count }

    /// Creates an arbiter from reference hands.
    ///
    /// - Parameters:
    ///   - coordinates: 42 floats per hand, x0, y0, x1, y1, ... x20, y20 in the canonical frame.
    ///   - labels: One label per hand.
    /// - Throws: ``GestureError`` (`invalidArgument`) when the counts disagree, there are fewer than
    ///   three hands, or a coordinate is not finite.
    public init(coordinates: [Float], labels: [Label]) throws(GestureError) {
        storage = Storage(built: try Built(coordinates: coordinates, labels: labels))
    }

    /// Creates an arbiter whose reference hands are built on first use (once, thread-safe).
    ///
    /// - Parameter build: Builds the arbiter; called at most once.
    public init(lazy build: @escaping @Sendable () -> ThumbArbiter) {
        storage = Storage(build: build)
    }

    /// Whether the arbiter's reference hands have been built.
    public var isBuilt: Bool { storage.isBuilt }

    /// The arbiter's verdict for canonical points: thumbs up or down when all three nearest
    /// reference hands agree, otherwise closed fist (also for points that are not finite).
    ///
    /// - Parameter points: 21 canonical points (z ignored).
    /// - Returns: ``Gesture/thumbsUp``, ``Gesture/thumbsDown`` or ``Gesture/closedFist``.
    public func verdict(_ points: [Vector3]) -> Gesture {
        consult(points).verdict
    }

    /// The verdict of ``verdict(_:)`` and the Euclidean distance to the nearest reference hand, in
    /// hand sizes over the 42 canonical coordinates (infinity for points that are not finite).
    ///
    /// The distance says how much the query looks like any reference hand at all: a hand unlike
    /// every generated hand (a real pose the generator does not make) is far from all of them.
    ///
    /// - Parameter points: 21 canonical points (z ignored).
    /// - Returns: The verdict and the nearest distance.
    public func consult(_ points: [Vector3]) -> (verdict: Gesture, distance: Double) {
        precondition(points.count == 21, "ThumbArbiter needs 21 points")
        let built = storage.built
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.stride) { query in
            for i in 0..<21 {
                query[2 * i] = Float(points[i].x)
                query[2 * i + 1] = Float(points[i].y)
            }
            for i in 42..<Self.stride { query[i] = 0 }
            let (a, b, c, nearest) = built.nearest3(UnsafeBufferPointer(query))
            // A query with a non-finite coordinate has no finite distance to any hand: no verdict.
            guard c >= 0 else { return (.closedFist, .infinity) }
            let distance = Double(nearest).squareRoot()
            let first = built.labels[a]
            guard first != .other, built.labels[b] == first, built.labels[c] == first else {
                return (.closedFist, distance)
            }
            return (first == .thumbsUp ? .thumbsUp : .thumbsDown, distance)
        }
    }

    /// Reference hands in padded contiguous storage.
    struct Built: Sendable {
        let coordinates: [Float]
        let labels: [Label]

        init(coordinates: [Float], labels: [Label]) throws(GestureError) {
            guard coordinates.count == 42 * labels.count, labels.count >= 3 else {
                throw GestureError(
                    .invalidArgument,
                    reason:
                        "ThumbArbiter needs 42 coordinates per hand and at least 3 hands; got \(coordinates.count) coordinates for \(labels.count) labels"
                )
            }
            if let bad = coordinates.firstIndex(where: { !$0.isFinite }) {
                throw GestureError(
                    .invalidArgument,
                    reason: "ThumbArbiter reference hand \(bad / 42), coordinate \(bad % 42) is not finite")
            }
            var padded = [Float](repeating: 0, count: labels.count * ThumbArbiter.stride)
            for h in 0..<labels.count {
                for i in 0..<42 { padded[h * ThumbArbiter.stride + i] = coordinates[h * 42 + i] }
            }
            self.coordinates = padded
            self.labels = labels
        }

        /// Indices of the three nearest hands, nearest first (equal distances keep the lower index),
        /// and the squared distance to the nearest.
        func nearest3(_ query: UnsafeBufferPointer<Float>) -> (Int, Int, Int, Float) {
            let q = query.baseAddress!
            var (d0, d1, d2) = (Float.infinity, Float.infinity, Float.infinity)
            var (i0, i1, i2) = (-1, -1, -1)
            coordinates.withUnsafeBufferPointer { all in
                var hand = all.baseAddress!
                for h in 0..<labels.count {
                    // A tight loop over 48 floats (the last 6 zero in both), four lanes of partial
                    // sums; the optimizer vectorizes it, and it stays fast in debug builds.
                    var (a, b, c, e): (Float, Float, Float, Float) = (0, 0, 0, 0)
                    var i = 0
                    while i < ThumbArbiter.stride {
                        let da = hand[i] - q[i]
                        let db = hand[i + 1] - q[i + 1]
                        let dc = hand[i + 2] - q[i + 2]
                        let de = hand[i + 3] - q[i + 3]
                        a += da * da
                        b += db * db
                        c += dc * dc
                        e += de * de
                        i += 4
                    }
                    let d = (a + b) + (c + e)
                    hand += ThumbArbiter.stride
                    // Strictly smaller only: an equal distance keeps the earlier (lower) index.
                    if d < d2 {
                        if d < d1 {
                            (d2, i2) = (d1, i1)
                            if d < d0 {
                                (d1, i1) = (d0, i0)
                                (d0, i0) = (d, h)
                            } else {
                                (d1, i1) = (d, h)
                            }
                        } else {
                            (d2, i2) = (d, h)
                        }
                    }
                }
            }
            return (i0, i1, i2, d0)
        }
    }

    /// Built reference hands, or a builder run once on first use.
    final class Storage: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Built?
        private var build: (@Sendable () -> ThumbArbiter)?

        init(built: Built) { value = built }
        init(build: @escaping @Sendable () -> ThumbArbiter) { self.build = build }

        var isBuilt: Bool { lock.withLock { value != nil } }

        var built: Built {
            lock.withLock {
                if let value { return value }
                let made = build!().storage.built
                value = made
                build = nil
                return made
            }
        }
    }
}
