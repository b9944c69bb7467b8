import MedLabels
import MedShards

/// What `convert` is asked to do, as plain values: no command-line types.
///
/// ``ConversionPlan/make(_:)`` turns a request into the inputs, keys, splits and pipeline of a run.
public struct ConversionRequest: Sendable {
    /// Folders (walked recursively) and files, as the bytes of their paths.
    public var inputRoots: [[UInt8]]
    /// A file listing one input path per line (`-` for standard input).
    public var listFile: [UInt8]?
    /// How symbolic links are followed.
    public var links: LinkPolicy = .follow
    /// The output folder.
    public var output: String
    /// The per-image settings.
    public var image: ImageSettings
    /// The label tables to join, or `nil` for none.
    public var labels: LabelRequest?
    /// Split fractions and policies; its seed is the run seed (patient split and augmentation).
    public var split: SplitOptions
    /// This worker's index, `0..<workerCount`.
    public var workerIndex = 0
    /// Number of workers sharing the inputs.
    public var workerCount = 1
    /// Most samples per shard (recorded in the manifest).
    public var shardSamples = 1000
    /// Most bytes per shard (recorded in the manifest).
    public var shardBytes = 512 << 20
    /// The pseudonym key; `nil` or empty when none was given.
    public var pseudonymKey: String?
    /// Write a pseudonymized patient field (`false`: no patient field at all, and no key needed).
    public var writesPatientID = true
    /// Name inputs by a keyed pseudonym of their relative path (needs ``pseudonymKey``).
    public var pseudonymizesPaths = false
    /// `--dedupe` as `mode:threshold`, recorded in the manifest; `nil` without it.
    public var dedupe: String?

    /// A request with `convert`'s defaults for everything not given.
    public init(
        inputRoots: [[UInt8]], listFile: [UInt8]? = nil, output: String, image: ImageSettings = ImageSettings(),
        labels: LabelRequest? = nil, split: SplitOptions
    ) {
        self.inputRoots = inputRoots
        self.listFile = listFile
        self.output = output
        self.image = image
        self.labels = labels
        self.split = split
    }

    /// The run seed: the patient-level split and the augmentation draws both derive from it.
    public var seed: UInt64 { split.seed }
}

/// The label tables of a ``ConversionRequest``.
public struct LabelRequest: Sendable {
    /// Reads the tables.
    public var adapter: any LabelAdapter
    /// The dataset's name, for the manifest (`nih`, `chexpert`, `generic`, ...).
    public var dataset: String
    /// Every label option that changes a sample's labels, for the manifest.
    public var record: LabelOptionsRecord

    /// Creates a label request.
    public init(adapter: any LabelAdapter, dataset: String, record: LabelOptionsRecord) {
        self.adapter = adapter
        self.dataset = dataset
        self.record = record
    }
}
