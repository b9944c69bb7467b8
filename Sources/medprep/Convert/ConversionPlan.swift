import ArgumentParser
import Foundation
import MedImage
import MedKernels
import MedLabels
import MedShards

/// Everything `convert` decides before the first image is decoded: the input list with keys and
/// splits, the inputs skipped up front, the parameters recorded in the manifest, and the pipeline.
struct ConversionPlan {
    var inputs: [ConversionInput]
    /// The input digest of every input before partitioning among workers.
    var inputSetDigest: String
    var skipped: [ErrorRecord]
    /// How the output names this worker's files that are not images (``InputSelection``), sorted.
    var ignored: [String]
    /// Hidden entries the walk did not read.
    var hiddenEntries: Int
    var parameters: ManifestValue
    var transform: SampleTransform

    /// What goes into the manifest's `pipeline` field: every choice that affects output bytes.
    struct Parameters: Encodable {
        var pipeline: PipelineDescription
        var augmentedPipeline: PipelineDescription?
        var augmentedCopies: Int
        var format: OutputFormat
        var pngCompressionLevel: Int
        var frame: Int
        var decodeMinimumSize: [Int]?
        var shardSamples: Int
        var shardBytes: Int
        var split: SplitFractions
        var seed: UInt64
        var labels: LabelParameters?
        var patientField: Bool
        /// HMAC of a fixed text under the pseudonym key: tells whether a resumed run uses the same key,
        /// without revealing it.
        var pseudonymKeyCheck: String?
        /// `true` with `--pseudonymize-paths`; absent otherwise, so other manifests are unchanged.
        var pathsPseudonymized: Bool?
        /// `--dedupe` as `mode:threshold`; absent without it.
        var dedupe: String? = nil
    }

    struct LabelParameters: Encodable {
        var dataset: String
        var tables: [String]
        var vocabulary: [String]
        var singleLabel: Bool
        var options: LabelOptionsRecord
    }

    static func make(command: ConvertCommand) throws -> ConversionPlan {
        if let root = command.input.inputs.first(where: { OutputFolder.isSameFolder($0, command.out) }) {
            throw ShardError(
                .invalidArgument, path: root,
                reason: "--out is this input folder; give an output folder outside it, or a subfolder (which is not read)")
        }
        let secret = command.pseudonymKey ?? ProcessInfo.processInfo.environment[Pseudonymizer.environmentVariable]
        let pathPseudonymizer = try Self.pathPseudonymizer(command: command, secret: secret)
        // How the output names an input or a folder: its path, or the path's pseudonym.
        let recorded = { (path: String) in pathPseudonymizer?.pathPseudonym(for: path) ?? path }
        let scan = InputScan.make(command.input, output: command.out, naming: recorded)
        let listing = (files: scan.images, errors: scan.errors)
        var skipped = listing.errors
        let seed = command.splitting.seed
        let splitOptions = try command.splitting.splitOptions()

        // Labels: join by relative path; images without exactly one row are skipped, not guessed.
        var labelled: [Int: LabeledSample] = [:]
        var labelParameters: LabelParameters?
        var vocabulary: LabelVocabulary?
        if let adapter = try command.labels.adapter() {
            let images = listing.files.map { ImageFile(relativePath: $0.relativePath, absolutePath: $0.path) }
            let join = try LabelJoiner.join(images: images, adapter: adapter, split: splitOptions)
            for sample in join.samples { labelled[sample.imageIndex] = sample }
            if join.report.patientSource == nil {
                // The table names no patient: its "patient" is the key. Never write that as the patient
                // or split by it when the file knows better: a DICOM file's Patient ID decides both.
                for (index, var sample) in labelled {
                    sample.patientID = ""
                    if !sample.splitIsOfficial, let patient = Self.dicomPatientID(listing.files[index]) {
                        sample.split = PatientSplitter.split(
                            forID: patient, seed: seed, fractions: splitOptions.fractions)
                    }
                    labelled[index] = sample
                }
            }
            vocabulary = join.vocabulary
            labelParameters = LabelParameters(
                dataset: command.labels.dataset?.rawValue ?? "", tables: join.report.tables,
                vocabulary: join.vocabulary.names, singleLabel: join.vocabulary.isSingleLabel,
                options: try LabelOptionsRecord(labels: command.labels, splitting: command.splitting))
            for (index, file) in listing.files.enumerated() where labelled[index] == nil {
                skipped.append(
                    ErrorRecord(
                        path: recorded(file.relativePath), code: "unlabeled",
                        reason: "no single label row matches this image (see `medprep labels check`)"))
            }
        }

        // Keys, splits, augmented keys; collisions are an error naming both inputs.
        var all: [ConversionInput] = []
        var keyed: [(key: String, source: String)] = []
        for (index, file) in listing.files.enumerated() {
            if vocabulary != nil && labelled[index] == nil { continue }
            let source = recorded(file.relativePath)
            // A pseudonym is 32 hex digits, a valid key as it is.
            let key = pathPseudonymizer == nil ? SampleKey.key(forRelativePath: file.relativePath) : source
            // Without a label table, a DICOM file's split comes from its Patient ID, so that one
            // patient's files share a split; other files (no patient known) are split by their key.
            let patient = vocabulary == nil ? Self.dicomPatientID(file) : nil
            let split =
                labelled[index]?.split.rawValue
                ?? PatientSplitter.split(forID: patient ?? key, seed: seed, fractions: splitOptions.fractions).rawValue
            all.append(ConversionInput(index: index, key: key, file: file, split: split, source: source))
            keyed.append((key, file.relativePath))
            for copy in stride(from: 1, through: command.pipeline.augment, by: 1) {
                keyed.append((SampleTransform.copyKey(key, copy: copy), file.relativePath))
            }
        }
        try SampleKey.ensureUnique(keyed)
        let partition = try Partition(index: command.workerIndex, count: command.workerCount)
        let inputs = all.filter { partition.contains(key: $0.key) }
        let ignored = Self.ignoredSources(scan.ignored, partition: partition, pseudonymizer: pathPseudonymizer)

        // Patient ids: refuse to run without a key when any could be written.
        var pseudonymizer: Pseudonymizer?
        if !command.noPatientID {
            if let secret, !secret.isEmpty {
                pseudonymizer = try Pseudonymizer(secret: secret)
            } else if vocabulary != nil || inputs.contains(where: { Self.looksLikeDICOM($0.file) }) {
                throw ShardError(
                    .missingKey, path: "--pseudonym-key",
                    reason: """
                        patient ids would be written (DICOM inputs or a label table) but no pseudonym key was given; \
                        pass --pseudonym-key, set \(Pseudonymizer.environmentVariable), or pass --no-patient-id
                        """)
            }
        }

        let descriptions = try command.pipeline.descriptions(seed: seed)
        let minimum = command.pipeline.minimumDecodedSize
        let transform = SampleTransform(
            plain: descriptions.plain, augmented: descriptions.augmented, copies: command.pipeline.augment,
            format: command.pipeline.format, compressionLevel: command.pipeline.pngLevel,
            decodeOptions: command.pipeline.decodeOptions,
            pseudonymizer: pseudonymizer, labels: labelled, vocabulary: vocabulary,
            pathCheck: pathPseudonymizer == nil ? PathIdentifierCheck() : nil)
        var parameters = Parameters(
            pipeline: descriptions.plain, augmentedPipeline: descriptions.augmented,
            augmentedCopies: command.pipeline.augment, format: command.pipeline.format,
            pngCompressionLevel: command.pipeline.pngLevel, frame: command.pipeline.frame,
            decodeMinimumSize: minimum.map { [$0.width, $0.height] }, shardSamples: command.shardSamples,
            shardBytes: command.shardBytes.bytes, split: splitOptions.fractions, seed: seed, labels: labelParameters,
            patientField: !command.noPatientID,
            pseudonymKeyCheck: (pseudonymizer ?? pathPseudonymizer)?.pseudonym(for: "medprep key check"),
            pathsPseudonymized: pathPseudonymizer == nil ? nil : true)
        parameters.dedupe = command.dedupe.parameter
        return ConversionPlan(
            inputs: inputs, inputSetDigest: ConversionRunner.inputDigest(all), skipped: skipped,
            ignored: ignored, hiddenEntries: scan.hidden, parameters: try ManifestValue(encoding: parameters),
            transform: transform)
    }

