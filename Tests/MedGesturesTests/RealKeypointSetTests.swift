import Foundation
import MedGestures
import MedSynthetic
import Testing

/// Recall per real source and class on 2-D webcam rows (`keypoint.csv` of hand-gesture-recognition-
/// using-mediapipe derivatives), with the rules alone and with `medprep`'s default for 2-D input
/// (rules + ``ThumbArbiter``). Bars where they are met (recall >= 0.90, thumbs up >= 0.95); where a
/// bar is not met, the floor is today's value and the comment names the gap. Tuning sources (looked
/// at while changing the arbiter): 0xSamantha (with Kazuhito00's fists) and Bagavathisingh, and
/// Kazuhito00's other fists for the thumbs up distance; held out (scored only at the end):
/// H2NsayHi, FaisalTamanoJr, 21lakshh, DarelJamesNarvasa and the letters of the sign-language sets;
/// in the second round (rules and arbiter gates) Kazuhito00's fists were tuning too, and Baron105,
/// LeTiepTuyen and Dwight-Schrutee were held out.
@Suite("Real keypoint.csv recordings, 2-D")
struct RealKeypointSetTests {
    static let arbitrated = ArbitratedClassifier(arbiter: ThumbArbiter.generated())

    struct Bar: Sendable, CustomStringConvertible {
        var source: String
        /// The class index in the source's label file.
        var classIndex: Int
        var gesture: Gesture
        var rules: Double
        var standard: Double
        /// Count only rows whose index (MCP to tip, in the file's own coordinates) points within
        /// 70 degrees of image-up (``PointingUpTests``): for sources whose pointing class points every way.
        var uprightIndexOnly = false
        var description: String { "\(source) class \(classIndex)" }
    }

    /// The angle of each row's index (landmark 5 to 8) from image-up, in degrees, from the raw points
    /// as read (y down), not from the classifier's features.
    static func indexAngles(_ source: String) throws -> [Double] {
        try RealKeypointSets.read(source).frames.map { frame in
            guard let hand = frame.hands.first, let a = hand.landmarks[5], let b = hand.landmarks[8] else { return 180 }
            return abs(atan2(b.x - a.x, a.y - b.y)) * 180 / .pi
        }
    }

