import Foundation
import MedImage
import MedKernels
import MedLabels
import MedShards

/// Everything `convert` decides before the first image is decoded: the input list with keys and
/// splits, the inputs skipped up front, the parameters recorded in the manifest, and the pipeline.
///
/// ``make(_:)`` runs the named steps in order: listing, path pseudonyms, label join, keys and
/// splits, partition, privacy policy, manifest parameters.
public struct ConversionPlan: Sendable {
    /// This worker's inputs, keyed and split.
    public var inputs: [ConversionInput]
    /// The input digest of every input before partitioning among workers.
    public var inputSetDigest: String
    /// Inputs skipped before the pipeline (listing problems, no label row).
    public var skipped: [ErrorRecord]
    /// How the output names this worker's files that are not images (``InputSelection``), sorted.
    public var ignored: [String]
    /// Hidden entries the walk did not read.
    public var hiddenEntries: Int
    /// The manifest's `pipeline` field (``Parameters``).
    public var parameters: ManifestValue
    /// The per-image pipeline.
    public var transform: SampleTransform

    /// Plans the conversion `request` asks for.
    ///
    /// - Throws: ``ShardError`` for an output folder that is an input, a missing pseudonym key,
    ///   colliding keys or a bad partition; `LabelError` from the label join; the adapter's errors.
    public static func make(_ request: ConversionRequest) throws -> ConversionPlan {
        try checkOutputOutsideInputs(request)
        let pathPseudonymizer = try pathPseudonymizer(request)
        // How the output names an input or a folder: its path, or the path's pseudonym.
        let recorded = { (path: String) in pathPseudonymizer?.pathPseudonym(for: path) ?? path }
        let scan = InputScan.make(
            roots: request.inputRoots, listFile: request.listFile, links: request.links, output: request.output,
            naming: recorded)
        let labels = try joinLabels(request, files: scan.images, naming: recorded)
        let keyed = try keyedInputs(
            scan.images, labels: labels, seed: request.seed, fractions: request.split.fractions,
            augmentedCopies: request.image.augmentedCopies, pathPseudonymizer: pathPseudonymizer)
        let partition = try Partition(index: request.workerIndex, count: request.workerCount)
        let inputs = keyed.filter { partition.contains(key: $0.key) }
        let ignored = ignoredSources(scan.ignored, partition: partition, pseudonymizer: pathPseudonymizer)
        let pseudonymizer = try patientPseudonymizer(
            request, labelled: labels.vocabulary != nil, inputs: inputs)
        let descriptions = request.image.descriptions(seed: request.seed)
        let transform = SampleTransform(
            plain: descriptions.plain, augmented: descriptions.augmented, copies: request.image.augmentedCopies,
            format: request.image.format, compressionLevel: request.image.pngLevel,
            decodeOptions: request.image.decodeOptions, pseudonymizer: pseudonymizer, labels: labels.samples,
            vocabulary: labels.vocabulary, pathCheck: pathPseudonymizer == nil ? PathIdentifierCheck() : nil)
        let parameters = Parameters(
            request, descriptions: descriptions, labels: labels.parameters,
            keyCheck: (pseudonymizer ?? pathPseudonymizer)?.pseudonym(for: "medprep key check"),
            pathsPseudonymized: pathPseudonymizer != nil)
        return ConversionPlan(
            inputs: inputs, inputSetDigest: ConversionRunner.inputDigest(keyed), skipped: scan.errors + labels.skipped,
            ignored: ignored, hiddenEntries: scan.hidden, parameters: try ManifestValue(encoding: parameters),
            transform: transform)
    }

    /// Refuses an output folder that is one of the input folders (a subfolder is fine: the walk skips it).
    static func checkOutputOutsideInputs(_ request: ConversionRequest) throws {
        let roots = request.inputRoots.map { String(decoding: $0, as: UTF8.self) }
        if let root = roots.first(where: { OutputFolder.isSameFolder($0, request.output) }) {
            throw ShardError(
                .invalidArgument, path: root,
                reason: "--out is this input folder; give an output folder outside it, or a subfolder (which is not read)")
        }
    }

    /// The pseudonymizer of input paths with `--pseudonymize-paths`, which needs the key; else `nil`.
    static func pathPseudonymizer(_ request: ConversionRequest) throws -> Pseudonymizer? {
        guard request.pseudonymizesPaths else { return nil }
        guard let secret = request.pseudonymKey, !secret.isEmpty else {
            throw ShardError(
                .missingKey, path: "--pseudonym-key",
                reason: """
                    --pseudonymize-paths needs the pseudonym key; pass --pseudonym-key or set \(Pseudonymizer.environmentVariable)
                    """)
        }
        return try Pseudonymizer(secret: secret)
    }

    /// The pseudonymizer of patient ids: refuses to run without a key when any could be written.
    ///
    /// - Throws: ``ShardError`` `missingKey` when patient ids would be written (DICOM inputs or a label
    ///   table) but no key was given.
    static func patientPseudonymizer(
        _ request: ConversionRequest, labelled: Bool, inputs: [ConversionInput]
    ) throws -> Pseudonymizer? {
        guard request.writesPatientID else { return nil }
        if let secret = request.pseudonymKey, !secret.isEmpty { return try Pseudonymizer(secret: secret) }
        if labelled || inputs.contains(where: { looksLikeDICOM($0.file) }) {
            throw ShardError(
                .missingKey, path: "--pseudonym-key",
                reason: """
                    patient ids would be written (DICOM inputs or a label table) but no pseudonym key was given; \
                    pass --pseudonym-key, set \(Pseudonymizer.environmentVariable), or pass --no-patient-id
                    """)
        }
        return nil
    }

    /// The Patient ID of a file that looks like DICOM, read from its data set; `nil` for other files,
    /// unreadable ones (convert reports them when it decodes them) and DICOM files without one.
    static func dicomPatientID(_ file: InputFile) -> String? {
        // The data set before Pixel Data, not the whole (10 MB) file: this pass runs before any work is parallel.
        guard let head = file.head(DICOMDecoder.patientIDHeadBytes), FormatSniffer.format(of: head) == .dicom else {
            return nil
        }
        return DICOMDecoder.patientID(
            head: head, isWholeFile: head.count < DICOMDecoder.patientIDHeadBytes, wholeFile: { try? file.contents() })
    }

    /// Whether the file's first bytes look like DICOM (the sniffer reads at most 132 bytes; a FIFO
    /// or device is not opened).
    static func looksLikeDICOM(_ file: InputFile) -> Bool {
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
