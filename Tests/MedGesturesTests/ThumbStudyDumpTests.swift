import Foundation
import MedGestures
import MedSynthetic
import Testing

/// Dumps for the 2-D thumbs up study (diagnosis, not assertions), read by
/// `Benchmarks/gestures/thumb_study.py`:
///
/// - `THUMB_VIEWS_CSV=/tmp/views.csv swift test --filter ThumbStudyDumpTests/views`: every
///   generated thumbs up/down, fist and ASL A without z next to the view it was seen from (taken
///   from its 3-D twin: the palm plane's and the hand axis's angle to the camera), and the same for
///   Google's fixtures.
/// - `THUMB_ARBITER_CSV=/tmp/arbiter.csv swift test --filter ThumbStudyDumpTests/arbiter`: the
///   canonical 2-D points and the rules' answer for a training set (10 seeds), fresh seeds, other
///   cameras (focal 300 and 1200 px, tracker noise doubled, 1280x720, pixels), shifted hands
///   (fingers and thumb 15 % shorter or longer than the palm, other thumb roll and yaw ranges) and
///   Google's fixtures; `THUMB_ARBITER_DEPTH=1` draws the same with z.
@Suite("Thumbs up study dumps")
struct ThumbStudyDumpTests {
    static let canonical = HandNormalization(imageSize: ImageSize(width: 640, height: 480))

    @Test("Dump views", .disabled(if: ProcessInfo.processInfo.environment["THUMB_VIEWS_CSV"] == nil, "diagnosis only"))
    func views() throws {
        var out = "seed,label,left,palm_z,axis_z,predicted_2d,predicted_3d\n"
        func view(_ p: [Vector3]) -> (Double, Double) {
            ((p[5] - p[0]).cross(p[17] - p[0]).normalized.z, (p[9] - p[0]).normalized.z)
        }
        for fixture in GoogleFixtures.cases {
            let hand = try #require(GoogleFixtures.sequence(fixture.file, depth: true).frames.first?.hands.first)
            let norm = HandNormalization(
                imageSize: ImageSize(width: 640, height: 480), imageRotationDegrees: fixture.rotation)
            let v = view(try #require(norm.canonicalPoints(hand)))
            out += "0,\(fixture.file),0,\(v.0),\(v.1),-,-\n"
        }
        for seed: UInt64 in [12, 901, 902] {
            // The generator draws the same numbers with and without depth: the 3-D twin is the same hand.
            var flat = RealisticHands(seed: seed, camera: .init(depth: false))
            var deep = RealisticHands(seed: seed, camera: .init(depth: true))
            let labels = ["thumbs_up", "thumbs_down", "closed_fist", "asl_a"]
            for (a, b) in zip(flat.samples(labels, count: 600), deep.samples(labels, count: 600)) {
                guard let p = Self.canonical.canonicalPoints(b.hand) else { continue }
                let v = view(p)
                let predicted = [a, b].map {
                    HandFeatures(hand: $0.hand, normalization: Self.canonical).map(RuleClassifier().predict)?.gesture
                        ?? .none
                }
                out +=
                    "\(seed),\(a.label),\(a.hand.handedness == .left ? 1 : 0),\(v.0),\(v.1),"
                    + "\(predicted[0].rawValue),\(predicted[1].rawValue)\n"
            }
        }
        try out.write(toFile: ProcessInfo.processInfo.environment["THUMB_VIEWS_CSV"]!, atomically: true, encoding: .utf8)
    }

    @Test(
        "Dump arbiter sets", .disabled(if: ProcessInfo.processInfo.environment["THUMB_ARBITER_CSV"] == nil, "diagnosis only"))
    func arbiter() throws {
        let depth = ProcessInfo.processInfo.environment["THUMB_ARBITER_DEPTH"] != nil
        var out = "set,seed,label,left,predicted," + (0..<21).map { "x\($0),y\($0)" }.joined(separator: ",") + "\n"
        let labels = ["thumbs_up", "thumbs_down", "closed_fist"] + RealisticHands.letters
        let others = ["open_palm", "pointing_up", "victory", "victory_narrow", "ok", "i_love_you", "none"]
        let base = RealisticHands.Camera(depth: depth)
        func shifted(_ change: (inout RealisticHands.Shift) -> Void) -> RealisticHands.Shift {
            var shift = RealisticHands.Shift()
            change(&shift)
            return shift
        }
        let none = RealisticHands.Shift()
        let sets: [(String, RealisticHands.Camera, [UInt64], Int, RealisticHands.Shift)] = [
            ("train", base, Array(3000...3009), 200, none),
            ("seeds", base, Array(4000...4004), 200, none),
            ("focal300", .init(focal: 300, depth: depth), [4100, 4101], 300, none),
            ("focal1200", .init(focal: 1200, depth: depth), [4110, 4111], 300, none),
            ("noise2x", .init(depth: depth, noise: 2.4), [4120, 4121], 300, none),
            ("hd1280", .init(imageSize: ImageSize(width: 1280, height: 720), focal: 1000, depth: depth), [4130, 4131], 300, none),
            (
                "pixels", .init(imageSize: ImageSize(width: 1280, height: 720), focal: 1000, depth: depth, pixels: true, noise: 2),
                [4140, 4141], 300, none
            ),
            ("fingers0.85", base, [4200, 4201], 300, shifted { $0.fingerScale = 0.85 }),
            ("fingers1.15", base, [4210, 4211], 300, shifted { $0.fingerScale = 1.15 }),
            ("roll-90..160", base, [4220, 4221], 300, shifted { $0.thumbRoll = -90...160 }),
            ("roll60..130", base, [4230, 4231], 300, shifted { $0.thumbRoll = 60...130 }),
            ("yaw-60..60", base, [4240, 4241], 300, shifted { $0.thumbYaw = -60...60 }),
        ]
        func row(_ set: String, _ seed: UInt64, _ label: String, _ left: Bool, _ p: [Vector3]) -> String {
            let predicted = RuleClassifier().predict(HandFeatures(canonical: p)).gesture
            return "\(set),\(seed),\(label),\(left ? 1 : 0),\(predicted.rawValue),"
                + p.flatMap { [$0.x, $0.y] }.map { String(format: "%.5f", $0) }.joined(separator: ",") + "\n"
        }
        for (name, camera, seeds, count, shift) in sets {
            for seed in seeds {
                var generator = RealisticHands(seed: seed, camera: camera)
                generator.shift = shift
                let norm = HandNormalization(
                    imageSize: camera.imageSize, coordinateSpace: camera.pixels ? .pixels : .normalized)
                for s in generator.samples(labels, count: count) + generator.samples(others, count: count / 4) {
                    guard let p = norm.canonicalPoints(s.hand) else { continue }
                    out += row(name, seed, s.label, s.hand.handedness == .left, p)
                }
            }
        }
        for fixture in GoogleFixtures.cases {
            let hand = try #require(GoogleFixtures.sequence(fixture.file, depth: depth).frames.first?.hands.first)
            for size in [ImageSize(width: 640, height: 480), ImageSize(width: 480, height: 640)] {
                let norm = HandNormalization(imageSize: size, imageRotationDegrees: fixture.rotation)
                out += row("google", 0, fixture.gesture.rawValue, false, try #require(norm.canonicalPoints(hand)))
            }
        }
        try out.write(toFile: ProcessInfo.processInfo.environment["THUMB_ARBITER_CSV"]!, atomically: true, encoding: .utf8)
    }
}