    /// The pseudonymizer of input paths with `--pseudonymize-paths`, which needs the key; else `nil`.
    private static func pathPseudonymizer(command: ConvertCommand, secret: String?) throws -> Pseudonymizer? {
        guard command.pseudonymizePaths else { return nil }
        guard let secret, !secret.isEmpty else {
            throw ShardError(
                .missingKey, path: "--pseudonym-key",
                reason: """
                    --pseudonymize-paths needs the pseudonym key; pass --pseudonym-key or set \(Pseudonymizer.environmentVariable)
                    """)
        }
        return try Pseudonymizer(secret: secret)
    }

    /// The Patient ID of a file that looks like DICOM, read from its data set; `nil` for other files,
    /// unreadable ones (convert reports them when it decodes them) and DICOM files without one.
    private static func dicomPatientID(_ file: InputFile) -> String? {
        // The data set before Pixel Data, not the whole (10 MB) file: this pass runs before any work is parallel.
        guard let head = file.head(DICOMDecoder.patientIDHeadBytes), FormatSniffer.format(of: head) == .dicom else {
            return nil
        }
        return DICOMDecoder.patientID(
            head: head, isWholeFile: head.count < DICOMDecoder.patientIDHeadBytes, wholeFile: { try? file.contents() })
    }

    /// Whether the file's first bytes look like DICOM (the sniffer reads at most 132 bytes; a FIFO
    /// or device is not opened).
    private static func looksLikeDICOM(_ file: InputFile) -> Bool {
        guard let head = file.head(InputSelection.sniffedBytes) else { return false }
        return FormatSniffer.format(of: head) == .dicom
    }
}

extension ConversionPlan {
    /// How the manifest names this worker's ignored files: their relative paths (or pseudonyms),
    /// sorted, each file going to the worker its key would go to, so merged workers list each once.
    static func ignoredSources(_ files: [InputFile], partition: Partition, pseudonymizer: Pseudonymizer?) -> [String] {
        files.compactMap { file -> String? in
            let source = pseudonymizer?.pathPseudonym(for: file.relativePath) ?? file.relativePath
            let key = pseudonymizer == nil ? SampleKey.key(forRelativePath: file.relativePath) : source
            return partition.contains(key: key) ? source : nil
        }.sorted()
    }
}
