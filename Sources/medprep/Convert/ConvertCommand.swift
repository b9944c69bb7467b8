import ArgumentParser
import Foundation
import MedImage
import MedKernels
import MedLabels
import MedPipeline
import MedShards

/// `medprep convert`: an archive of DICOM, PNG and JPEG files to WebDataset tar shards.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert DICOM/PNG/JPEG files into WebDataset training shards.",
        discussion: """
            Output: OUT/{train,val,test}-NNNNNN.tar with KEY.png|KEY.npy, KEY.json (and KEY.cls for \
            single-label data) per sample, plus manifest.json and errors.jsonl. The bytes depend only on \
            the inputs and the options, never on --jobs. Patient ids are written only as HMAC-SHA256 \
            pseudonyms (--pseudonym-key or $MEDPREP_PSEUDONYM_KEY); burned-in text in pixels is not removed.
            """)

    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("The output folder.", valueName: "dir"))
    var out: String

    @OptionGroup(title: "Pipeline")
    var pipeline: PipelineOptions

    @OptionGroup(title: "Labels")
    var labels: LabelOptions

    @OptionGroup(title: "Splits (patient-level with a label table, per image otherwise)")
    var splitting: LabelSplitOptions

    @OptionGroup(title: "Seed (patient split and augmentation)")
    var seed: SeedOption

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Continue an interrupted run in --out.")
    var resume = false

    @Flag(help: "Delete a previous run's files in --out and start again.")
    var overwrite = false

    @Option(help: "This worker's index, 0..<worker-count, for a Slurm array or Kubernetes Indexed Job.")
    var workerIndex: Int = 0

    @Option(help: "Number of workers sharing the inputs (by a stable hash of the sample key).")
    var workerCount: Int = 1

    @Option(help: "Most samples per shard.")
    var shardSamples: Int = 1000

    @Option(help: ArgumentHelp("Most bytes per shard (suffix K, M, G).", valueName: "bytes"))
    var shardBytes: ByteCount = ByteCount(bytes: 512 << 20)

    @Option(
        help: ArgumentHelp(
            "Secret key of the patient-id pseudonyms (else $\(Pseudonymizer.environmentVariable)).", valueName: "secret"
        ))
    var pseudonymKey: String?

    @Flag(name: .customLong("no-patient-id"), help: "Write no patient field at all (no key needed).")
    var noPatientID = false

    @Flag(
        help: """
            Name inputs by a keyed pseudonym of their relative path (needs the pseudonym key): sample keys, \
            the manifest's sources and errors.jsonl then hold no file or folder name. For archives whose \
            paths carry patient ids, accession numbers or UIDs.
            """)
    var pseudonymizePaths = false

    @Option(
        help: """
            Hash of each input in the manifest and KEY.json: blake3 (default for a new folder) or sha256. \
            --resume uses the folder's hash.
            """)
    var hash: SourceHash?

    @OptionGroup(title: "Near-duplicates")
    var dedupe: DedupeOptions

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    @Flag(
        inversion: .prefixedNo,
        help: "Show progress on stderr (default: a bar on a terminal, a line every few seconds otherwise).")
    var progress = true

    func validate() throws {
        if resume && overwrite { throw ValidationError("--resume and --overwrite exclude each other") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if shardSamples < 1 { throw ValidationError("--shard-samples must be at least 1") }
        if workerCount < 1 || !(0..<workerCount).contains(workerIndex) {
            throw ValidationError("--worker-index \(workerIndex) must be in 0..<\(workerCount) (--worker-count)")
        }
        try pipeline.validate()
    }

    func run() throws {
        MallocTuning.configureForLargeImages()
        let reporter = ProgressReporter(enabled: progress, json: json)
        do {
            let plan = try ConversionPlan.make(try request())
            var options = ConversionOptions(
                folder: out, mode: resume ? .resume : overwrite ? .overwrite : .fresh,
                limits: ShardWriter.Limits(samples: shardSamples, bytes: shardBytes.bytes), jobs: jobs,
                toolVersion: MedPrep.version, pipeline: plan.parameters,
                worker: workerCount > 1
                    ? Manifest.Worker(index: workerIndex, count: workerCount, inputSetDigest: plan.inputSetDigest)
                    : nil,
                sourceHash: hash)
            options.duplicateGate = dedupe.gate
            let runner = ConversionRunner(options: options)
            let transform = plan.transform
            let summary = try runner.run(
                inputs: plan.inputs, skipped: plan.skipped, ignored: plan.ignored,
                transform: { input, source in
                    try transform.samples(for: input, source: source)
                }, progress: reporter.update)
            try reporter.finish(summary, folder: out, hiddenEntries: plan.hiddenEntries)
            if let warning = transform.pathCheck?.warning(inputs: summary.progress.processed) {
                printDiagnostic(warning)
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            reporter.clear()
            reportFailure(error)
            throw ExitCode.failure
        }
    }
}

extension ConvertCommand {
    /// The request these options describe (the pseudonym key falls back to the environment).
    func request() throws -> ConversionRequest {
        var request = ConversionRequest(
            inputRoots: input.rootBytes, listFile: input.listFileBytes, output: out, image: try pipeline.settings(),
            split: try splitting.splitOptions(seed: seed.seed))
        request.links = input.links
        if let adapter = try labels.adapter() {
            request.labels = LabelRequest(
                adapter: adapter, dataset: labels.dataset?.rawValue ?? "",
                record: try LabelOptionsRecord(labels: labels, splitting: splitting))
        }
        request.workerIndex = workerIndex
        request.workerCount = workerCount
        request.shardSamples = shardSamples
        request.shardBytes = shardBytes.bytes
        request.pseudonymKey = pseudonymKey ?? ProcessInfo.processInfo.environment[Pseudonymizer.environmentVariable]
        request.writesPatientID = !noPatientID
        request.pseudonymizesPaths = pseudonymizePaths
        request.dedupe = dedupe.parameter
        return request
    }
}
