import MedImage
import MedLabels
import MedShards

extension ConversionPlan {
    /// The label join's outcome: rows by input index, the vocabulary, what the manifest records,
    /// and the images skipped for want of exactly one row.
    struct JoinedLabels {
        var samples: [Int: LabeledSample] = [:]
        var vocabulary: LabelVocabulary?
        var parameters: LabelParameters?
        var skipped: [ErrorRecord] = []
    }

    /// Joins the request's label tables by relative path; images without exactly one row are
    /// skipped, not guessed. Without tables, nothing is joined and nothing skipped.
    ///
    /// - Parameter naming: how the output names an input (its path or the path's pseudonym).
    static func joinLabels(
        _ request: ConversionRequest, files: [InputFile], naming: (String) -> String
    ) throws -> JoinedLabels {
        guard let labels = request.labels else { return JoinedLabels() }
        let images = files.map { ImageFile(relativePath: $0.relativePath, absolutePath: $0.path) }
        let join = try LabelJoiner.join(images: images, adapter: labels.adapter, split: request.split)
        var result = JoinedLabels()
        for sample in join.samples { result.samples[sample.imageIndex] = sample }
        if join.report.patientSource == nil {
            // The table names no patient: its "patient" is the key. Never write that as the patient
            // or split by it when the file knows better: a DICOM file's Patient ID decides both.
            for (index, var sample) in result.samples {
                sample.patientID = ""
                if !sample.splitIsOfficial, let patient = dicomPatientID(files[index]) {
                    sample.split = PatientSplitter.split(
                        forID: patient, seed: request.seed, fractions: request.split.fractions)
                }
                result.samples[index] = sample
            }
        }
        result.vocabulary = join.vocabulary
        result.parameters = LabelParameters(
            dataset: labels.dataset, tables: join.report.tables, vocabulary: join.vocabulary.names,
            singleLabel: join.vocabulary.isSingleLabel, options: labels.record)
        for (index, file) in files.enumerated() where result.samples[index] == nil {
            result.skipped.append(
                ErrorRecord(
                    path: naming(file.relativePath), code: "unlabeled",
                    reason: "no single label row matches this image (see `medprep labels check`)"))
        }
        return result
    }

    /// Every labelled (or, without a table, every) input with its key and split, in listing order.
    ///
    /// Without a label table, a DICOM file's split comes from its Patient ID, so that one patient's
    /// files share a split; other files (no patient known) are split by their key. With one split
    /// (`--split 1,0,0`), every file goes to it whatever its patient, so no file is opened to find
    /// one: that pass read 64 KiB of every input, one after the other, before any work was parallel.
    ///
    /// - Throws: ``ShardError`` naming both inputs when two keys (augmented copies' included) collide.
    static func keyedInputs(
        _ files: [InputFile], labels: JoinedLabels, seed: UInt64, fractions: SplitFractions, augmentedCopies: Int,
        pathPseudonymizer: Pseudonymizer?
    ) throws -> [ConversionInput] {
        var all: [ConversionInput] = []
        var keyed: [(key: String, source: String)] = []
        // PatientSplitter.bucket gives the only split with a positive fraction for every identifier.
        let splitsByPatient = [fractions.train, fractions.val, fractions.test].filter { $0 > 0 }.count > 1
        for (index, file) in files.enumerated() {
            if labels.vocabulary != nil && labels.samples[index] == nil { continue }
            let source = pathPseudonymizer?.pathPseudonym(for: file.relativePath) ?? file.relativePath
            // A pseudonym is 32 hex digits, a valid key as it is.
            let key = pathPseudonymizer == nil ? SampleKey.key(forRelativePath: file.relativePath) : source
            let patient = labels.vocabulary == nil && splitsByPatient ? dicomPatientID(file) : nil
            let split =
                labels.samples[index]?.split.rawValue
                ?? PatientSplitter.split(forID: patient ?? key, seed: seed, fractions: fractions).rawValue
            all.append(ConversionInput(index: index, key: key, file: file, split: split, source: source))
            keyed.append((key, file.relativePath))
            for copy in stride(from: 1, through: augmentedCopies, by: 1) {
                keyed.append((SampleTransform.copyKey(key, copy: copy), file.relativePath))
            }
        }
        try SampleKey.ensureUnique(keyed)
        return all
    }
}
