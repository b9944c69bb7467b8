import Foundation
import MedCore
import MedGestures
import MedSynthetic
import Testing

/// `classify` without holding the file: the decider against hand-worked tracks, and the streamed
/// classifier against the whole-track ``SequenceClassifier/classify(_:)``, which holds everything.
@Suite("Streaming classification")
struct StreamingClassifyTests {
    /// Random score tracks: long holds, short flickers, dips below the exit threshold, gaps in time,
    /// absent hands, several gestures competing.
    static func randomTrack(seed: UInt64, count: Int) -> [GestureDecider.Observation] {
        var rng = SeededGenerator(seed: seed)
        let gestures: [Gesture] = [.thumbsUp, .openPalm, .closedFist, .victory]
        var time = 0.0
        var current = gestures[0]
        var observations: [GestureDecider.Observation] = []
        for f in 0..<count {
            time += Double.random(in: 0...1, using: &rng) < 0.02 ? Double.random(in: 0.1...1.5, using: &rng) : 1.0 / 30
            if Double.random(in: 0...1, using: &rng) < 0.05 { current = gestures.randomElement(using: &rng)! }
            if Double.random(in: 0...1, using: &rng) < 0.03 {
                observations.append(.init(frame: f, time: time, scores: nil))
                continue
            }
            var scores: [Gesture: Double] = [:]
            for g in gestures { scores[g] = Double.random(in: 0...0.45, using: &rng) }
            let dip = Double.random(in: 0...1, using: &rng) < 0.12
            scores[current] =
                dip ? Double.random(in: 0.1...0.55, using: &rng) : Double.random(in: 0.55...1, using: &rng)
            observations.append(.init(frame: f, time: time, scores: scores))
        }
        return observations
    }

    /// A hand-worked track: observation `i` is frame `10 + i` at `i * 0.125` s (exact in binary, so
    /// the duration comparisons are exact), default parameters (enter 0.6, exit 0.35, minimum 0.3 s,
    /// release 0.25 s).
    struct WorkedTrack {
        var name: String
        var scores: [[Gesture: Double]?]
        var labels: [Gesture]
        /// (gesture, first index, last index, confidence)
        var segments: [(Gesture, Int, Int, Double)]

        var observations: [GestureDecider.Observation] {
            scores.enumerated().map { .init(frame: 10 + $0, time: Double($0) * 0.125, scores: $1) }
        }
        /// The expected segments, as text (``GestureDecider/Segment`` has no public initializer).
        var expectedSegments: [String] {
            segments.map { g, first, last, confidence in
                Self.describe("right", g, 10 + first, 10 + last, Double(first) * 0.125, Double(last) * 0.125, confidence)
            }
        }

        static func describe(
            _ hand: String, _ g: Gesture, _ startFrame: Int, _ endFrame: Int, _ start: Double, _ end: Double,
            _ confidence: Double
        ) -> String {
            "\(hand) \(g) frames \(startFrame)-\(endFrame) at \(start)-\(end) s, confidence \(confidence)"
        }

        static func describe(_ segments: [GestureDecider.Segment]) -> [String] {
            segments.map { describe($0.hand, $0.gesture, $0.startFrame, $0.endFrame, $0.start, $0.end, $0.confidence) }
        }
    }

