import Foundation
import MedTestSupport
import Testing

/// `medprep gestures validate / eval / classify` on real landmark CSVs in the layouts their authors
/// published (`Tests/Fixtures/gestures/<layout>/<owner>__<repo>/hand_landmarks.csv`).
@Suite("medprep gestures on published landmark CSV layouts")
struct GesturesPublishedCSVCommandTests {
    static let files = [
        "x0-z20-label/Avinkovic23__biometric-systems-hand-gesture-recognition",
        "x1-z21-label/Kamil-786__American-Sign-Language-Detection",
        "headerless-label-first/haontran__ASL-reader",
        "headerless-label-last/Vaish1405__aslConverter",
        "numbered-0-62-label/SparrowHere__hand-gesture-classification",
    ].map { Fixtures.fixture("gestures/\($0)/hand_landmarks.csv") }

    @Test("validate: every real file has 0 errors and 0 warnings, exit 0")
    func validate() throws {
        let result = try CommandRunner.medprep(["gestures", "validate"] + Self.files)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let summaries = result.stdout.split(separator: "\n").filter { $0.contains("labelled-csv") }
        #expect(summaries.count == Self.files.count)
        #expect(summaries.allSatisfy { $0.hasSuffix("0 errors, 0 warnings") }, "\(summaries)")
    }

