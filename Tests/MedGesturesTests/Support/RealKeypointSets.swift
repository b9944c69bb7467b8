import Foundation
import MedGestures
import MedTestSupport

/// Real `keypoint.csv` rows harvested from public hand-gesture-recognition-using-mediapipe
/// derivatives, in `Tests/Fixtures/gestures/keypoint-classifier/<owner>__<repo>` (provenance,
/// offsets and licenses in each folder's SOURCE.md).
enum RealKeypointSets {
    /// Every source folder present (other engineers add folders; the tests that need one name it).
    static var sources: [String] {
        let root = Fixtures.fixture("gestures/keypoint-classifier")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: root + "/" + $0 + "/keypoint.csv") }.sorted()
    }

    /// The authors' own class names that ``Gesture/init(label:)`` does not know ("thump down" is
    /// H2NsayHi's spelling of thumbs down).
    static let aliases: [String: Gesture] = ["thump down": .thumbsDown]

    /// Classes whose name, as the app reads it, says something else than their rows show (see the
    /// folder's SOURCE.md): DarelJamesNarvasa's class 0 is named "OK" like its class 3, but its rows
    /// are thumbs up; 21lakshh's `OK, AGREE (THUMBS UP)` is unquoted, so the app (and the reader,
    /// first CSV field) name it "OK".
    static let overrides: [String: [Int: Gesture]] = [
        "DarelJamesNarvasa__asl-sign-language-augmented-reality": [0: .thumbsUp],
        "21lakshh__SignSync": [6: .thumbsUp, 7: .thumbsDown],
        // Names no dataset convention uses: "STOP (Close Fist)", "FORWARD (Thumb up)", "Rock" (of
        // rock-paper-scissors: a fist).
        "jwelo__puffin_hand_gesture": [0: .closedFist, 3: .thumbsUp],
        "satwikchalasani__EvilRPS": [1: .closedFist],
        // harvest3 (held out for the third round): direction sets whose "Up" is the index pointing up
        // (index tip the highest point, the other three curled; see each SOURCE.md), ShainaF's "Love"
        // (the I-love-you sign) and "Bad" (a thumb pointing down-left, 22-53 degrees below the
        // horizontal: a tilted thumbs down, a hard case by its SOURCE.md).
        "Ahayat10__HandGesture": [0: .pointingUp],
        "DarylTeh__CSIT321": [0: .pointingUp],
        "HungNguyenPhuc__hand-gesture-recognition-mediapipe": [1: .pointingUp],
        "Human-Robot-Interaction-Course-SP2425__ShainaF": [5: .iLoveYou, 8: .thumbsDown],
    ]

    /// The path of one source's `keypoint.csv`.
    static func path(_ source: String) -> String {
        Fixtures.fixture("gestures/keypoint-classifier/\(source)/keypoint.csv")
    }

    /// One source's rows through ``LandmarkFile`` (labels from the folder's label file).
    static func read(_ source: String) throws -> LandmarkSequence {
        try LandmarkFile.read(path(source))
    }

    /// One source's labelled poses.
    static func poses(_ source: String) throws -> [LabelledPoses.Pose] {
        LabelledPoses.poses(in: try read(source), aliases: aliases)
    }
}
