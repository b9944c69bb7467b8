import Foundation
import MedGestures
import MedTestSupport
import Testing

/// The `keypoint.csv` + `keypoint_classifier_label.csv` pair of hand-gesture-recognition-using-mediapipe.
@Suite("keypoint.csv (hand-gesture-recognition-using-mediapipe)")
struct KeypointClassifierFormatTests {
    /// Writes files into a fresh folder and returns its path.
    static func folder(_ files: [String: String]) -> String {
        let root = TemporaryFolder.make("keypoint")
        TemporaryFolder.write(files.mapValues { Array($0.utf8) }, under: root)
        return root
    }

    /// A row the way the app writes it: pixels of the mirrored image minus the wrist, over the largest magnitude.
    static func row(_ index: Int, _ points: [(Double, Double)]) -> String {
        let relative = points.flatMap { [$0.0 - points[0].0, $0.1 - points[0].1] }
        let scale = relative.map(abs).max() ?? 1
        return ([String(index)] + relative.map { String($0 / scale) }).joined(separator: ",")
    }

    @Test("Rows are read as wrist-relative points with the class name of their index, one frame per row")
    func knownGeometry() throws {
        // Hand-written: point k at (k, -2k) pixels from the wrist, so the largest magnitude is 40.
        let points = (0..<21).map { (Double($0), -2 * Double($0)) }
        let text = Self.row(1, points) + "\n" + Self.row(0, points) + "\n"
        let root = Self.folder(["keypoint.csv": text, "keypoint_classifier_label.csv": "Open\nClose\n"])
        let sequence = try LandmarkFile.read(root + "/keypoint.csv")
        #expect(sequence.sourceFormat == .keypointCSV)
        #expect(sequence.coordinateSpace == .wristRelative)
        #expect(sequence.frames.count == 2)
        #expect(sequence.frames.map(\.index) == [0, 1] && sequence.frames.map(\.line) == [1, 2])
        #expect(sequence.frames.allSatisfy { $0.timestamp == nil })
        let hand = try #require(sequence.frames.first?.hands.first)
        #expect(hand.label == "Close" && sequence.frames[1].hands[0].label == "Open")
        #expect(hand.handedness == nil && hand.landmarks.count == 21)
        #expect(hand.landmarks[20]?.x == 0.5 && hand.landmarks[20]?.y == -1)
        #expect(hand.landmarks[7]?.x == 7.0 / 40 && hand.landmarks[7]?.z == nil)
        #expect(LabelledPoses.poses(in: sequence).map(\.gesture) == [.closedFist, .openPalm])
    }

    @Test("Detection: a whole number and 42 or 63 numbers is keypoint.csv; a CSV with a header is not")
    func detection() throws {
        let points = (0..<21).map { (Double($0 % 5), Double($0 / 5)) }
        let flat = Self.row(3, points)
        #expect(LandmarkFormat.sniff(path: "k.csv", bytes: Array(flat.utf8), isDirectory: false) == .keypointCSV)
        #expect(LandmarkFormat.sniff(path: "k.txt", bytes: Array(("\u{FEFF}" + flat).utf8), isDirectory: false) == .keypointCSV)
        // keypoint.csv values are relative to the wrist, so its first two are 0; a class number before
        // points in image units (wrist elsewhere) is a headerless labelled CSV.
        let deep = "2,0,0," + (2..<63).map { String(Double($0 % 7) / 10) }.joined(separator: ",")
        #expect(LandmarkFormat.sniff(path: "k.csv", bytes: Array(deep.utf8), isDirectory: false) == .keypointCSV)
        let image = "2," + (0..<63).map { String(Double($0 % 7) / 10) }.joined(separator: ",")
        #expect(LandmarkFormat.sniff(path: "k.csv", bytes: Array(image.utf8), isDirectory: false) == .labelledCSV)
        let short = "2," + (0..<40).map { _ in "0.5" }.joined(separator: ",")
        #expect(LandmarkFormat.sniff(path: "k.csv", bytes: Array(short.utf8), isDirectory: false) == .labelledCSV)
        let header = "x0,y0\n0.1,0.2\n"
        #expect(LandmarkFormat.sniff(path: "p.csv", bytes: Array(header.utf8), isDirectory: false) == .labelledCSV)

        let root = Self.folder(["keypoint.csv": deep + "\n"])
        let sequence = try LandmarkFile.read(root + "/keypoint.csv")
        let hand = try #require(sequence.frames.first?.hands.first)
        #expect(hand.landmarks.count == 21 && hand.landmarks[1]?.z == 0.5 && hand.landmarks[2]?.x == 0.6)
        #expect(sequence.zIsRelativeToWrist && hand.label == nil)
    }

    @Test("Label-file quirks: byte-order mark, quotes, a second field, CRLF and blank lines at the end")
    func labelQuirks() throws {
        let text = "\u{FEFF}\"Thumbs Up\"\r\nlike,extra\r\n \"a \"\"b\"\"\" \r\n  fist  \r\n\r\n\r\n"
        let names = try KeypointClassifierReader.classNames(Array(text.utf8), path: "l.csv")
        #expect(names == ["Thumbs Up", "like", "a \"b\"", "fist"])
    }

