import ArgumentParser
import Foundation
import MedImage

/// `medprep decode FILE --values stored --out X.npy`: one frame's values at a chosen level.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Write one frame's stored, modality or presentation values as .npy (or presentation as PNG).",
        discussion: """
            stored: values in the file after decompression (Bits Stored masked, sign-extended); the
            dtype is uint8, uint16 or int16 (float32 / float64 for 32-bit, Float and Double Float
            Pixel Data). modality: after rescale or Modality LUT, float32 (float64 when the stored
            values are float64).
            presentation: after VOI and MONOCHROME1 inversion, float32 in 0...1, or an 8-bit PNG
            when --out ends in .png.
            """
    )

    enum Level: String, ExpressibleByArgument, CaseIterable {
        case stored, modality, presentation
    }

    @Argument(help: "The input file.")
    var file: String

    @Option(help: "Which values: stored, modality or presentation.")
    var values: Level = .stored

    @Option(help: "Zero-based frame.")
    var frame: Int = 0

    @OptionGroup var pixelLimit: PixelLimitOption

    @Option(help: "Explicit window as CENTER,WIDTH (presentation only); overrides the file's windows.")
    var window: String?

    @Option(name: .customLong("voi-function"), help: "linear, linear-exact or sigmoid, with --window.")
    var voiFunction: String = "linear"

    @Option(name: .customLong("window-index"), help: "Which of the file's windows to use (presentation only).")
    var windowIndex: Int?

    @Option(name: .customLong("voi-lut-index"), help: "Which VOI LUT Sequence item to use (presentation only).")
    var voiLUTIndex: Int?

    @Flag(help: "Reduce color to one gray channel, as convert --color gray does.")
    var gray = false

    @Option(help: "Output path (.npy, or .png for presentation values).")
    var out: String

    func run() throws {
        let image: DecodedImage
        do {
            var options = DecodeOptions(frame: frame, maximumPixels: pixelLimit.maxPixels)
            options.decodesColorAsGray = gray
            image = try ImageDecoder.decode(contentsOf: file, options: options)
        } catch {
            reportFailure(error)
            throw ExitCode.failure
        }
        let bytes: [UInt8]
        switch values {
        case .stored:
            bytes = NPYEncoder.encode(image.stored)
        case .modality:
            if case .float64 = image.stored {
                bytes = NPYEncoder.encode(image.modalityValuesInDouble())
            } else {
                bytes = NPYEncoder.encode(image.modalityValues())
            }
        case .presentation:
            let presented = image.presentationValues(try selection())
            if out.lowercased().hasSuffix(".png") {
                // Presentation values are 0...1, but a VOI LUT entry above its stated bit depth gives more,
                // and a NaN modality value NaN: clamped, never converted as is.
                let quantized = presented.samples.map { $0.isNaN ? 0 : UInt8((min(max($0, 0), 1) * 255).rounded(.toNearestOrEven)) }
                bytes = try PNGEncoder.encode(PixelBuffer(width: presented.width, height: presented.height,
                                                          channels: presented.channels, samples: quantized))
            } else {
                bytes = NPYEncoder.encode(presented)
            }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
    }

    private func selection() throws -> VOISelection {
        if let window {
            let parts = window.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2 else { throw ValidationError("--window needs CENTER,WIDTH, got '\(window)'") }
            let function: VOIFunction
            switch voiFunction.lowercased() {
            case "linear": function = .linear
            case "linear-exact", "linear_exact": function = .linearExact
            case "sigmoid": function = .sigmoid
            default: throw ValidationError("--voi-function must be linear, linear-exact or sigmoid")
            }
            guard function == .linear ? parts[1] >= 1 : parts[1] > 0 else {
                throw ValidationError("window width \(parts[1]) is too small for \(function.rawValue)")
            }
            return .explicit(VOIWindow(center: parts[0], width: parts[1], function: function))
        }
        if let windowIndex { return .window(index: windowIndex) }
        if let voiLUTIndex { return .lut(index: voiLUTIndex) }
        return .automatic
    }
}