    @Test("eval: class numbers mapped with --label-alias; letters counted as none and listed")
    func eval() throws {
        let run = try CommandRunner.medprep(
            ["gestures", "eval", "--json", "--label-alias", "0=thumbs_up", "--label-alias", "1=victory", Self.files[0]])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let classes = try #require((json["static"] as? [String: Any])?["classes"] as? [String: [String: Any]])
        // The rows of class 0 and of class 1, counted in the file.
        let text = try String(contentsOfFile: Self.files[0], encoding: .utf8)
        let labels = text.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",").last.map(String.init) ?? ""
        }
        #expect(classes["thumbs_up"]?["support"] as? Int == labels.filter { $0 == "0" }.count)
        #expect(classes["victory"]?["support"] as? Int == labels.filter { $0 == "1" }.count)
        let letters = try CommandRunner.medprep(["gestures", "eval", Self.files[1]])
        #expect(letters.status == 0, "\(letters.stderr)")
        #expect((letters.stdout + letters.stderr).contains("label 'o'"))
    }

    @Test("classify: a headerless file reads each row as an independent pose, without a warning")
    func classify() throws {
        let run = try CommandRunner.medprep(["gestures", "classify", "--frames", Self.files[3]])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("warning"), "\(run.stderr)")
        #expect(run.stdout.contains("5 frames") || run.stdout.split(separator: "\n").count >= 5, "\(run.stdout)")
    }
    @Test(
        "2-D rows in fractions of the image without --image-size: eval and classify warn; with the size, with z or wrist-relative they do not, and the size restores real V signs"
    )
    func aspectRatioWarning() throws {
        let file = Fixtures.fixture(
            "gestures/x0-z20-label/ieliashberg__ECS174_Gesture_Recognition/hand_landmarks.csv")
        let warning = "without --image-size"
        // The same rows as a 2-D tracker writes them: the z columns removed.
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        let flat = lines.map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset >= 63 || $0.offset % 3 != 2 }.map { String($0.element) }.joined(separator: ",")
        }
        let folder = TemporaryFolder.path("aspect")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let flatFile = folder + "/hand_landmarks_2d.csv"
        try Data((flat.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: flatFile))
        #expect(flat[0].hasPrefix("x0,y0,x1,y1,") && flat[0].hasSuffix(",x20,y20,label"))

        func victoryRecall(_ arguments: [String]) throws -> (Double?, String) {
            let run = try CommandRunner.medprep(
                ["gestures", "eval", "--json", "--label-alias", "peace=victory"] + arguments)
            #expect(run.status == 0, "\(run.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            let classes = (json?["static"] as? [String: Any])?["classes"] as? [String: [String: Any]]
            return (classes?["victory"]?["recall"] as? Double, run.stderr)
        }
        let (square, squareWarning) = try victoryRecall([flatFile])
        let (sized, sizedWarning) = try victoryRecall(["--image-size", "640x480", flatFile])
        let (_, depthWarning) = try victoryRecall([file])
        #expect(squareWarning.contains(warning) && squareWarning.contains(flatFile), "\(squareWarning)")
        #expect(!sizedWarning.contains(warning) && !depthWarning.contains(warning))
        #expect(sized == 1.0, "V signs with the image size: \(String(describing: sized))")
        #expect((square ?? 1) < 1.0, "V signs read as a square image: \(String(describing: square))")
        // The same 2-D rows minus their wrist (every wrist at 0, 0: wrist-relative, one scale for x and
        // y, no image frame): neither an aspect warning nor range errors.
        let relative = flat.enumerated().map { row, line -> String in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard row > 0 else { return line }
            let (wx, wy) = (Double(fields[0]) ?? 0, Double(fields[1]) ?? 0)
            let points = (0..<42).map { k in String((Double(fields[k]) ?? 0) - (k % 2 == 0 ? wx : wy)) }
            return (points + fields[42...]).joined(separator: ",")
        }
        let relativeFile = folder + "/hand_landmarks_wrist.csv"
        try Data((relative.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: relativeFile))
        // classify, streamed (a plain CSV) and in memory (--format csv).
        for format in [[], ["--format", "csv"]] {
            let plain = try CommandRunner.medprep(["gestures", "classify"] + format + [flatFile])
            #expect(plain.status == 0 && plain.stderr.contains(warning), "\(format) \(plain.stderr)")
            let sizedRun = try CommandRunner.medprep(
                ["gestures", "classify", "--image-size", "640x480"] + format + [flatFile])
            #expect(sizedRun.status == 0 && !sizedRun.stderr.contains(warning), "\(format) \(sizedRun.stderr)")
            let wristRun = try CommandRunner.medprep(["gestures", "classify"] + format + [relativeFile])
            #expect(wristRun.status == 0 && !wristRun.stderr.contains("warning"), "\(format) \(wristRun.stderr)")
        }
    }

    @Test("validate a real long CSV stream: 0 errors; with --fps, 0 warnings")
    func stream() throws {
        let file = Fixtures.fixture("gestures/long-frame-hand-landmark/CiobanuValentin__MediaPipe/hand_landmarks.csv")
        let plain = try CommandRunner.medprep(["gestures", "validate", file])
        #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
        #expect(
            plain.stdout.contains("csv, 4 frames, 8 hands") && plain.stdout.contains("0 errors, 1 warning"),
            "\(plain.stdout)")
        let timed = try CommandRunner.medprep(["gestures", "validate", "--fps", "30", file])
        #expect(timed.status == 0)
        #expect(timed.stdout.contains("0 errors, 0 warnings"), "\(timed.stdout)")
        let classify = try CommandRunner.medprep(["gestures", "classify", "--fps", "30", "--frames", file])
        #expect(classify.status == 0, "\(classify.stderr)")
        #expect(
            classify.stdout.split(separator: "\n").filter { $0.contains("frame ") }.count == 8, "\(classify.stdout)")
    }
    @Test("eval --ignore-z scores a 3-D file exactly as the same file with its z columns removed")
    func ignoreZ() throws {
        let file = Self.files[0]
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let keep = lines[0].indices.filter { !lines[0][$0].hasPrefix("z") }
        #expect(keep.count == 43)
        let flat =
            lines.map { fields in keep.map { String(fields[$0]) }.joined(separator: ",") }.joined(separator: "\n")
            + "\n"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ignore-z-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let flatPath = folder.appendingPathComponent("flat.csv").path
        try Data(flat.utf8).write(to: URL(fileURLWithPath: flatPath))
        let aliases = ["--label-alias", "0=thumbs_up", "--label-alias", "1=victory", "--label-alias", "2=thumbs_down"]
        let dropped = try CommandRunner.medprep(["gestures", "eval", "--json", "--ignore-z"] + aliases + [file])
        let reference = try CommandRunner.medprep(["gestures", "eval", "--json"] + aliases + [flatPath])
        #expect(dropped.status == 0 && reference.status == 0, "\(dropped.stderr)\(reference.stderr)")
        func classes(_ out: String) throws -> [String: [String: Any]] {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
            return try #require((json["static"] as? [String: Any])?["classes"] as? [String: [String: Any]])
        }
        let a = try classes(dropped.stdout)
        let b = try classes(reference.stdout)
        #expect(Set(a.keys) == Set(b.keys))
        for key in a.keys {
            #expect(a[key]?["support"] as? Int == b[key]?["support"] as? Int, "\(key)")
            // A class only predicted (`none` here: one thumbs down row) has no recall in either report.
            let recall = (a[key]?["recall"] as? NSNumber)?.doubleValue
            #expect((recall != nil) == ((a[key]?["support"] as? Int ?? 0) > 0), "\(key)")
            #expect(recall == (b[key]?["recall"] as? NSNumber)?.doubleValue, "\(key)")
            #expect(
                (a[key]?["precision"] as? NSNumber)?.doubleValue == (b[key]?["precision"] as? NSNumber)?.doubleValue,
                "\(key)")
        }
        // 20 rows of class 2 (thumbs down) in the file: 8 from offset 680,000 and 12 from 696,000 (SOURCE.md).
        #expect(a["thumbs_down"]?["support"] as? Int == 20)
    }
}