    static let bars: [Bar] = [
        // Held out.
        Bar(source: "H2NsayHi__Play-Buckshot-Roulette-by-Hand-Gesture-by-MediaPipe", classIndex: 5, gesture: .thumbsUp,
            rules: 0.95, standard: 0.95),
        Bar(source: "H2NsayHi__Play-Buckshot-Roulette-by-Hand-Gesture-by-MediaPipe", classIndex: 6,
            gesture: .thumbsDown, rules: 0.90, standard: 0.90),
        Bar(source: "FaisalTamanoJr__Jarvis-Project", classIndex: 4, gesture: .closedFist, rules: 0.95, standard: 0.95),
        Bar(source: "21lakshh__SignSync", classIndex: 6, gesture: .thumbsUp, rules: 0.95, standard: 0.95),
        Bar(source: "DarelJamesNarvasa__asl-sign-language-augmented-reality", classIndex: 0, gesture: .thumbsUp,
            rules: 0.95, standard: 0.95),
        // Held out in the second round (harvest2's sources, scored once at the end; default before
        // the second round in brackets): Baron105 thumbs up 1.000 (0.710: 9 standing clear, vetoed
        // by generated fists), thumbs down 0.967 (1 open palm), fists 0.967 (0.867: 3 turned fists
        // with the thumb sideways called thumbs down; 1 OK remains).
        Bar(source: "Baron105__Hand-Gestures-on-Raspberry-Pi", classIndex: 0, gesture: .thumbsUp, rules: 0.95,
            standard: 0.95),
        Bar(source: "Baron105__Hand-Gestures-on-Raspberry-Pi", classIndex: 1, gesture: .thumbsDown, rules: 0.90,
            standard: 0.90),
        Bar(source: "Baron105__Hand-Gestures-on-Raspberry-Pi", classIndex: 2, gesture: .closedFist, rules: 0.95,
            standard: 0.95),
        // LeTiepTuyen: fists 0.967 (1 none), thumbs up 0.967 (1.000 before: one thumb tip only 0.43
        // hand sizes from the index and middle joints now falls short of standing clear), thumbs down 1.000.
        Bar(source: "LeTiepTuyen__mediapipe-gesture-classifier", classIndex: 1, gesture: .closedFist, rules: 0.95,
            standard: 0.95),
        Bar(source: "LeTiepTuyen__mediapipe-gesture-classifier", classIndex: 4, gesture: .thumbsUp, rules: 0.95,
            standard: 0.95),
        Bar(source: "LeTiepTuyen__mediapipe-gesture-classifier", classIndex: 5, gesture: .thumbsDown, rules: 0.90,
            standard: 0.90),
        // Held out, never looked at while changing the classifier (harvest2's last sources, scored
        // once after the second round): all 100 %, rules alone and default.
        Bar(source: "jwelo__puffin_hand_gesture", classIndex: 0, gesture: .closedFist, rules: 0.95, standard: 0.95),
        Bar(source: "jwelo__puffin_hand_gesture", classIndex: 3, gesture: .thumbsUp, rules: 0.95, standard: 0.95),
        Bar(source: "satwikchalasani__EvilRPS", classIndex: 1, gesture: .closedFist, rules: 0.95, standard: 0.95),
        Bar(source: "BobbyBezos__AI-CoDrone-Hand-Gesture-Controller", classIndex: 1, gesture: .closedFist, rules: 0.95,
            standard: 0.95),
        Bar(source: "SesayMB__CIS463Robitics3", classIndex: 0, gesture: .pointingUp, rules: 0.90, standard: 0.90),
        // Pointing up: the index within 70 degrees of image-up from an upright hand (`PointingUpTests`).
        // Kazuhito00's "Pointer" is a cursor that points every way: only its upright rows count (9 of
        // 29; the others point sideways, 75-87 degrees, or down). Before: 8 of 9.
        Bar(source: "Kazuhito00__hand-gesture-recognition-using-mediapipe", classIndex: 2, gesture: .pointingUp,
            rules: 0.90, standard: 0.90, uprightIndexOnly: true),
        // DarelJamesNarvasa's "Pointer" points up-left and up-right (up to 68 degrees): gap (bar 0.90): 8 of 9 (6 before), one row reads victory (its middle finger half out).
        Bar(source: "DarelJamesNarvasa__asl-sign-language-augmented-reality", classIndex: 2, gesture: .pointingUp,
            rules: 0.88, standard: 0.88),
        // Gap (thumbs up bar 0.95): Dwight-Schrutee 25 of 30, unchanged by the second round: 2 fists
        // (thumb tip 0.14-0.41 hand sizes from the index and middle joints), 2 none and 1 open palm
        // (fingers read as extended).
        Bar(source: "Dwight-Schrutee__Hand-gesture-recognition", classIndex: 4, gesture: .thumbsUp, rules: 0.83,
            standard: 0.83),
        // Held out in the third round (harvest3's sources, merged after the changes and scored once;
        // every one the same before and after them, rules alone and default; no thumbs up on any other
        // class, the ASL A, E, S and T of Bikrm10, Capstone-Project-SE17C01 and Insitee included).
        Bar(source: "0Aditya-Singhal0__mediapipe-hand-gesture-recognition", classIndex: 3, gesture: .thumbsUp,
            rules: 0.95, standard: 0.95),
        Bar(source: "Ahayat10__HandGesture", classIndex: 0, gesture: .pointingUp, rules: 0.90, standard: 0.90),
        Bar(source: "DarylTeh__CSIT321", classIndex: 0, gesture: .pointingUp, rules: 0.90, standard: 0.90),
        Bar(source: "HungNguyenPhuc__hand-gesture-recognition-mediapipe", classIndex: 1, gesture: .pointingUp,
            rules: 0.90, standard: 0.90),
        Bar(source: "GOUTHAM183__Hand-Gesture-Recognition-for-Differently-abled-People", classIndex: 4,
            gesture: .thumbsUp, rules: 0.95, standard: 0.95),
        Bar(source: "Hamshika06__Echo-of-hands", classIndex: 5, gesture: .closedFist, rules: 0.95, standard: 0.95),
        Bar(source: "Hamshika06__Echo-of-hands", classIndex: 11, gesture: .iLoveYou, rules: 0.90, standard: 0.90),
        Bar(source: "Hamshika06__Echo-of-hands", classIndex: 13, gesture: .thumbsDown, rules: 0.90, standard: 0.90),
        Bar(source: "Human-Robot-Interaction-Course-SP2425__ShainaF", classIndex: 5, gesture: .iLoveYou, rules: 0.90,
            standard: 0.90),
        // Gap (thumbs up bar 0.95): 15 of 20. The 5 fists hold the fist pointing up (hand 0.96-1.00
        // cosine to image-up) with the thumb along it (17-20 degrees from the hand, tip only 0.07-0.10
        // hand sizes above the top finger joint, not pointing more up than the hand), though 0.70-0.73
        // from the index and middle joints and 0.91-0.95 from the fist's centre.
        Bar(source: "Hamshika06__Echo-of-hands", classIndex: 2, gesture: .thumbsUp, rules: 0.75, standard: 0.75),
        // Gap (bar 0.90): 10 of 19. "Bad" is a thumb pointing down-left, 22-53 degrees below the
        // horizontal (its SOURCE.md calls it a hard case); the 9 fists point 55-68 degrees from
        // image-down, beyond the thumbs-down direction rule's 0.5 point (about 55 degrees).
        Bar(source: "Human-Robot-Interaction-Course-SP2425__ShainaF", classIndex: 8, gesture: .thumbsDown, rules: 0.52,
            standard: 0.52),
        // Tuning (its 2 tilted fists read as thumbs up set the rule that a thumb on top of the fist
        // must stand clear of the fingers): 21 of 21 (19 before).
        Bar(source: "Kazuhito00__hand-gesture-recognition-using-mediapipe", classIndex: 1, gesture: .closedFist,
            rules: 0.95, standard: 0.95),
        // Tuning: 38 of 39 (the arbiter no longer vetoes a thumb standing clear above the fist; 35
        // before); the rules call 1 none (thumb 8 degrees from the hand, the index looks half out).
        Bar(source: "0xSamantha__hand-gesture-recognition", classIndex: 4, gesture: .thumbsUp, rules: 0.95,
            standard: 0.95),
        // Gap: Kazuhito00's fists turn through 360 degrees; the rules call 3 of 22 none and 1
        // pointing up (the index half uncurled, its tip 1.4-2.1 knuckle distances from the palm's
        // centre). The arbiter's 2 thumbs down (thumb pointing sideways) are gone: 18 of 22.
        Bar(source: "0xSamantha__hand-gesture-recognition", classIndex: 1, gesture: .closedFist, rules: 0.81,
            standard: 0.81),
        // Gap: 3 of the 40 rows are the hand still moving into the pose with the index finger up
        // (pointing up is what they show) and 1 a fist; thumbs up bar 0.95 not met.
        Bar(source: "Bagavathisingh__Ai_Gesture_Recognizer", classIndex: 1, gesture: .thumbsUp, rules: 0.90,
            standard: 0.90),
        // Gap (rules alone): side-on thumbs down read as fists; the arbiter recovers them.
        Bar(source: "Bagavathisingh__Ai_Gesture_Recognizer", classIndex: 2, gesture: .thumbsDown, rules: 0.82,
            standard: 0.90),
    ]

