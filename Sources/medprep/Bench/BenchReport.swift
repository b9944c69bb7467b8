import Foundation

/// What `medprep bench` measured: the `--json` document, and the source of the human table.
struct BenchReport: Codable {
    /// Minimum, median and maximum over the repetitions.
    struct Spread: Codable {
        var min: Double
        var median: Double
        var max: Double

        init(_ values: [Double]) {
            let sorted = values.sorted()
            min = sorted.first ?? 0
            max = sorted.last ?? 0
            let n = sorted.count
            median = n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        }
    }

    struct Machine: Codable {
        var cpu: String
        var cores: Int
        var os: String
    }

    struct Corpus: Codable {
        /// `synthetic dicom16 2048x2500` or the input paths.
        var source: String
        var images: Int
        var bytes: Int
        var skipped: Int
        /// The first skipped input's reason, if any.
        var firstError: String?
    }

    struct Stage: Codable {
        var stage: String
        /// Thread time per input image, in milliseconds (median over repetitions).
        var msPerImage: Double
        /// Fraction of the summed stage times, 0...1.
        var share: Double
    }

    struct JobsRun: Codable {
        var jobs: Int
        var imagesPerSecond: Spread
        /// Input bytes read per second, in MB (10^6 bytes).
        var inputMBPerSecond: Spread
        /// Shard bytes written per second, in MB.
        var outputMBPerSecond: Spread
        /// Median images per second over that of `--jobs 1`.
        var scaling: Double
        /// The process's peak resident set once this level finished (Linux `VmHWM`, else `ru_maxrss`), in MB.
        var peakRSSMB: Double
        var stages: [Stage]
    }

    struct FormatRun: Codable {
        var format: String
        var pngLevel: Int?
        var jobs: Int
        var imagesPerSecond: Spread
        var encodeMsPerImage: Double
        /// Mean bytes of the image member (PNG or NPY).
        var bytesPerImage: Double
        /// Shard bytes per second, in MB.
        var outputMBPerSecond: Double
    }

    var tool: String
    var date: String
    var machine: Machine
    var corpus: Corpus
    /// The pipeline flags, as `convert` would take them.
    var pipeline: [String]
    var warmupPasses: Int
    var repetitions: Int
    var runs: [JobsRun]
    var formats: [FormatRun]
    var peakRSSMB: Double

    /// The report as a person reads it.
    var text: String {
        var lines: [String] = []
        let mb = Double(corpus.bytes) / 1e6
        lines.append(
            "medprep bench: \(corpus.images) images (\(corpus.source), \(String(format: "%.1f", mb)) MB), "
                + pipeline.joined(separator: " "))
        lines.append(
            "\(machine.cpu), \(machine.cores) cores; \(warmupPasses) warm-up pass, \(repetitions) repetitions "
                + "of convert's pipeline")
        if corpus.skipped > 0 {
            lines.append("skipped \(corpus.skipped) inputs; first: \(corpus.firstError ?? "")")
        }
        for run in runs {
            lines.append("")
            lines.append("--jobs \(run.jobs): stage time per image (thread time, median of \(repetitions))")
            lines.append(pad("stage", 12) + lpad("ms/image", 10) + lpad("share", 9))
            for stage in run.stages {
                lines.append(
                    pad(stage.stage, 12) + lpad(String(format: "%.2f", stage.msPerImage), 10)
                        + lpad(String(format: "%.1f%%", stage.share * 100), 9))
            }
            let total = run.stages.reduce(0) { $0 + $1.msPerImage }
            lines.append(pad("total", 12) + lpad(String(format: "%.2f", total), 10) + lpad("100.0%", 9))
        }
        lines.append("")
        lines.append(
            pad("jobs", 6) + lpad("images/s min / median / max", 30) + lpad("MB/s in", 10) + lpad("MB/s out", 10)
                + lpad("scaling", 9) + lpad("peak RSS", 11))
        for run in runs {
            let s = run.imagesPerSecond
            lines.append(
                pad(String(run.jobs), 6)
                    + lpad(String(format: "%.1f / %.1f / %.1f", s.min, s.median, s.max), 30)
                    + lpad(String(format: "%.1f", run.inputMBPerSecond.median), 10)
                    + lpad(String(format: "%.1f", run.outputMBPerSecond.median), 10)
                    + lpad(String(format: "%.2fx", run.scaling), 9) + lpad(String(format: "%.0f MB", run.peakRSSMB), 11)
            )
        }
        if !formats.isEmpty {
            lines.append("")
            lines.append(
                pad("output format", 16) + lpad("jobs", 5) + lpad("images/s", 10) + lpad("encode ms", 11)
                    + lpad("KB/image", 10) + lpad("MB/s out", 10))
            for f in formats {
                let name = f.format + (f.pngLevel.map { " level \($0)" } ?? "")
                lines.append(
                    pad(name, 16) + lpad(String(f.jobs), 5) + lpad(String(format: "%.1f", f.imagesPerSecond.median), 10)
                        + lpad(String(format: "%.2f", f.encodeMsPerImage), 11)
                        + lpad(String(format: "%.1f", f.bytesPerImage / 1024), 10)
                        + lpad(String(format: "%.1f", f.outputMBPerSecond), 10))
            }
        }
        lines.append("")
        lines.append(String(format: "peak resident memory %.0f MB", peakRSSMB))
        return lines.joined(separator: "\n") + "\n"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private func lpad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}
