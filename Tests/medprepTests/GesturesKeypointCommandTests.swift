import Foundation
import MedTestSupport
import Testing

/// `medprep gestures validate / eval / classify` on real `keypoint.csv` folders
/// (`Tests/Fixtures/gestures/keypoint-classifier`).
@Suite("medprep gestures on keypoint.csv folders")
struct GesturesKeypointCommandTests {
    static let root = Fixtures.fixture("gestures/keypoint-classifier")

    /// Rows per class index, counted from the file itself.
    static func classCounts(_ path: String) throws -> [Int: Int] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var counts: [Int: Int] = [:]
        for line in text.split(separator: "\n") { counts[Int(line.prefix { $0 != "," }) ?? -1, default: 0] += 1 }
        return counts
    }

    @Test("validate: every real folder has 0 errors and 0 warnings, exit 0")
    func validate() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.root).sorted()
        let files = names.map { "\(Self.root)/\($0)/keypoint.csv" }.filter { FileManager.default.fileExists(atPath: $0) }
        #expect(files.count >= 4)
        let result = try CommandRunner.medprep(["gestures", "validate", "--quiet"] + files)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let summaries = result.stdout.split(separator: "\n").filter { $0.contains("keypoint-csv") }
        #expect(summaries.count == files.count)
        #expect(summaries.allSatisfy { $0.hasSuffix("0 errors, 0 warnings") }, "\(summaries)")
    }

    @Test("eval: labels come from the label file next to keypoint.csv, and --label-alias maps an author's own name")
    func eval() throws {
        let file = "\(Self.root)/H2NsayHi__Play-Buckshot-Roulette-by-Hand-Gesture-by-MediaPipe/keypoint.csv"
        let counts = try Self.classCounts(file)
        let run = try CommandRunner.medprep(
            ["gestures", "eval", "--json", "--label-alias", "thump down=thumbs_down", file])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let classes = try #require((json["static"] as? [String: Any])?["classes"] as? [String: [String: Any]])
        #expect(classes["thumbs_up"]?["support"] as? Int == counts[5])
        #expect(classes["thumbs_down"]?["support"] as? Int == counts[6])
        #expect((json["unmapped_labels"] as? [String: Any])?.isEmpty == true)

        let plain = try CommandRunner.medprep(["gestures", "eval", file])
        #expect(plain.stdout.contains("label 'thump down' (\(counts[6] ?? 0)) is not a gesture name"))
        let bad = try CommandRunner.medprep(["gestures", "eval", "--label-alias", "thump down", file])
        #expect(bad.status != 0 && bad.stderr.contains("--label-alias"))
    }

    @Test("eval without a label file says so; --class-names supplies the names")
    func classNames() throws {
        let folder = TemporaryFolder.make("keypoint-cli")
        let source = "\(Self.root)/FaisalTamanoJr__Jarvis-Project"
        let rows = try String(contentsOfFile: source + "/keypoint.csv", encoding: .utf8)
        try rows.write(toFile: folder + "/rows.csv", atomically: true, encoding: .utf8)
        let none = try CommandRunner.medprep(["gestures", "eval", folder + "/rows.csv"])
        #expect(none.status != 0 && none.stderr.contains("--class-names"))
        let named = try CommandRunner.medprep(
            ["gestures", "eval", "--json", "--class-names", source + "/keypoint_classifier_label.csv", folder + "/rows.csv"])
        #expect(named.status == 0, "\(named.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(named.stdout.utf8)) as? [String: Any])
        let classes = try #require((json["static"] as? [String: Any])?["classes"] as? [String: [String: Any]])
        #expect(classes["closed_fist"]?["support"] as? Int == rows.split(separator: "\n").count)
    }

    @Test("classify: one decision per row, nothing held across rows")
    func classify() throws {
        let file = "\(Self.root)/0xSamantha__hand-gesture-recognition/keypoint.csv"
        let rows = try Self.classCounts(file).values.reduce(0, +)
        let run = try CommandRunner.medprep(["gestures", "classify", "--json", file])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("warning"), "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let frames = try #require(json["frames"] as? [[String: Any]])
        #expect(frames.count == rows)
        #expect(frames.allSatisfy { ($0["gesture"] as? String) == ($0["held"] as? String) })
    }
}
