import Foundation
import MedTestSupport
import Testing

/// `medprep gestures classify` consults the 2-D thumbs up arbiter by default for hands without z,
/// not with `--no-2d-thumb-arbiter`, and never for hands with z.
@Suite("medprep gestures classify: the 2-D thumbs up arbiter")
struct GesturesThumbArbiterCommandTests {
    /// Per-row gestures of `classify --json` (single-frame labelled CSV: one segment per named row).
    static func gestures(_ arguments: [String]) throws -> [Int: String] {
        let result = try CommandRunner.medprep(["gestures", "classify", "--json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let segments = try #require(json["segments"] as? [[String: Any]])
        var out: [Int: String] = [:]
        for s in segments { out[s["start_frame"] as! Int] = s["gesture"] as? String }
        return out
    }

    @Test("2-D CSV: the arbiter changes fist-like answers by default, not with the flag; 3-D: identical either way")
    func defaultOnForTwoD() throws {
        let source = try String(contentsOfFile: Fixtures.sample("gestures/poses_labelled.csv"), encoding: .utf8)
        var lines = source.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        let zColumns = Set(header.indices.filter { header[$0].hasPrefix("z") })
        #expect(zColumns.count == 21)
        for i in 1..<lines.count {
            lines[i] = lines[i].split(separator: ",", omittingEmptySubsequences: false).enumerated()
                .map { zColumns.contains($0.offset) ? "0" : String($0.element) }.joined(separator: ",")
        }
        let flat = TemporaryFolder.path("poses2d") + ".csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: flat, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: flat) }

        let on = try Self.gestures([flat])
        let off = try Self.gestures(["--no-2d-thumb-arbiter", flat])
        let changed = on.keys.filter { on[$0] != off[$0] }
        #expect(!changed.isEmpty, "the arbiter changed nothing")
        let fistLike: Set<String?> = ["closed_fist", "thumbs_up", "thumbs_down"]
        for row in changed {
            #expect(fistLike.contains(on[row]) && fistLike.contains(off[row]), "row \(row): \(String(describing: off[row])) -> \(String(describing: on[row]))")
        }
        #expect(Set(on.keys) == Set(off.keys))

        let deep = Fixtures.sample("gestures/poses_labelled.csv")
        #expect(try Self.gestures([deep]) == Self.gestures(["--no-2d-thumb-arbiter", deep]))
    }
}