    /// Predictions for one source's poses, by class index.
    static func predictions(_ source: String, classifier: any GestureClassifier) throws -> [(Int, Gesture, Gesture)]
    {
        let sequence = try RealKeypointSets.read(source)
        let names = sequence.frames.compactMap { $0.hands.first?.label }
        let rows = try String(contentsOfFile: RealKeypointSets.path(source), encoding: .utf8)
            .split(separator: "\n").map { Int($0.prefix { $0 != "," }) ?? -1 }
        #expect(rows.count == names.count)
        let normalization = HandNormalization(for: sequence)
        let overrides = RealKeypointSets.overrides[source] ?? [:]
        return zip(rows, LabelledPoses.poses(in: sequence, aliases: RealKeypointSets.aliases)).map { row, pose in
            (
                row, overrides[row] ?? pose.gesture,
                classifier.predict(pose.hand, normalization: normalization)?.gesture ?? .none
            )
        }
    }

    @Test("Recall per source and class, rules alone and rules + arbiter (default)", arguments: bars)
    func recall(bar: Bar) throws {
        for (name, classifier, floor) in [
            ("rules", RuleClassifier() as any GestureClassifier, bar.rules), ("default", Self.arbitrated, bar.standard),
        ] {
            let angles = try Self.indexAngles(bar.source)
            let rows = zip(try Self.predictions(bar.source, classifier: classifier), angles)
                .filter { $0.0.0 == bar.classIndex && (!bar.uprightIndexOnly || $0.1 <= 70) }.map(\.0)
            #expect(rows.count >= 4)
            #expect(rows.allSatisfy { $0.1 == bar.gesture })
            let recall = Double(rows.filter { $0.2 == bar.gesture }.count) / Double(rows.count)
            #expect(recall >= floor, "\(bar) \(name): \(recall)")
        }
    }

    /// Known false thumbs up (source, class index) -> the most allowed, rules alone and default.
    /// Gap: ASL G (thumb and index pointing sideways) once with the rules alone. (Kazuhito00's 2
    /// tilted fists, thumb tip their highest point but 0.21-0.24 hand sizes from the index and
    /// middle joints, are no longer thumbs up.)
    static let knownFalseThumbsUp: [String: [Int: (rules: Int, standard: Int)]] = [
        "13lack13lood__Hands-On-Fluency-backend": [11: (1, 0)]
    ]

    @Test("No thumbs up on any other class of any source (<= 1 %, known gaps pinned), rules alone and default")
    func noFalseThumbsUp() throws {
        for source in RealKeypointSets.sources {
            for (name, classifier) in [("rules", RuleClassifier() as any GestureClassifier), ("default", Self.arbitrated)]
            {
                let rows = try Self.predictions(source, classifier: classifier).filter { $0.1 != .thumbsUp }
                for index in Set(rows.map(\.0)) {
                    let own = rows.filter { $0.0 == index }
                    let up = own.filter { $0.2 == .thumbsUp }.count
                    let known = Self.knownFalseThumbsUp[source]?[index].map { name == "rules" ? $0.rules : $0.standard }
                    let allowed = max(Double(known ?? 0), 0.01 * Double(own.count))
                    #expect(Double(up) <= allowed, "\(source) class \(index) \(name): \(up) of \(own.count)")
                }
            }
        }
    }
}
