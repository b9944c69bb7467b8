import ArgumentParser
import MedQuality
import MedShards

/// `convert --dedupe report|drop-cross-split [--dedupe-threshold N]`.
struct DedupeOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            """
            Check each image against the images with smaller keys by perceptual hash: report marks a \
            near-duplicate of another split in the manifest; drop-cross-split skips it (error code \
            'duplicate'). Within one worker only; medprep report finds the rest.
            """, valueName: "mode"))
    var dedupe: DuplicateGate.Mode?

    @Option(help: "Largest pHash Hamming distance --dedupe treats as a near-duplicate (0...11).")
    var dedupeThreshold = 6

    func validate() throws {
        guard (0...NearDuplicateIndex.maximumThreshold).contains(dedupeThreshold) else {
            throw ValidationError("--dedupe-threshold must be in 0...\(NearDuplicateIndex.maximumThreshold)")
        }
    }

    /// A fresh gate, or `nil` without `--dedupe`.
    var gate: DuplicateGate? { dedupe.map { DuplicateGate(mode: $0, threshold: dedupeThreshold) } }

    /// What the manifest records: `"drop-cross-split:6"`, or `nil` (so other manifests are unchanged).
    var parameter: String? { dedupe.map { "\($0.rawValue):\(dedupeThreshold)" } }
}

extension DuplicateGate.Mode: ExpressibleByArgument {}
