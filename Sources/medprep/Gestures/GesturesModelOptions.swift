import ArgumentParser
import Foundation
import MedGestures

/// Options choosing the per-frame classifier: the rules, or a trained k-NN model.
struct GesturesModelOptions: ParsableArguments {
    @Option(help: "A k-NN model written by `medprep gestures train` (default: the rule classifier).")
    var model: String?

    @Option(help: "Reject threshold: a best score below it gives `none` (default 0.5).")
    var threshold: Double?

    // Unconditional, so that negative angles such as -90 are read as the value and not as an option.
    @Option(
        parsing: .unconditional,
        help:
            "Degrees clockwise by which the scene appears rotated in the image (e.g. 90 for a sideways phone); undone before classifying. The hand itself is never rotated upright."
    )
    var imageRotation: Double = 0

    func validate() throws {
        if let threshold, !(0...1).contains(threshold) { throw ValidationError("--threshold must be in 0...1") }
        if !imageRotation.isFinite { throw ValidationError("--image-rotation must be finite") }
    }

    func classifier() throws -> any GestureClassifier {
        guard let model else { return RuleClassifier(threshold: threshold ?? 0.5) }
        guard let data = FileManager.default.contents(atPath: model) else {
            printDiagnostic("\(model): cannot read the model file")
            throw ExitCode.failure
        }
        do {
            var knn = try KNNClassifier(jsonData: data, path: model)
            if let threshold { knn.threshold = threshold }
            return knn
        } catch {
            printDiagnostic(error.description)
            throw ExitCode.failure
        }
    }
}