    static let workedTracks: [WorkedTrack] = {
        let (t, p, n) = (Gesture.thumbsUp, Gesture.openPalm, Gesture.none)
        let dip: [Double] = [0.2, 0.7, 0.5, 0.65, 0.7, 0.3, 0.7, 0.2, 0.2, 0.2, 0.2, 0.2]
        let switching: [[Gesture: Double]?] = [
            [t: 0.9, p: 0.1], [t: 0.9, p: 0.1], [t: 0.9, p: 0.1], [t: 0.9, p: 0.1],
            [t: 0.4, p: 0.8], [t: 0.4, p: 0.8], [t: 0.3, p: 0.8], [t: 0.3, p: 0.8],
            [t: 0.0, p: 0.8], nil, [t: 0.1, p: 0.2], [t: 0.1, p: 0.2], [t: 0.1, p: 0.2],
        ]
        let flicker: [Double] = [0.9, 0.9, 0.2, 0.9, 0.9, 0.9, 0.9, 0.2]
        let release: [Double] = [0.9, 0.9, 0.9, 0.9, 0.2, 0.2, 0.2, 0.9, 0.9, 0.9, 0.9]
        let dipMean: Double = (0.7 + 0.5 + 0.65 + 0.7 + 0.3 + 0.7) / 6
        let mean09: Double = (0.9 + 0.9 + 0.9 + 0.9) / 4
        let mean08: Double = (0.8 + 0.8 + 0.8 + 0.8 + 0.8) / 5
        let tracks: [WorkedTrack] = [
            // Dip and release. i1 (0.7) starts candidate T; the i2 dip (0.5) stays above exit so the
            // clock keeps running; at i4 (0.5 s - 0.125 s = 0.375 >= 0.3) T is held, dated back to i1.
            // i5 (0.3) goes below exit, i6 (0.7) is back above: no release. i7 (0.2) below from
            // 0.875 s; at i9 (1.125 s) 0.25 s have passed: the segment ends before i7, so i1...i6.
            WorkedTrack(
                name: "dip and release",
                scores: dip.map { [t: $0] },
                labels: [n, t, t, t, t, t, t, n, n, n, n, n],
                segments: [(t, 1, 6, dipMean)]),
            // Switch. T candidate at i0, held at i3 (0.375 s). i4: P 0.8 is best and not held, so it
            // becomes the candidate (T at 0.4 stays held). i6: T 0.3 goes below exit (release clock
            // from 0.75 s). i7: P has been a candidate 0.375 s, so T closes before P's start (i4) and
            // P is held from i4. i9: the hand is absent (score 0) from 1.125 s; at i11 (1.375 s) P is
            // released before i9: P covers i4...i8.
            WorkedTrack(
                name: "switch and absent hand",
                scores: switching,
                labels: [t, t, t, t, p, p, p, p, p, n, n, n, n],
                segments: [(t, 0, 3, mean09), (p, 4, 8, mean08)]),
            // Flicker, then held to the end. i0-i1 start a candidate that the i2 dip (0.2 < exit)
            // drops after only 0.125 s: no segment. i3 starts a new one, held at i6 (0.375 s). i7
            // dips below exit and the track ends before the release duration: the segment still ends
            // before the dip, i3...i6.
            WorkedTrack(
                name: "flicker, then held to the end",
                scores: flicker.map { [p: $0] },
                labels: [n, n, n, p, p, p, p, n],
                segments: [(p, 3, 6, mean09)]),
            // Released exactly at the release duration. T held at i3 (from i0); below exit from i4
            // (0.5 s); at i6 (0.75 s) exactly 0.25 s have passed, which is enough: T ends before i4.
            // i7 starts a new T candidate, held at i10 (0.375 s later) and closed by the end of the
            // track. Were "exactly the release duration" not enough, i7 would rejoin the first hold.
            WorkedTrack(
                name: "release at exactly the release duration",
                scores: release.map { [t: $0] },
                labels: [t, t, t, t, n, n, n, t, t, t, t],
                segments: [(t, 0, 3, mean09), (t, 7, 10, mean09)]),
        ]
        return tracks
    }()

    @Test("The decider, whole-track and streamed, gives the hand-worked labels and segments")
    func deciderWorked() {
        for track in Self.workedTracks {
            let whole = GestureDecider().decide(track.observations, hand: "right")
            #expect(whole.labels == track.labels, "\(track.name)")
            #expect(WorkedTrack.describe(whole.segments) == track.expectedSegments, "\(track.name)")
            var stream = GestureDecider.Stream(hand: "right")
            var labels: [Gesture] = []
            var segments: [GestureDecider.Segment] = []
            for o in track.observations {
                labels += stream.add(o)
                segments += stream.takeSegments()
            }
            labels += stream.finish()
            segments += stream.takeSegments()
            #expect(labels == track.labels, "\(track.name)")
            #expect(WorkedTrack.describe(segments) == track.expectedSegments, "\(track.name)")
        }
    }

