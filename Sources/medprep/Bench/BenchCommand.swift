import ArgumentParser
import Foundation
import MedImage
import MedKernels
import MedPipeline
import MedShards
import MedSynthetic

/// `medprep bench`: where the time of `convert`'s pipeline goes, per stage, per thread count and per
/// output format, on a given corpus or a generated one.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Profile convert's pipeline: time per stage, images/s for 1..N jobs, output formats compared.",
        discussion: """
            Runs the stages of `convert` (read, hash, decode, normalize, resize, augment, encode, write) over INPUT \
            folders or files, or over a generated corpus of radiograph-like images (--synthetic dicom16|png8|jpeg8 \
            --count N --synthetic-size WxH; --size stays the output size, as in convert). A warm-up pass is not \
            counted; each --jobs level from 1 to --jobs is repeated --repetitions times (min / median / max). \
            Shards go to a temporary folder (or --out) and are deleted. Absolute numbers depend on the machine; \
            compare ratios.
            """)

    @Argument(help: ArgumentHelp("Folders (walked recursively) or files to run on.", valueName: "input"))
    var inputs: [String] = []

    @Option(help: "Generate the corpus instead: dicom16 (12 bits stored), png8, jpeg8.")
    var synthetic: SyntheticKind?

    @Option(help: "Images in the generated corpus.")
    var count: Int = 24

    @Option(
        name: .customLong("synthetic-size"),
        help: ArgumentHelp("Generated image size (default 2048x2500, a CR/DX chest).", valueName: "WxH"))
    var syntheticSize: OutputSize?

    @Option(help: ArgumentHelp("Keep the generated corpus in this folder.", valueName: "dir"))
    var keepCorpus: String?

    @Flag(help: "Only write the generated corpus (to --keep-corpus) and exit; for Benchmarks/compare.")
    var corpusOnly = false

    @OptionGroup(title: "Pipeline (as convert)")
    var pipeline: PipelineOptions

    @Option(help: "Source hash, as convert --hash: blake3 or sha256.")
    var hash: SourceHash = .blake3

    @Option(help: "Run seed (augmentation and corpus noise).")
    var seed: UInt64 = 0

    @Option(help: "Thread counts 1 up to this (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Timed passes per thread count.")
    var repetitions: Int = 3

    @Option(help: "Untimed passes first (file cache, plans, tables).")
    var warmup: Int = 1

    @Option(
        name: .customLong("output-formats"),
        help: ArgumentHelp(
            "Formats compared at --jobs 1 (FORMAT or png8:LEVEL, comma-separated; 'none' to skip).", valueName: "list"))
    var outputFormats: String = "png8:1,png8:9,npy-u8,npy-f16"

    @Option(help: "Most samples per shard.")
    var shardSamples: Int = 1000

    @Option(
        help: ArgumentHelp("Folder for the shards of each pass (emptied; default: a temporary one).", valueName: "dir"))
    var out: String?

    @Flag(help: "Print the report as JSON on stdout.")
    var json = false

    func validate() throws {
        if inputs.isEmpty && synthetic == nil { throw ValidationError("give input folders or files, or --synthetic") }
        if !inputs.isEmpty && synthetic != nil { throw ValidationError("give inputs or --synthetic, not both") }
        if corpusOnly && (synthetic == nil || keepCorpus == nil) {
            throw ValidationError("--corpus-only needs --synthetic and --keep-corpus")
        }
        if count < 1 { throw ValidationError("--count must be at least 1") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if repetitions < 1 { throw ValidationError("--repetitions must be at least 1") }
        if warmup < 0 { throw ValidationError("--warmup must be 0 or more") }
        if shardSamples < 1 { throw ValidationError("--shard-samples must be at least 1") }
        _ = try formatVariants()
        try pipeline.validate()
    }

    /// The `--output-formats` list as (format, PNG level).
    func formatVariants() throws -> [(format: OutputFormat, level: Int)] {
        if outputFormats == "none" || outputFormats.isEmpty { return [] }
        return try outputFormats.split(separator: ",").map { item in
            let parts = item.split(separator: ":").map(String.init)
            guard let format = OutputFormat(rawValue: parts[0]), parts.count <= 2 else {
                throw ValidationError("--output-formats: '\(item)' is not FORMAT or png8:LEVEL")
            }
            let level = parts.count == 2 ? Int(parts[1]) : pipeline.pngLevel
            guard let level, (0...9).contains(level) else {
                throw ValidationError("--output-formats: the PNG level in '\(item)' is not 0...9")
            }
            return (format, level)
        }
    }

    func run() throws {
        MallocTuning.configureForLargeImages()  // as convert does: the same allocator behaviour is part of the pipeline
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "medprep-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        ).path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        do {
            var roots = inputs
            var source = inputs.joined(separator: " ")
            if let synthetic {
                let folder = keepCorpus ?? scratch + "/corpus"
                let size = syntheticSize.map { (width: $0.width, height: $0.height) } ?? (width: 2048, height: 2500)
                _ = try SyntheticCorpus.write(
                    synthetic, count: count, width: size.width, height: size.height, seed: seed, to: folder)
                if corpusOnly {
                    print("wrote \(count) \(synthetic.rawValue) images of \(size.width)x\(size.height) to \(folder)")
                    return
                }
                roots = [folder]
                source = "synthetic \(synthetic.rawValue) \(size.width)x\(size.height)"
            }
            let report = try measure(roots: roots, source: source, shardFolder: out ?? scratch + "/shards")
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
            } else {
                FileHandle.standardOutput.write(Data(report.text.utf8))
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            reportFailure(error)
            throw ExitCode.failure
        }
    }

    /// The pipeline of `convert` for these flags, with `format` and `level` in place of `--format`, `--png-level`.
    func transform(format: OutputFormat? = nil, level: Int? = nil) throws -> SampleTransform {
        var settings = try pipeline.settings()
        if let format { settings.format = format }
        if let level { settings.pngLevel = level }
        let descriptions = settings.descriptions(seed: seed)
        return SampleTransform(
            plain: descriptions.plain, augmented: descriptions.augmented, copies: settings.augmentedCopies,
            format: settings.format, compressionLevel: settings.pngLevel, decodeOptions: settings.decodeOptions,
            pseudonymizer: nil, labels: [:], vocabulary: nil)
    }

    /// The flags that shape the pipeline, as `convert` takes them.
    var pipelineFlags: [String] {
        var flags: [String] = []
        if let size = pipeline.size { flags += ["--size", "\(size.width)x\(size.height)"] }
        flags += ["--geometry", pipeline.geometry.rawValue, "--resize", pipeline.filter.optionName]
        flags += ["--normalize", pipeline.normalize.rawValue, "--format", pipeline.format.rawValue]
        flags += ["--png-level", String(pipeline.pngLevel), "--color", pipeline.color.rawValue]
        if pipeline.augment > 0 { flags += ["--augment", String(pipeline.augment)] }
        return flags
    }
}
