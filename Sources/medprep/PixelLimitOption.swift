import ArgumentParser
import MedImage

/// `--max-pixels`: the largest image (or frame) any command decodes, checked against the header
/// before anything is allocated for the pixels.
struct PixelLimitOption: ParsableArguments {
    @Option(
        name: .customLong("max-pixels"),
        help: ArgumentHelp(
            "Refuse images or frames of more pixels than this (width x height); the default, 8192 x 8192, is above the largest mammograms.",
            valueName: "count"))
    var maxPixels: Int = DecodeOptions.defaultMaximumPixels

    func validate() throws {
        if maxPixels < 1 { throw ValidationError("--max-pixels must be at least 1") }
    }
}
