import ArgumentParser

/// `--image-rotation`: how far the scene appears turned in the image, undone before a hand's
/// features are measured (classifying, evaluating and training alike).
struct ImageRotationOption: ParsableArguments {
    // Unconditional, so that negative angles such as -90 are read as the value and not as an option.
    @Option(
        parsing: .unconditional,
        help:
            "Degrees clockwise by which the scene appears rotated in the image (e.g. 90 for a sideways phone); undone before classifying. The hand itself is never rotated upright."
    )
    var imageRotation: Double = 0

    func validate() throws {
        if !imageRotation.isFinite { throw ValidationError("--image-rotation must be finite") }
    }
}
