import Foundation
import MedGestures
import Testing

/// Timestamps a hostile or broken recorder writes must give a report, never a trap.
@Suite("Validation of hostile timing")
struct HostileTimingTests {
    /// `samples/gestures/two_hands.csv` cut to its first frame's right hand, repeated with `times`.
    func recording(times: [String], frames: [String]? = nil) throws -> String {
        let text = try String(contentsOfFile: Samples.path("two_hands.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = lines[0]
        let row = try #require(lines.dropFirst().first { $0.split(separator: ",")[2] == "right" })
        let rest = row.split(separator: ",", omittingEmptySubsequences: false).dropFirst(2).joined(separator: ",")
        let rows = times.indices.map { "\(frames?[$0] ?? String($0)),\(times[$0]),\(rest)" }
        let path = Samples.temporary("timing.csv")
        try ([String(header)] + rows).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("Timestamps 0, 1, 2, 3 and 1e30 ms: one dropped-frames warning, counted at the ceiling, said so")
    func farTimestamp() throws {
        let path = try recording(times: ["0", "1", "2", "3", "1e30"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = Validator().validate(try LandmarkFile.read(path), path: path)
        let gaps = report.issues.filter { $0.kind == .droppedFrames }
        #expect(gaps.count == 1, "\(report.issues.map(\.description))")
        #expect(gaps.first?.frame == 4)
        // (1e30 - 3) ms over a 1 ms median step is about 1e30 frames, far past any integer count.
        #expect(gaps.first?.message.contains("more than 1000000000000 dropped frames") == true, "\(gaps)")
    }

    @Test("Frame numbers near Int.min and Int.max do not overflow the gap count")
    func extremeFrameNumbers() throws {
        let path = try recording(
            times: ["", "", ""], frames: ["0", "9223372036854775806", "-9223372036854775808"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sequence = try LandmarkFile.read(path)
        let report = Validator().validate(sequence, path: path)
        #expect(!report.issues.isEmpty)
    }
}
