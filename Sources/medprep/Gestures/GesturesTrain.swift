import ArgumentParser
import Foundation
import MedGestures

/// `medprep gestures train FILE... -o model.json`: a k-NN model on interpretable features.
struct GesturesTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a k-NN gesture model from labelled landmark files and save it as JSON.",
        discussion: """
            Every hand in a frame with a label is an example. Labels are mapped onto gesture names (our names, \
            MediaPipe's Thumb_Up/Open_Palm/..., HaGRID's like/dislike/palm/...); other labels train the reject class none.
            """)

    @OptionGroup var input: GesturesInputOptions
    @OptionGroup var rotation: ImageRotationOption

    @Option(help: "Reject threshold stored in the model: a best score below it gives `none`.")
    var threshold: Double = 0.5

    @Option(name: .shortAndLong, help: "Output model file (JSON).")
    var output: String

    @Option(help: "Neighbours consulted.")
    var k: Int = 5

    @Argument(help: "Labelled landmark files (single-frame labelled CSV, or wide CSV with a label column).")
    var files: [String]

    func validate() throws {
        if !(0...1).contains(threshold) { throw ValidationError("--threshold must be in 0...1") }
    }

    func run() throws {
        var poses: [LabelledPoses.Pose] = []
        var normalizations: [HandNormalization] = []
        for path in files {
            let sequence = try input.read(path)
            let found = LabelledPoses.poses(in: sequence)
            poses += found
            normalizations += Array(
                repeating: HandNormalization(for: sequence, imageRotationDegrees: rotation.imageRotation),
                count: found.count)
        }
        var samples: [(HandFeatures, Gesture)] = []
        var skipped = 0
        for (pose, normalization) in zip(poses, normalizations) {
            if let features = HandFeatures(hand: pose.hand, normalization: normalization) {
                samples.append((features, pose.gesture))
            } else {
                skipped += 1
            }
        }
        let model: KNNClassifier
        do { model = try KNNClassifier(training: samples, k: k, threshold: threshold) } catch {
            printDiagnostic(error.description)
            throw ExitCode.failure
        }
        do { try model.jsonData().write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
            printDiagnostic("\(output): cannot write the model: \(error)")
            throw ExitCode.failure
        }
        print(
            "wrote \(output): \(samples.count) examples, k = \(model.k), reject distance \(String(format: "%.2f", model.rejectDistance))"
        )
        for g in Gesture.allCases {
            let n = samples.count { $0.1 == g }
            if n > 0 { print("  \(g.rawValue): \(n)") }
        }
        for (label, n) in LabelledPoses.unmappedLabels(poses).sorted(by: { $0.key < $1.key }) {
            print("  label '\(label)' (\(n)) is not a gesture name: trained as none")
        }
        if skipped > 0 { print("  \(skipped) hands skipped (incomplete or non-finite landmarks)") }
    }
}
