import Foundation
import MedGestures
import MedTestSupport

/// Google's MediaPipe gesture-recognizer test fixtures in `Tests/Fixtures/gestures/mediapipe`
/// (`LandmarksDetectionResult` text protos; provenance in that folder's README).
enum GoogleFixtures {
    /// One fixture: the file, the gesture Google's tests expect, and the image rotation their
    /// tests declare, in our convention (clockwise; MediaPipe's `rotation_degrees: -90` is our 90).
    struct Case: Sendable, CustomStringConvertible {
        var file: String
        var gesture: Gesture
        var rotation: Double
        var description: String { file }
    }

    static let cases: [Case] = [
        Case(file: "thumb_up_landmarks.pbtxt", gesture: .thumbsUp, rotation: 0),
        Case(file: "thumb_up_landmarks_earlier.pbtxt", gesture: .thumbsUp, rotation: 0),
        Case(file: "thumb_up_rotated_landmarks.pbtxt", gesture: .thumbsUp, rotation: 90),
        Case(file: "victory_landmarks.pbtxt", gesture: .victory, rotation: 0),
        Case(file: "pointing_up_landmarks.pbtxt", gesture: .pointingUp, rotation: 0),
        Case(file: "pointing_up_rotated_landmarks.pbtxt", gesture: .pointingUp, rotation: 90),
        Case(file: "fist_landmarks.pbtxt", gesture: .closedFist, rotation: 0),
    ]

    /// The handedness label and the 21 image landmarks (x, y, z) of a fixture.
    static func read(_ file: String) throws -> (label: String, points: [(Double, Double, Double)]) {
        let text = try String(contentsOfFile: Fixtures.fixture("gestures/mediapipe/" + file), encoding: .utf8)
        var label = ""
        var points: [(Double, Double, Double)] = []
        var section = ""
        var current: [String: Double] = [:]
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("{") {
                let name = line.dropLast().trimmingCharacters(in: .whitespaces)
                if name != "landmark" && name != "classification" { section = name }
                current = [:]
            } else if line == "}" {
                if section == "landmarks", let x = current["x"], let y = current["y"], let z = current["z"] {
                    points.append((x, y, z))
                }
                current = [:]
            } else if let colon = line.firstIndex(of: ":") {
                let key = String(line[..<colon])
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if key == "label" { label = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                if let number = Double(value) { current[key] = number }
            }
        }
        return (label, points)
    }

    /// A fixture as a MediaPipe Python-style JSON frame, read through ``LandmarkFile`` like a user's
    /// file; `depth` false drops z (2-D data).
    static func sequence(_ file: String, depth: Bool) throws -> LandmarkSequence {
        let (label, points) = try read(file)
        let landmarks = points.map { p in
            depth ? "{\"x\": \(p.0), \"y\": \(p.1), \"z\": \(p.2)}" : "{\"x\": \(p.0), \"y\": \(p.1)}"
        }
        let json = """
            {"timestamp_ms": 0, "hand_landmarks": [[\(landmarks.joined(separator: ", "))]],
             "handedness": [[{"category_name": "\(label)", "score": 1.0}]]}
            """
        let path = TemporaryFolder.path("gestures") + "-" + file + ".json"
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try LandmarkFile.read(path)
    }
}
