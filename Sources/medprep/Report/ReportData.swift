import MedShards

/// Every figure of `medprep report`, as `--json` writes it; the HTML page and the dataset card are
/// renderings of this value.
struct ReportData: Codable {
    /// One shard folder read.
    struct Folder: Codable {
        var path: String
        var toolVersion: String
        var complete: Bool
        /// SHA-256 over the sorted input listing (the manifest's `inputDigest`).
        var inputDigest: String
        /// SHA-256 of `manifest.json` as read.
        var manifestSHA256: String
        var shards: Int
        var shardBytes: Int
        /// SHA-256 over the shards' `name sha256` lines in manifest order: one value naming the bytes.
        var shardDigest: String
        var worker: Manifest.Worker?
        /// The full pipeline description and parameters, as the manifest records them.
        var pipeline: ManifestValue
    }

    /// Samples and patients of one split.
    struct SplitCounts: Codable {
        var split: String
        /// Samples converted from an input (augmented copies not counted).
        var samples: Int
        /// Augmented copies written besides.
        var augmentedCopies: Int
        /// Distinct patient pseudonyms; 0 when samples carry none.
        var patients: Int
        /// Samples with a label row.
        var labelled: Int
        /// Samples without quality measures (written by an earlier medprep).
        var unmeasured: Int
    }

    /// Skipped inputs of one error code.
    struct ErrorGroup: Codable {
        var code: String
        var count: Int
        /// Up to three records.
        var examples: [ErrorRecord]
    }

    /// Prevalence of one label in one split.
    struct Prevalence: Codable {
        var label: String
        var split: String
        /// Positive samples.
        var positives: Int
        /// Labelled samples of the split.
        var labelled: Int
        /// `positives / labelled`.
        var fraction: Double
        /// Patients with at least one positive sample.
        var positivePatients: Int
    }

    /// A categorical variable per split.
    struct Distribution: Codable {
        var variable: String
        var categories: [String]
        /// `counts[split index][category index]`, splits in ``ReportData/splits`` order.
        var counts: [[Int]]
        /// Samples without a value, per split.
        var missing: [Int]
        var test: BalanceTest?
    }

    /// One quality flag.
    struct Flag: Codable {
        var name: String
        var rule: String
        var count: Int
        var perSplit: [Int]
        /// Keys of up to twelve flagged samples, shown as thumbnails.
        var examples: [String]
    }

    /// One side of a near-duplicate pair.
    struct SampleRef: Codable {
        /// The sample's name in the report (``ReportInput/Sample/name``).
        var key: String
        var split: String
        /// The source path; only with `--show-source-paths`.
        var source: String?
        var folder: String
        var patient: String?
        var phash: String
    }

    /// One near-duplicate pair.
    struct Pair: Codable {
        enum Kind: String, Codable {
            case crossSplit = "cross-split", samePatient = "same-patient", withinSplit = "within-split"
        }
        var kind: Kind
        var distance: Int
        var first: SampleRef
        var second: SampleRef
    }

    /// The near-duplicate search.
    struct Duplicates: Codable {
        var threshold: Int
        var method: String
        /// Samples hashed and searched.
        var searched: Int
        /// Blank samples left out (their hashes say nothing).
        var excludedBlank: Int
        var crossSplit: Int
        var samePatient: Int
        var withinSplit: Int
        /// Distinct samples in a cross-split pair.
        var leakedSamples: Int
        var pairs: [Pair]
        /// Pairs left out of ``pairs`` by `--max-pairs`.
        var omittedPairs: Int
    }

    var tool: String
    var generatedFrom: [Folder]
    var splits: [String]
    var counts: [SplitCounts]
    var skipped: Int
    var ignoredFiles: Int
    var errors: [ErrorGroup]
    var labelNames: [String]
    var prevalence: [Prevalence]
    var labelTests: [BalanceTest]
    var age: Distribution?
    /// Per split with ages: `[count, mean, median, minimum, maximum]`, in years.
    var ageSummary: [String: [Double]]
    var sex: Distribution?
    var view: Distribution?
    var flags: [Flag]
    /// Entropy histogram (bits, 16 bins over 0...8) per split, for the quality chart.
    var entropyHistogram: [[Int]]
    var duplicates: Duplicates
    /// The plain-language findings, most important first.
    var verdicts: [String]
    /// How the report names samples and inputs: ``sourcePathsHidden`` or ``sourcePathsShown``.
    var sourcePaths: String

    /// The default: source paths often carry patient names, ids or accession numbers.
    static let sourcePathsHidden = """
        Source paths are not shown: they often carry patient names, ids or accession numbers. Samples are named \
        by their key where the shard folder's paths were pseudonymized (convert --pseudonymize-paths), otherwise \
        by sample-HEX, the first 16 hex digits of the SHA-256 of their key (keys repeat input paths); skipped \
        inputs by input-HEX, of their path. medprep report --show-source-paths shows keys and paths.
        """
    /// With `--show-source-paths`.
    static let sourcePathsShown = "Sample keys and source paths are shown (--show-source-paths)."
}
