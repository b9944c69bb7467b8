import ArgumentParser
import Foundation
import MedImage

/// `medprep inspect FILE...`: what each file is, and statistics of its pixels.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe DICOM, PNG and JPEG files: format, geometry, bits, windows and pixel statistics.",
        discussion: """
            Every file is reported, even after a failure; the exit status is non-zero if any failed.
            Patient identifiers are not shown unless --show-phi is given.
            """
    )

    @Argument(help: "Files to inspect (format detected from the bytes).")
    var files: [String]

    @Option(help: "Zero-based frame of multi-frame images.")
    var frame: Int = 0

    @OptionGroup var pixelLimit: PixelLimitOption

    @Flag(help: "Print one JSON document (an array, one object per file).")
    var json = false

    @Flag(name: .customLong("show-phi"), help: "Also print the Patient ID (personal data).")
    var showPHI = false

    func run() throws {
        var summaries: [ImageSummary] = []
        var failed = 0
        for path in files {
            let summary: ImageSummary
            do {
                let image = try ImageDecoder.decode(contentsOf: path, options: DecodeOptions(frame: frame, maximumPixels: pixelLimit.maxPixels))
                summary = ImageSummary(path: path, image: image, showPHI: showPHI)
            } catch {
                failed += 1
                summary = ImageSummary(path: path, error: error)
            }
            if json {
                summaries.append(summary)
            } else {
                print(summary.text)
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summaries), as: UTF8.self))
        } else if files.count > 1 {
            print("\(files.count - failed) of \(files.count) files decoded, \(failed) failed")
        }
        if failed > 0 { throw ExitCode.failure }
    }
}
