import ArgumentParser
import Foundation
import MedGestures

/// `medprep gestures eval FILE...`: accuracy, per-class precision and recall, confusion matrix,
/// and accuracy and flicker under simulated tremor with and without smoothing.
struct GesturesEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a classifier on labelled files, optionally under simulated tremor.")

    @OptionGroup var input: GesturesInputOptions
    @OptionGroup var classifierOptions: GesturesModelOptions

    @Flag(help: "Also simulate tremor (A sin(2 pi f t) plus jitter) on every labelled pose.")
    var tremor = false

    @Option(help: "Tremor frequencies in Hz, comma-separated.")
    var frequencies = "4,6,8,12"

    @Option(help: "Tremor amplitudes in normalized units, comma-separated.")
    var amplitudes = "0.01,0.05,0.1"

    @Option(help: "Tracker jitter standard deviation, normalized units.")
    var jitter = 0.004

    @Option(help: "Seconds each pose is held in the tremor simulation.")
    var duration = 3.0

    @Option(help: "Seed of the tremor simulation.")
    var seed: UInt64 = 42

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Option(
        name: .customLong("label-alias"),
        help: ArgumentHelp(
            "A dataset's own name for a gesture, NAME=GESTURE (repeatable), e.g. 'thump down=thumbs_down'.",
            valueName: "name=gesture"))
    var labelAliases: [String] = []

    @Flag(
        help:
            "Drop every z after reading: score 3-D files as a 2-D tracker would give them (the 2-D thumb arbiter then applies).")
    var ignoreZ = false

    @Argument(help: "Labelled landmark files.")
    var files: [String]

    /// The sequence with every z (and the world landmarks) removed, as a 2-D tracker writes it.
    static func withoutDepth(_ sequence: LandmarkSequence) -> LandmarkSequence {
        var flat = sequence
        flat.zIsRelativeToWrist = false
        for f in flat.frames.indices {
            for h in flat.frames[f].hands.indices {
                flat.frames[f].hands[h].worldLandmarks = nil
                flat.frames[f].hands[h].landmarks = flat.frames[f].hands[h].landmarks.map { point in
                    point.map { var p = $0; p.z = nil; return p }
                }
            }
        }
        return flat
    }

    func validate() throws {
        guard let f = GesturesOutput.numberList(frequencies), f.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--frequencies must be positive numbers separated by commas")
        }
        guard let a = GesturesOutput.numberList(amplitudes), a.allSatisfy({ $0 >= 0 }) else {
            throw ValidationError("--amplitudes must be numbers >= 0 separated by commas")
        }
        guard jitter >= 0, duration > 0 else { throw ValidationError("--jitter must be >= 0 and --duration > 0") }
        guard LabelledPoses.aliases(labelAliases) != nil else {
            throw ValidationError("--label-alias must be NAME=GESTURE with a known gesture, e.g. 'thump down=thumbs_down'")
        }
    }

    func run() throws {
        let classifier = try classifierOptions.classifier()
        var matrix = ConfusionMatrix()
        var sequences = SequenceEvaluation()
        let sequenceClassifier = SequenceClassifier(
            classifier: classifier, smoother: LandmarkSmoother(fallbackFPS: input.fps ?? 30),
            imageRotationDegrees: classifierOptions.imageRotation, fallbackFPS: input.fps ?? 30)
        var poses: [(hand: Hand, truth: Gesture)] = []
        var unmapped: [String: Int] = [:]
        var imageSize: ImageSize?
        for path in files {
            var sequence = try input.read(path)
            if ignoreZ { sequence = Self.withoutDepth(sequence) }
            if sequence.aspectRatioUnknown { GesturesInputOptions.warnAspectRatioUnknown(path) }
            let found = LabelledPoses.poses(in: sequence, aliases: LabelledPoses.aliases(labelAliases) ?? [:])
            if found.isEmpty {
                printDiagnostic(
                    sequence.sourceFormat == .keypointCSV
                        ? "\(path): no labelled frames (no keypoint_classifier_label.csv next to it; give --class-names)"
                        : "\(path): no labelled frames (a `label` column is needed)")
            }
            let normalization = HandNormalization(for: sequence, imageRotationDegrees: classifierOptions.imageRotation)
            matrix.add(LabelledPoses.evaluate(found, classifier: classifier, normalization: normalization))
            if !sequence.holdsIndependentPoses && sequence.frames.contains(where: { $0.timestamp != nil }) {
                sequences.add(sequence, classifier: sequenceClassifier)
            }
            poses += found.map { ($0.hand, $0.gesture) }
            unmapped.merge(LabelledPoses.unmappedLabels(found), uniquingKeysWith: +)
            imageSize = imageSize ?? sequence.imageSize
        }
        guard matrix.total > 0 else {
            printDiagnostic("no labelled hands to evaluate")
            throw ExitCode.failure
        }
        var rows: [TremorEvaluation.Row] = []
        if tremor {
            var evaluation = TremorEvaluation()
            evaluation.frequencies = GesturesOutput.numberList(frequencies) ?? []
            evaluation.amplitudes = GesturesOutput.numberList(amplitudes) ?? []
            evaluation.jitter = jitter
            evaluation.duration = duration
            evaluation.classifier = classifier
            evaluation.seed = seed
            evaluation.smoother = LandmarkSmoother(fallbackFPS: evaluation.fps)
            rows = evaluation.run(poses, imageSize: imageSize)
        }
        if json {
            var members: [(key: String, value: JSONValue)] = [("static", matrix.json)]
            if sequences.held.total > 0 {
                members.append(
                    (
                        "sequences",
                        .object([
                            ("held", sequences.held.json), ("frames_smoothed", sequences.frames.json),
                            ("frame_flicker_per_s", .number(sequences.frameFlicker)),
                            ("held_flicker_per_s", .number(sequences.heldFlicker)),
                        ])
                    ))
            }
            if tremor { members.append(("tremor", TremorEvaluation.json(rows))) }
            members.append(
                (
                    "unmapped_labels",
                    .object(unmapped.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })
                ))
            print(JSONWriter.string(.object(members), indent: 2))
            return
        }
        print("per-frame decisions (no smoothing):\n")
        print(matrix.table)
        if sequences.held.total > 0 {
            print("recordings: held gestures (1€ tremor preset, minimum duration, hysteresis):\n")
            print(sequences.held.table)
            print(
                String(
                    format: "flicker: %.2f label changes/s per frame, %.2f held (over %.1f s)\n",
                    sequences.frameFlicker, sequences.heldFlicker, sequences.seconds))
        }
        for (label, n) in unmapped.sorted(by: { $0.key < $1.key }) {
            print("label '\(label)' (\(n)) is not a gesture name: counted as none")
        }
        if tremor {
            print(
                "\nsimulated tremor (\(String(format: "%.0f", duration)) s clips at 30 fps, jitter \(jitter); 1€ tremor preset):"
            )
            print(TremorEvaluation.table(rows))
        }
    }
}
