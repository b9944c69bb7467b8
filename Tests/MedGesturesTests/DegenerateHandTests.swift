import Foundation
import MedGestures
import MedSynthetic
import MedTestSupport
import Testing

/// Hands a real tracker never emits but a broken export does: every point at one place, a palm of
/// zero size, every point on a line. `validate` names them with frame and line; real rows (1,107 webcam
/// rows, Google's fixtures, the samples) never trigger it.
@Suite("Degenerate hands")
struct DegenerateHandTests {
    /// A single-frame labelled CSV (rows are independent poses: frame k is row k, line k + 2).
    static func file(_ hands: [[(Double, Double)]]) throws -> LandmarkSequence {
        let header = "hand," + (0..<21).map { "x\($0),y\($0)" }.joined(separator: ",")
        let rows = hands.map { "right," + $0.map { "\($0.0),\($0.1)" }.joined(separator: ",") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("degenerate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("hands.csv").path
        try ([header] + rows).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return try LandmarkFile.read(path)
    }

    /// A generated open hand, projected into a square image (0...1).
    static var plausible: [(Double, Double)] {
        var generator = RealisticHands(seed: 77)
        let hand = RotatedFistTests.hand(generator.person(generator.world("open_palm")), depth: false)
        return hand.landmarks.map { ($0?.x ?? 0, $0?.y ?? 0) }
    }

    static let collapsed = [(Double, Double)](repeating: (0.4, 0.4), count: 21)
    /// Wrist and the four knuckles at one point, the fingers fanning out from it.
    static let zeroPalm: [(Double, Double)] = (0..<21).map { (k: Int) -> (Double, Double) in
        if [0, 5, 9, 13, 17].contains(k) { return (0.5, 0.5) }
        let t = Double(k)
        let bend = Double(k % 5)
        return (0.5 + 0.01 * t, 0.5 - 0.008 * bend)
    }
    static let line: [(Double, Double)] = (0..<21).map { (k: Int) -> (Double, Double) in
        let t = 0.3 + 0.01 * Double(k)
        return (t, t)
    }
    /// The line with points 0.0018 off it, alternately on each side (minor to major axis about 0.03).
    static let nearLine: [(Double, Double)] = (0..<21).map { (k: Int) -> (Double, Double) in
        let side: Double = k.isMultiple(of: 2) ? 1 : -1
        let off: Double = side * 0.0018 / 2.0.squareRoot()
        let t: Double = 0.3 + 0.01 * Double(k)
        return (t + off, t - off)
    }

    @Test("Collapsed point, zero palm and a line are errors, a near line a warning, each at its frame and line")
    func degenerateHands() throws {
        let sequence = try Self.file([Self.plausible, Self.collapsed, Self.zeroPalm, Self.line, Self.nearLine])
        let report = Validator().validate(sequence, path: "hands.csv")
        let found = report.issues.filter { $0.kind == .degenerate }
        #expect(found.map(\.frame) == [1, 2, 3, 4], "\(report.issues.map(\.description))")
        #expect(found.map(\.line) == [3, 4, 5, 6])
        #expect(found.map(\.severity) == [.error, .error, .error, .warning])
        #expect(found.first { $0.frame == 2 }?.landmark == 0)
        #expect(found.first { $0.frame == 1 }?.message.contains("one place") == true)
        #expect(found.first { $0.frame == 3 }?.message.contains("on a line") == true)
        #expect(!report.isValid)
    }

    @Test("A plausible hand, the samples and Google's fixtures have no degenerate finding")
    func realHandsAreNot() throws {
        let report = Validator().validate(try Self.file([Self.plausible]), path: "hands.csv")
        #expect(report.issues.isEmpty, "\(report.issues.map(\.description))")
        for fixture in GoogleFixtures.cases {
            for depth in [true, false] {
                let sequence = try GoogleFixtures.sequence(fixture.file, depth: depth)
                let issues = Validator().validate(sequence, path: fixture.file).issues.filter { $0.kind == .degenerate }
                #expect(issues.isEmpty, "\(fixture.file): \(issues.map(\.description))")
            }
        }
        for source in RealKeypointSets.sources {
            let issues = Validator().validate(try RealKeypointSets.read(source), path: source).issues
            #expect(!issues.contains { $0.kind == .degenerate }, "\(source)")
        }
    }
}