    @Test("The streamed decider hands out a label only once no later observation can change it")
    func deciderHandsOutFinalLabels() {
        // "dip and release": i0 is final at once (no candidate). i1 starts the candidate, so nothing
        // more is handed out until i4 holds T (dated back to i1); then i1...i4 are final. i5 dips below exit (release clock
        // from i5), i6 recovers: i5 and i6 are final. i7 dips again and its label waits until the
        // release at i9 decides it (none).
        var stream = GestureDecider.Stream(hand: "right")
        let handedOut = Self.workedTracks[0].observations.map { stream.add($0).count }
        #expect(handedOut == [1, 0, 0, 0, 4, 0, 2, 0, 0, 3, 1, 1])
        #expect(stream.finish().isEmpty)
    }

    @Test("The streamed decider keeps only the undecided observations: under a second of them on a steady track")
    func deciderMemory() {
        let observations = Self.randomTrack(seed: 99, count: 3000).enumerated().map { k, o in
            GestureDecider.Observation(frame: k, time: Double(k) / 30, scores: o.scores)
        }
        var stream = GestureDecider.Stream(hand: "right")
        var handedOut = 0
        var mostWaiting = 0
        for (k, o) in observations.enumerated() {
            handedOut += stream.add(o).count
            mostWaiting = max(mostWaiting, k + 1 - handedOut)
        }
        #expect(mostWaiting <= 30, "\(mostWaiting) observations waited")
    }

