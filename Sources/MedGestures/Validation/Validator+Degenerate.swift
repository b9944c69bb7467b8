import Foundation

extension Validator {
    /// The least ratio of the hand's minor to major axis (standard deviations of the 21 image points
    /// along their principal axes) below which the points lie on a line: an error below
    /// ``degenerateLineRatio``, a warning below ``thinLineRatio``. The 1,107 real webcam rows
    /// measure 0.18 or more (1st percentile 0.33).
    static let degenerateLineRatio = 0.01
    /// See ``degenerateLineRatio``.
    static let thinLineRatio = 0.05
    /// The least hand size (palm distances, ``HandNormalization/handSize(_:)``) relative to the
    /// hand's extent (largest spread of its points along x or y) below which the palm has collapsed:
    /// the 1,107 real webcam rows measure 0.45 or more.
    static let collapsedPalmRatio = 0.05

    /// A hand whose points a real tracker never emits but a broken export does: every point at one
    /// place, a palm of (nearly) zero size, or every point on a line. Classification of such a hand
    /// would be meaningless (features divide by the palm and take angles between its points), so all
    /// but a nearly straight line are errors.
    ///
    /// Measured on the image x and y (aspect-corrected when the image size is known), not z: a point
    /// cloud flat in the image is flat to every 2-D classifier.
    ///
    /// - Returns: Severity, the landmark to point at (if one) and a sentence, or nil for a plausible hand.
    func degenerateHand(_ hand: Hand, sequence: LandmarkSequence)
        -> (ValidationIssue.Severity, Int?, String)?
    {
        guard let landmarks = hand.completeLandmarks, landmarks.count == HandJoint.count,
            landmarks.allSatisfy(\.isFinite)
        else { return nil }
        let (sx, sy): (Double, Double) =
            if sequence.coordinateSpace == .normalized, let size = sequence.imageSize {
                (size.width, size.height)
            } else { (1, 1) }
        let points = landmarks.map { Vector3($0.x * sx, $0.y * sy, 0) }
        let xs = points.map(\.x)
        let ys = points.map(\.y)
        let extent = max((xs.max() ?? 0) - (xs.min() ?? 0), (ys.max() ?? 0) - (ys.min() ?? 0))
        guard extent > 0 else {
            return (.error, nil, "all 21 points at one place (\(format(landmarks[0].x)), \(format(landmarks[0].y)))")
        }
        let palm = HandNormalization.handSize(points)
        if palm < Self.collapsedPalmRatio * extent {
            return (
                .error, 0,
                "palm collapsed: wrist and knuckles (0, 5, 9, 17) span \(format(palm / extent)) of the hand's extent"
                    + " (real hands 0.45 or more)"
            )
        }
        let n = Double(points.count)
        let mx = xs.reduce(0, +) / n
        let my = ys.reduce(0, +) / n
        var (cxx, cyy, cxy) = (0.0, 0.0, 0.0)
        for p in points {
            cxx += (p.x - mx) * (p.x - mx)
            cyy += (p.y - my) * (p.y - my)
            cxy += (p.x - mx) * (p.y - my)
        }
        // Eigenvalues of the 2x2 covariance: the variances along the principal axes.
        let half = (cxx + cyy) / 2
        let root = ((cxx - cyy) * (cxx - cyy) / 4 + cxy * cxy).squareRoot()
        let ratio = (max(half - root, 0) / (half + root)).squareRoot()
        if ratio < Self.degenerateLineRatio {
            return (.error, nil, "all 21 points on a line (minor to major axis \(format(ratio)); real hands 0.18 or more)")
        }
        if ratio < Self.thinLineRatio {
            return (
                .warning, nil,
                "the 21 points lie nearly on a line (minor to major axis \(format(ratio)); real hands 0.18 or more)"
            )
        }
        return nil
    }
}
