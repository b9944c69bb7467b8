import ArgumentParser
import Foundation
import MedGestures

/// `medprep gestures smooth IN -o OUT`: 1€ smoothing with real timestamps, scaled by hand size.
struct GesturesSmooth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smooth",
        abstract: "Smooth landmarks with the 1€ filter (tremor preset by default) and write the same format.",
        discussion: """
            Coordinates are divided by the hand size before filtering, so --beta is per hand size per second. \
            Reports jitter (RMS of motion faster than about 2 Hz, in hand sizes) before and after, and compares \
            with a notch at the tremor frequency estimated from the signal, at equal lag.
            """)

    enum Preset: String, ExpressibleByArgument, CaseIterable {
        case tremor, paper
    }

    @OptionGroup var input: GesturesInputOptions

    @Option(name: .shortAndLong, help: "Output file (an OpenPose folder for OpenPose output); not used with -.")
    var output: String?

    @Option(help: "Output format (default: the input's).")
    var outputFormat: LandmarkFormat?

    @Option(help: "Parameter preset: tremor (mincutoff 0.6 Hz, beta 0.02, dcutoff 0.5 Hz) or paper (1, 0.007, 1).")
    var preset: Preset = .tremor

    @Option(help: "Minimum cut-off in Hz (overrides the preset).")
    var minCutoff: Double?

    @Option(help: "Speed coefficient per hand size per second (overrides the preset).")
    var beta: Double?

    @Option(help: "Derivative cut-off in Hz (overrides the preset).")
    var dCutoff: Double?

    @Flag(
        inversion: .prefixedNo,
        help:
            "Divide coordinates by the hand size before filtering (--no-hand-scale runs a plain 1€ filter per coordinate)."
    )
    var handScale = true

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Argument(
        help:
            "Input landmark file or OpenPose folder; - reads MediaPipe JSON Lines from standard input and prints each smoothed frame as a JSON line at once."
    )
    var file: String

    func validate() throws {
        for (name, value) in [("--min-cutoff", minCutoff), ("--d-cutoff", dCutoff)] {
            if let value, !(value > 0 && value.isFinite) { throw ValidationError("\(name) must be > 0") }
        }
        if let beta, !(beta >= 0 && beta.isFinite) { throw ValidationError("--beta must be >= 0") }
        if file != "-" && output == nil { throw ValidationError("give the output file with -o") }
    }

    /// CSV in and CSV out stream; other formats are read whole.
    var streams: Bool {
        let inputFormat =
            input.format
            ?? (file.lowercased().hasSuffix(".csv") ? LandmarkFormat.csv : nil)
        guard inputFormat == .csv || inputFormat == .labelledCSV else { return false }
        return outputFormat == nil || outputFormat == .csv || outputFormat == .labelledCSV
    }

    func run() throws {
        let base: OneEuroFilter.Parameters = preset == .tremor ? .tremor : .paperDefault
        let parameters = OneEuroFilter.Parameters(
            minCutoff: minCutoff ?? base.minCutoff, beta: beta ?? base.beta,
            derivativeCutoff: dCutoff ?? base.derivativeCutoff)
        guard file != "-", let output else {
            var live = LiveClassifier(smoothing: parameters)
            GesturesLive.run(options: input.readOptions, fps: input.fps ?? 30) { frame, time in
                var smoothed = frame
                live.smooth(&smoothed, at: time)
                let line = MediaPipeWriter.string(LandmarkSequence(frames: [smoothed]), lines: true)
                return [String(line.hasSuffix("\n") ? line.dropLast() : line[...])]
            }
            return
        }
        var smoother = LandmarkSmoother(parameters: parameters, fallbackFPS: input.fps ?? 30)
        smoother.scalesByHandSize = handScale
        if streams {
            // CSV in and out: two streaming passes, neither file held in memory.
            let report: LandmarkSmoother.StreamReport
            do { report = try smoother.smoothCSV(from: file, to: output, options: input.readOptions) } catch {
                printDiagnostic(error.description)
                throw ExitCode.failure
            }
            let rate = report.medianStep.map { 1 / $0 } ?? (input.fps ?? 30)
            let lag = NotchFilter.lowPassGroupDelay(
                alpha: OneEuroFilter.alpha(cutoff: parameters.minCutoff, period: 1 / rate),
                at: SmoothingComparison.lagFrequency,
                sampleRate: rate)
            if json {
                print(
                    JSONWriter.string(
                        .object([
                            ("input", .string(file)), ("output", .string(output)),
                            ("frames", .number(Double(report.frames))),
                            ("min_cutoff_hz", .number(parameters.minCutoff)), ("beta", .number(parameters.beta)),
                            ("d_cutoff_hz", .number(parameters.derivativeCutoff)),
                            ("jitter_before", .number(report.jitterBefore)),
                            ("jitter_one_euro", .number(report.jitterAfter)),
                            ("lag_one_euro_s", .number(lag)),
                        ]), indent: 2))
                return
            }
            print("wrote \(output) (\(report.frames) frames, streamed)")
            print(
                String(
                    format: "1€ mincutoff %.3g Hz, beta %.3g, dcutoff %.3g Hz; steady lag %.0f ms",
                    parameters.minCutoff, parameters.beta, parameters.derivativeCutoff, lag * 1000))
            print(
                String(
                    format: "jitter (hand sizes RMS, > ~2 Hz): before %.5f, after %.5f (%.0f%% less)",
                    report.jitterBefore,
                    report.jitterAfter,
                    report.jitterBefore > 0 ? (1 - report.jitterAfter / report.jitterBefore) * 100 : 0))
            print("notch comparison: not computed when streaming a CSV (give --output-format mediapipe-json for it)")
            return
        }
        let sequence = try input.readChecked(file)
        let smoothed = smoother.smoothed(sequence)
        do { try LandmarkFile.write(smoothed, to: output, format: outputFormat) } catch {
            printDiagnostic(error.description)
            throw ExitCode.failure
        }
        let c = SmoothingComparison(sequence, smoother: smoother)
        if json {
            let report = JSONValue.object([
                ("input", .string(file)), ("output", .string(output)),
                ("min_cutoff_hz", .number(parameters.minCutoff)), ("beta", .number(parameters.beta)),
                ("d_cutoff_hz", .number(parameters.derivativeCutoff)),
                ("jitter_before", .number(c.jitterBefore)), ("jitter_one_euro", .number(c.jitterOneEuro)),
                ("lag_one_euro_s", .number(c.lagOneEuro)),
                ("tremor_frequency_hz", c.tremorFrequency.map(JSONValue.number) ?? .null),
                ("jitter_notch", c.jitterNotch.map(JSONValue.number) ?? .null),
                ("lag_notch_s", c.lagNotch.map(JSONValue.number) ?? .null),
                ("one_euro_min_cutoff_at_notch_lag_hz", c.minCutoffAtNotchLag.map(JSONValue.number) ?? .null),
                ("jitter_one_euro_at_notch_lag", c.jitterOneEuroAtNotchLag.map(JSONValue.number) ?? .null),
            ])
            print(JSONWriter.string(report, indent: 2))
            return
        }
        print("wrote \(output) (\(smoothed.frames.count) frames)")
        print(
            String(
                format: "1€ mincutoff %.3g Hz, beta %.3g, dcutoff %.3g Hz; steady lag %.0f ms",
                parameters.minCutoff, parameters.beta, parameters.derivativeCutoff, c.lagOneEuro * 1000))
        print(
            String(
                format: "jitter (hand sizes RMS, > ~2 Hz): before %.5f, after %.5f (%.0f%% less)",
                c.jitterBefore, c.jitterOneEuro, c.jitterBefore > 0 ? (1 - c.jitterOneEuro / c.jitterBefore) * 100 : 0))
        if let f0 = c.tremorFrequency, let jn = c.jitterNotch, let lag = c.lagNotch, let je = c.jitterOneEuroAtNotchLag,
            let fc = c.minCutoffAtNotchLag
        {
            print(String(format: "estimated tremor frequency %.2f Hz", f0))
            print(
                String(
                    format:
                        "at equal steady lag (%.0f ms): notch jitter %.5f, 1€ (mincutoff %.2f Hz) jitter %.5f -> %@ does better",
                    lag * 1000, jn, fc, je, jn < je ? "notch" : "1€"))
        } else {
            print("no tremor peak between 3.5 and 15 Hz (or no timestamps): notch comparison skipped")
        }
    }
}
