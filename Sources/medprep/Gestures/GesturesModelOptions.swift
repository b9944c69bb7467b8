import ArgumentParser
import Foundation
import MedGestures
import MedSynthetic

/// Options choosing the per-frame classifier: the rules, or a trained k-NN model.
struct GesturesModelOptions: ParsableArguments {
    @Option(help: "A k-NN model written by `medprep gestures train` (default: the rule classifier).")
    var model: String?

    @Option(help: "Reject threshold: a best score below it gives `none` (default 0.5).")
    var threshold: Double?

    @OptionGroup var rotation: ImageRotationOption

    /// ``ImageRotationOption/imageRotation``.
    var imageRotation: Double { rotation.imageRotation }

    @Flag(
        name: .customLong("2d-thumb-arbiter"), inversion: .prefixedNo,
        help:
            "For hands without z that the rules call closed fist, thumbs up or thumbs down: a 3-nearest-neighbour vote among 13,335 generated reference hands (2-D shape) names thumbs up (down) only when all three are and the thumb points that way, else closed fist; a thumb standing well clear above the fist is never vetoed, and hands unlike every reference hand keep the rules' answer. Built once (about 1 s CPU) at the first hand without z; never consulted with z or with --model. Results on generated hands and real 2-D webcam rows: Sources/MedGestures/README.md."
    )
    var twoDThumbArbiter = true

    func validate() throws {
        if let threshold, !(0...1).contains(threshold) { throw ValidationError("--threshold must be in 0...1") }
    }

    func classifier() throws -> any GestureClassifier {
        guard let model else {
            let rules = RuleClassifier(threshold: threshold ?? 0.5)
            guard twoDThumbArbiter else { return rules }
            // Built lazily, at the first hand without z: 3-D input pays nothing.
            return ArbitratedClassifier(base: rules, arbiter: ThumbArbiter(lazy: { ThumbArbiter.generated() }))
        }
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
