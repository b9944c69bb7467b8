import ArgumentParser
import Foundation
import MedGestures

/// `medprep gestures classify FILE`: per-frame gestures, then held segments with hysteresis.
struct GesturesClassify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify gestures per frame and decide held gestures (minimum duration, hysteresis).",
        discussion: """
            Classes: \(Gesture.recognized.map(\.rawValue).joined(separator: ", ")), and none \
            (no class reaches the threshold). A gesture is held once its score stays >= --enter for --min-duration, \
            and ends once it stays below --exit for --release.
            """)

    @OptionGroup var input: GesturesInputOptions
    @OptionGroup var classifierOptions: GesturesModelOptions

    @Flag(
        inversion: .prefixedNo,
        help: "Smooth lightly (1€ classify preset: 4 Hz, beta 0.7) before classifying; the hold rules reject tremor.")
    var smooth = true

    @Option(help: "Score needed to start holding a gesture.")
    var enter: Double = 0.6

    @Option(help: "Score below which a held gesture starts to end.")
    var exit: Double = 0.35

    @Option(help: "Seconds a gesture must be seen before it is held.")
    var minDuration: Double = 0.3

    @Option(help: "Seconds below --exit before a held gesture ends.")
    var release: Double = 0.25

    @Flag(help: "Also print the per-frame labels (always included with --json).")
    var frames = false

    @Flag(help: "Print segments and per-frame labels as JSON.")
    var json = false

    @Argument(
        help:
            "Landmark file or OpenPose folder; - reads MediaPipe JSON Lines from standard input and prints one JSON line per hand per frame as soon as it is decided."
    )
    var file: String

    func validate() throws {
        guard (0...1).contains(enter), (0...1).contains(exit), exit <= enter else {
            throw ValidationError("--exit and --enter must be in 0...1 with --exit <= --enter")
        }
        guard minDuration >= 0, release >= 0 else { throw ValidationError("durations must be >= 0") }
    }

    func run() throws {
        var parameters = GestureDecider.Parameters()
        parameters.enterThreshold = enter
        parameters.exitThreshold = exit
        parameters.minimumDuration = minDuration
        parameters.releaseDuration = release
        if file == "-" {
            var live = LiveClassifier(
                classifier: try classifierOptions.classifier(), smoothing: smooth ? .classify : nil,
                decider: parameters,
                normalization: HandNormalization(
                    imageSize: input.readOptions.imageSize, imageRotationDegrees: classifierOptions.imageRotation))
            GesturesLive.run(options: input.readOptions, fps: input.fps ?? 30) { frame, time in
                live.classify(frame, at: time).map { d in
                    JSONWriter.string(
                        .object([
                            ("frame", .number(Double(frame.index))), ("time_s", .number(time)),
                            ("hand", .string(d.hand)), ("gesture", .string(d.prediction?.gesture.rawValue ?? "none")),
                            ("confidence", d.prediction.map { .number($0.confidence) } ?? .null),
                            ("held", .string(d.held.rawValue)),
                        ]))
                }
            }
            return
        }
        let classifier = SequenceClassifier(
            classifier: try classifierOptions.classifier(),
            smoother: smooth ? LandmarkSmoother(parameters: .classify, fallbackFPS: input.fps ?? 30) : nil,
            decider: GestureDecider(parameters: parameters), imageRotationDegrees: classifierOptions.imageRotation,
            fallbackFPS: input.fps ?? 30)
        if input.format == nil, file.lowercased().hasSuffix(".csv"), LandmarkFile.detectedFormat(path: file) != .keypointCSV,
            LandmarkFile.hasPlainRows(path: file)
        {
            try streamed(classifier)
            return
        }
        let sequence = try input.readChecked(file)
        if sequence.aspectRatioUnknown { GesturesInputOptions.warnAspectRatioUnknown(file) }
        let result = classifier.classify(sequence)
        if json {
            print(JSONWriter.string(Self.json(result, path: file), indent: 2))
            return
        }
        print(Self.heading(file, frames: sequence.frames.count, segments: result.segments.count))
        for s in result.segments { print(Self.line(s)) }
        if frames {
            for f in result.frames { print(Self.line(f)) }
        }
    }

    static func heading(_ file: String, frames: Int, segments: Int) -> String {
        "\(file): \(frames) frames, \(segments) segment\(segments == 1 ? "" : "s")"
    }

    static func line(_ s: GestureDecider.Segment) -> String {
        String(
            format: "  %@ %@ frames %d-%d, %.3f-%.3f s, confidence %.2f",
            s.hand.padding(toLength: 6, withPad: " ", startingAt: 0),
            s.gesture.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0),
            s.startFrame, s.endFrame, s.start, s.end, s.confidence)
    }

    static func line(_ f: SequenceClassifier.FrameResult) -> String {
        let raw = f.prediction.map { String(format: "%@ %.2f", $0.gesture.rawValue, $0.confidence) } ?? "unusable"
        return String(
            format: "  frame %d  %.3f s  %@  frame: %@  held: %@", f.frame, f.time, f.hand, raw, f.decided.rawValue)
    }

    static func json(_ result: SequenceClassifier.Result, path: String) -> JSONValue {
        json(segments: result.segments, frames: result.frames.map(json), path: path)
    }

    static func json(segments: [GestureDecider.Segment], frames: [JSONValue], path: String) -> JSONValue {
        .object([
            ("path", .string(path)),
            (
                "segments",
                .array(
                    segments.map { s in
                        .object([
                            ("hand", .string(s.hand)), ("gesture", .string(s.gesture.rawValue)),
                            ("start_frame", .number(Double(s.startFrame))), ("end_frame", .number(Double(s.endFrame))),
                            ("start_s", .number(s.start)), ("end_s", .number(s.end)),
                            ("confidence", .number(s.confidence)),
                        ])
                    })
            ),
            ("frames", .array(frames)),
        ])
    }

    static func json(_ f: SequenceClassifier.FrameResult) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("frame", .number(Double(f.frame))), ("time_s", .number(f.time)), ("hand", .string(f.hand)),
            ("gesture", .string(f.prediction?.gesture.rawValue ?? "none")),
            ("confidence", f.prediction.map { .number($0.confidence) } ?? .null),
            ("held", .string(f.decided.rawValue)),
        ]
        if let scores = f.prediction?.scores {
            members.append(("scores", .object(Gesture.recognized.map { ($0.rawValue, .number(scores[$0] ?? 0)) })))
        }
        return .object(members)
    }
}
