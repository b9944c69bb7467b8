import Foundation
import MedCore
import MedGestures
import MedSynthetic
import Testing

/// `classify` without holding the file: the streamed decider and classifier against the whole-track
/// ``GestureDecider/decide(_:hand:)`` and ``SequenceClassifier/classify(_:)``, which hold everything.
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

    @Test("The streamed decider gives the labels and segments of the whole-track decider", arguments: 0..<40)
    func deciderMatches(seed: Int) {
        let observations = Self.randomTrack(seed: UInt64(seed), count: 50 + 37 * seed)
        var parameters = GestureDecider.Parameters()
        if seed % 3 == 1 { (parameters.minimumDuration, parameters.releaseDuration) = (0.1, 0.5) }
        if seed % 3 == 2 { (parameters.enterThreshold, parameters.exitThreshold) = (0.8, 0.5) }
        let whole = GestureDecider(parameters: parameters).decide(observations, hand: "right")
        var stream = GestureDecider.Stream(parameters: parameters, hand: "right")
        var labels: [Gesture] = []
        var segments: [GestureDecider.Segment] = []
        for o in observations {
            labels += stream.add(o)
            segments += stream.takeSegments()
        }
        labels += stream.finish()
        segments += stream.takeSegments()
        #expect(labels == whole.labels)
        #expect(segments == whole.segments)
        #expect(!whole.segments.isEmpty)
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