    @Test("A blank label line before the last name is an error naming its line")
    func blankLabel() {
        let error = #expect(throws: GestureError.self) {
            try KeypointClassifierReader.classNames(Array("Open\n\nPointer\n".utf8), path: "l.csv")
        }
        #expect(error?.code == .malformed && error?.line == 2 && error?.path == "l.csv")
        #expect(error?.description.contains("class 1 has no name") == true)
    }

    @Test("A class index without a name, or that is not a whole number, is an error naming file and line")
    func badClassIndex() {
        let points = (0..<21).map { (Double($0), Double($0 % 3)) }
        let rows = Self.row(0, points) + "\n" + Self.row(4, points) + "\n"
        let error = #expect(throws: GestureError.self) {
            try KeypointClassifierReader.read(
                Array(rows.utf8), path: "k.csv", classNames: ["A", "B"], classNamesPath: "names.txt")
        }
        #expect(error?.code == .inconsistent && error?.line == 2 && error?.path == "k.csv")
        #expect(error?.description.contains("class 4 has no name: names.txt names 2 classes") == true)

        let fractional = "1.5" + Self.row(0, points).dropFirst()
        let malformed = #expect(throws: GestureError.self) {
            try KeypointClassifierReader.read(Array(fractional.utf8), path: "k.csv", classNames: nil)
        }
        #expect(malformed?.code == .malformed && malformed?.line == 1)
    }

    @Test("--class-names replaces the sidecar; without either the rows are read unlabelled")
    func classNamesOption() throws {
        let points = (0..<21).map { (Double($0), Double($0 % 4)) }
        let root = Self.folder(["k.csv": Self.row(1, points) + "\n", "names.txt": "like\ndislike\n"])
        #expect(try LandmarkFile.read(root + "/k.csv").frames[0].hands[0].label == nil)
        let named = try LandmarkFile.read(root + "/k.csv", options: .init(classNamesPath: root + "/names.txt"))
        #expect(named.frames[0].hands[0].label == "dislike")
    }

    @Test("Validation: every harvested real row passes with no error and no warning")
    func realRowsValidate() throws {
        for source in RealKeypointSets.sources {
            let sequence = try RealKeypointSets.read(source)
            let report = Validator().validate(sequence, path: source)
            #expect(report.errorCount == 0 && report.issues.isEmpty, "\(source): \(report.issues.prefix(3))")
            #expect(sequence.frames.count >= 10)
        }
    }

    @Test("Validation: a wrist off the origin and a value beyond 1 are errors with their line and landmark")
    func implausibleRows() throws {
        var values = (0..<42).map { Double($0 % 9) / 10 }
        values[0] = 0
        values[1] = 0
        let good = "0," + values.map { String($0) }.joined(separator: ",")
        values[17] = 1.5
        let beyond = "0," + values.map { String($0) }.joined(separator: ",")
        values[17] = 0.1
        values[0] = 0.2
        let shifted = "0," + values.map { String($0) }.joined(separator: ",")
        let sequence = try KeypointClassifierReader.read(
            Array([good, beyond, shifted].joined(separator: "\n").utf8), path: "k.csv", classNames: nil)
        let report = Validator().validate(sequence, path: "k.csv")
        let errors = report.issues.filter { $0.severity == .error }
        #expect(errors.count == 2)
        #expect(errors.first { $0.line == 2 }?.landmark == 8 && errors.first { $0.line == 2 }?.kind == .outOfRange)
        #expect(errors.first { $0.line == 3 }?.landmark == 0)
        #expect(report.issues.allSatisfy { $0.line != 1 })
    }

    @Test("Rows are independent poses: classify neither smooths nor holds across them")
    func independentRows() throws {
        let sequence = try RealKeypointSets.read("FaisalTamanoJr__Jarvis-Project")
        let classifier = SequenceClassifier(
            classifier: RuleClassifier(), smoother: LandmarkSmoother(parameters: .classify, fallbackFPS: 30))
        let result = classifier.classify(sequence)
        let normalization = HandNormalization(for: sequence)
        #expect(result.frames.count == sequence.frames.count)
        for (frame, outcome) in zip(sequence.frames, result.frames) {
            let alone = RuleClassifier().predict(frame.hands[0], normalization: normalization)?.gesture ?? .none
            #expect(outcome.decided == alone, "row \(frame.index)")
        }
    }

    @Test("Google's thumbs up and fist fixtures written as keypoint.csv rows (mirrored or not) keep their gesture")
    func googleFixturesAsRows() throws {
        for (file, gesture) in [("thumb_up_landmarks.pbtxt", Gesture.thumbsUp), ("fist_landmarks.pbtxt", .closedFist)] {
            let (_, points) = try GoogleFixtures.read(file)
            for mirror in [false, true] {
                let pixels = points.map { (mirror ? 640 * (1 - $0.0) : 640 * $0.0, 640 * $0.1) }
                let sequence = try KeypointClassifierReader.read(
                    Array(Self.row(0, pixels).utf8), path: "k.csv", classNames: nil)
                let hand = sequence.frames[0].hands[0]
                let predicted = RuleClassifier().predict(hand, normalization: HandNormalization(for: sequence))
                #expect(predicted?.gesture == gesture, "\(file) mirrored \(mirror)")
            }
        }
    }
}