    /// A two-hand recording: the right hand changes gesture every 1-2 s with short flickers, the
    /// left one comes and goes (and leaves once in the middle of a gesture).
    static func recording(labelled: Bool = false) throws -> String {
        var generator = RealisticHands(seed: 31)
        let cycle = ["open_palm", "closed_fist", "victory", "thumbs_up", "pointing_up", "thumbs_down", "none"]
        var frames: [Frame] = []
        for f in 0..<420 {
            var label = cycle[(f / 45) % cycle.count]
            if f % 45 == 20 || f % 45 == 21 { label = "i_love_you" }
            var hands = [generator.sample(label, left: false).hand]
            if (60..<130).contains(f) || (250..<262).contains(f) {
                hands.append(generator.sample(f < 200 ? "victory" : "closed_fist", left: true).hand)
            }
            frames.append(
                Frame(index: f, timestamp: labelled ? nil : Double(f) / 30 + (f >= 300 ? 2 : 0), hands: hands))
        }
        let path = Samples.temporary(labelled ? "poses.csv" : "recording.csv")
        var text = CSVLandmarkWriter.string(LandmarkSequence(frames: frames))
        if labelled {
            // A labelled dataset has no frame and timestamp_ms columns: drop the writer's first two.
            text =
                text.split(separator: "\n").map {
                    $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(2).joined(separator: ",")
                }
                .joined(separator: "\n") + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("Streamed classification of a CSV gives the per-frame results and segments of the in-memory one")
    func classifierMatches() throws {
        let path = try Self.recording()
        for smoothing in [true, false] {
            let classifier = SequenceClassifier(
                smoother: smoothing ? LandmarkSmoother(parameters: .classify) : nil)
            let whole = classifier.classify(try LandmarkFile.read(path))
            var frames: [SequenceClassifier.FrameResult] = []
            let summary = try classifier.classifyCSV(at: path) { frames.append($0) }
            #expect(frames == whole.frames)
            #expect(summary.segments == whole.segments)
            #expect(summary.frames == 420)
            #expect(Set(whole.segments.map(\.gesture)).count >= 4)
            #expect(Set(whole.segments.map(\.hand)) == ["left", "right"])
        }
    }

    @Test("A labelled CSV is streamed as independent poses, as in memory")
    func labelledMatches() throws {
        let path = try Self.recording(labelled: true)
        let whole = try LandmarkFile.read(path)
        #expect(whole.sourceFormat == .labelledCSV)
        let classifier = SequenceClassifier(smoother: LandmarkSmoother(parameters: .classify))
        let expected = classifier.classify(whole)
        var frames: [SequenceClassifier.FrameResult] = []
        let summary = try classifier.classifyCSV(at: path) { frames.append($0) }
        #expect(frames == expected.frames)
        #expect(summary.segments == expected.segments)
    }

    @Test("The first pass counts the validation errors the validator finds on the whole file")
    func validationCounted() throws {
        var generator = RealisticHands(seed: 41)
        var frames: [Frame] = []
        for f in 0..<2500 {
            var hand = generator.sample("open_palm", left: false).hand
            if f == 10 || f == 1000 || f == 2001 { hand.landmarks[4]?.x = .nan }
            // Time runs backwards at a chunk boundary (frames 999 -> 1000) and inside a chunk.
            let t = f == 1000 || f == 1500 ? Double(f - 5) / 30 : Double(f) / 30
            frames.append(Frame(index: f, timestamp: t, hands: [hand]))
        }
        let path = Samples.temporary("errors.csv")
        try CSVLandmarkWriter.string(LandmarkSequence(frames: frames)).write(
            toFile: path, atomically: true, encoding: .utf8)
        let report = Validator().validate(try LandmarkFile.read(path), path: path)
        #expect(report.errorCount >= 5)
        let summary = try SequenceClassifier().classifyCSV(at: path, validator: Validator()) { _ in }
        #expect(summary.validationErrors == report.errorCount)
        #expect(summary.firstValidationError == report.issues.first { $0.severity == .error })
    }

    @Test("Plain-row detection streams the file: quotes and bare CRs are not plain")
    func plainRows() throws {
        let plain = Samples.temporary("plain.csv")
        try "frame,x0,y0\r\n0,0.5,0.5\r\n".write(toFile: plain, atomically: true, encoding: .utf8)
        let quoted = Samples.temporary("quoted.csv")
        try "frame,x0,y0,label\n0,0.5,0.5,\"a\"\n".write(toFile: quoted, atomically: true, encoding: .utf8)
        let bareCR = Samples.temporary("cr.csv")
        try "frame,x0,y0\r0,0.5,0.5\r".write(toFile: bareCR, atomically: true, encoding: .utf8)
        #expect(LandmarkFile.hasPlainRows(path: plain))
        #expect(!LandmarkFile.hasPlainRows(path: quoted))
        #expect(!LandmarkFile.hasPlainRows(path: bareCR))
        #expect(!LandmarkFile.hasPlainRows(path: plain + ".missing"))
    }
}

/// The live view of the one decision rule: ``GestureDecider/Stream/heldGesture`` changes when the
/// rule decides, never dated back (what ``LiveClassifier`` reports).
@Suite("Held gesture as a live user sees it")
struct LiveHeldGestureTests {
    @Test("A thumbs up is held from the first frame 0.3 s after it began, and released 0.25 s after it fell")
    func handWorked() {
        // 10 frames per second: thumbs up at 0.9 from t = 0.0 to 0.9, then 0.1 from t = 1.0 on.
        var stream = GestureDecider.Stream(hand: "right")
        var held: [Gesture] = []
        var labels: [Gesture] = []
        for f in 0..<20 {
            let t = Double(f) / 10
            let score = f < 10 ? 0.9 : 0.1
            labels += stream.add(.init(frame: f, time: t, scores: [.thumbsUp: score, .closedFist: 0.1]))
            held.append(stream.heldGesture)
        }
        labels += stream.finish()
        // Candidate at t = 0.0, held at t = 0.3 (0.3 - 0.0 >= 0.3); below the exit threshold from
        // t = 1.0, released at t = 1.3 (1.3 - 1.0 >= 0.25), not at t = 1.2.
        let expected: [Gesture] =
            Array(repeating: .none, count: 3) + Array(repeating: .thumbsUp, count: 10)
            + Array(repeating: .none, count: 7)
        #expect(held == expected)
        // The recording's labels are dated back: held from the candidate's start to the last frame
        // above the exit threshold.
        #expect(labels == Array(repeating: .thumbsUp, count: 10) + Array(repeating: .none, count: 10))
    }
}
