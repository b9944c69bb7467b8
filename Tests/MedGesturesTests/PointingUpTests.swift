import Foundation
import MedGestures
import MedSynthetic
import Testing

/// What "pointing up" means for a tilted index: the index (MCP to tip) within about 55 degrees of
/// image-up, or within 70 when the hand itself is upright (wrist to middle knuckle within about 45
/// degrees). Real pointing up often leans out of an upright hand (DarelJamesNarvasa's rows: index
/// 57-68 degrees from image-up, hand 1-19); a hand turned sideways with its index along it, or an
/// index 75 degrees or more from image-up, points sideways (Kazuhito00's "Pointer" cursor points
/// every way; Google's rotated pointing-up fixture lies 90 degrees from image-up and is Pointing_Up
/// only with the declared rotation).
@Suite("Pointing up with a tilted index")
struct PointingUpTests {
    static func angle(_ v: Vector3) -> Double { atan2(v.x, v.y) * 180 / .pi }  // clockwise from image-up

    /// Generated pointing-up hands (the evaluation set's pose and view distribution) turned upright
    /// (wrist to middle knuckle along image-up), with the index (landmarks 6-8) swung about its
    /// knuckle in the image plane so that it lies `degrees` from image-up, alternately to the left
    /// and to the right: the real rows' pose.
    static func leaning(degrees: Double, seed: UInt64, count: Int) -> [[Vector3]] {
        var generator = RealisticHands(seed: seed)
        return (0..<count).map { k in
            let w = generator.person(generator.world("pointing_up"))
            let upright = RotatedFistTests.turned(w, degrees: angle(w[9] - w[0]))
            let target = k.isMultiple(of: 2) ? degrees : -degrees
            let swing = angle(upright[8] - upright[5]) - target
            let knuckle = upright[5]
            let index = RotatedFistTests.turned((6...8).map { upright[$0] - knuckle }, degrees: swing)
            var result = upright
            for (j, p) in zip(6...8, index) { result[j] = p + knuckle }
            return result
        }
    }

    /// Generated pointing-up hands turned as a whole so that the index lies `degrees` from image-up.
    static func turned(degrees: Double, seed: UInt64, count: Int) -> [[Vector3]] {
        var generator = RealisticHands(seed: seed)
        return (0..<count).map { k in
            let w = generator.person(generator.world("pointing_up"))
            let target = k.isMultiple(of: 2) ? degrees : -degrees
            return RotatedFistTests.turned(w, degrees: angle(w[8] - w[5]) - target)
        }
    }

    static func pointingUp(_ worlds: [[Vector3]], depth: Bool) -> Int {
        RotatedFistTests.answers(worlds, depth: depth, classifier: RuleClassifier()).filter { $0 == .pointingUp }.count
    }

    // Before (index within about 55 degrees whatever the hand): 0 of 100 at 60 and at 65 degrees,
    // with and without z.
    @Test("An index leaning up to 65 degrees out of an upright hand is pointing up, with and without z", arguments: [
        0.0, 30, 50, 60, 65,
    ])
    func leaningIndex(degrees: Double) {
        let worlds = Self.leaning(degrees: degrees, seed: 950, count: 100)
        for depth in [true, false] {
            let n = Self.pointingUp(worlds, depth: depth)
            #expect(n >= 95, "\(degrees) degrees, depth \(depth): \(n) of 100")
        }
    }

    @Test("An index 80 degrees or more from image-up is not pointing up, leaning or turned with the hand", arguments: [
        80.0, 90, 120, 180,
    ])
    func sidewaysIndex(degrees: Double) {
        for worlds in [
            Self.leaning(degrees: degrees, seed: 951, count: 100), Self.turned(degrees: degrees, seed: 952, count: 100),
        ] {
            for depth in [true, false] {
                #expect(Self.pointingUp(worlds, depth: depth) == 0, "\(degrees) degrees, depth \(depth)")
            }
        }
    }

    @Test("A hand turned sideways with the index along it (65 degrees from image-up) is not pointing up")
    func turnedHand() {
        let worlds = Self.turned(degrees: 65, seed: 953, count: 100)
        for depth in [true, false] {
            let n = Self.pointingUp(worlds, depth: depth)
            #expect(n <= 5, "depth \(depth): \(n) of 100")
        }
    }
}
