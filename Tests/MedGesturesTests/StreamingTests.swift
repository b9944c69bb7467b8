import Foundation
import MedGestures
import MedSynthetic
import Testing

@Suite("Streaming CSV smoothing")
struct StreamingTests {
    /// A two-hand recording with gaps, a missing point, NaN and labels, written by the CSV writer.
    static func recording() throws -> String {
        var generator = RealisticHands(seed: 900)
        var frames: [Frame] = []
        for f in 0..<200 {
            var right = generator.sample(f < 100 ? "open_palm" : "victory", left: false).hand
            var left = generator.sample("closed_fist", left: true).hand
            if f == 50 { right.landmarks[3] = nil }
            if f == 60 { left.landmarks[7]?.x = .nan }
            right.label = f < 100 ? "open_palm" : "victory"
            let t = Double(f) / 30 + (f >= 150 ? 1 : 0)  // a 1 s gap restarts the filters
            frames.append(Frame(index: f, timestamp: t, hands: f % 7 == 3 ? [right] : [right, left]))
        }
        let path = Samples.temporary("stream.csv")
        try CSVLandmarkWriter.string(LandmarkSequence(frames: frames)).write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("Streaming reads the same frames as the in-memory reader")
    func sameFrames() throws {
        let path = try Self.recording()
        let whole = try LandmarkFile.read(path)
        var stream = try CSVLandmarkStream(path: path)
        var frames: [Frame] = []
        while let frame = stream.next() { frames.append(frame) }
        stream.close()
        #expect(frames.count == whole.frames.count)
        for (a, b) in zip(frames, whole.frames) {
            #expect(a.index == b.index && a.timestamp == b.timestamp && a.line == b.line)
            #expect(a.hands.count == b.hands.count)
            for (p, q) in zip(a.hands, b.hands) {
                #expect(p.handedness == q.handedness && p.label == q.label && p.line == q.line)
                #expect(p.landmarks.count == q.landmarks.count)
                for (u, v) in zip(p.landmarks, q.landmarks) {
                    #expect((u == nil) == (v == nil))
                    if let u, let v {
                        #expect(u.x == v.x || (u.x.isNaN && v.x.isNaN))
                        #expect(u.y == v.y && u.z == v.z)
                    }
                }
            }
        }
    }

    @Test("Streamed smoothing writes the bytes the in-memory smoother and CSV writer write, and the same jitter")
    func sameOutput() throws {
        let path = try Self.recording()
        let output = Samples.temporary("smoothed.csv")
        let smoother = LandmarkSmoother()
        let report = try smoother.smoothCSV(from: path, to: output)
        let whole = try LandmarkFile.read(path)
        let expected = CSVLandmarkWriter.string(smoother.smoothed(whole))
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written == expected)
        #expect(report.frames == whole.frames.count)
        #expect(abs(report.jitterBefore - TremorAnalysis.jitter(whole)) < 1e-12)
        // After smoothing, the stream divides by the raw track size (the smoothed one is known only
        // at the end); the in-memory report uses the smoothed track's size.
        let after = TremorAnalysis.jitter(smoother.smoothed(whole))
        #expect(abs(report.jitterAfter - after) / after < 0.05, "\(report.jitterAfter) vs \(after)")
    }
}
