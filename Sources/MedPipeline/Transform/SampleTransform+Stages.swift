import MedShards

extension SampleTransform {
    /// What one input gave: its samples or the reason it was skipped, the bytes read, and the time
    /// spent in each stage.
    public struct StagedOutcome: Sendable {
        /// The samples (the image, then its augmented copies); empty when skipped.
        public var samples: [ShardSample] = []
        /// Why the input was skipped, or `nil`.
        public var error: ErrorRecord?
        /// The source's digest (empty when the file could not be read).
        public var digest = SourceDigest(hash: .blake3, hex: "")
        /// Bytes read from the file.
        public var bytesRead = 0
        /// Seconds per stage: read, hash, decode, normalize, resize, augment, encode, quality.
        public var times = StageTimes()
    }

    /// Reads, hashes and transforms one input as `convert` does, timing each stage (`medprep bench`).
    ///
    /// `convert` itself runs the same stages through MedShards' `ConversionRunner`, which reads and
    /// hashes in one call; here they are timed apart. Never throws: a failing input becomes
    /// ``StagedOutcome/error``, as in `errors.jsonl`.
    public func stagedSamples(for input: ConversionInput, hash: SourceHash) -> StagedOutcome {
        var outcome = StagedOutcome()
        let bytes: [UInt8]
        do {
            bytes = try outcome.times.time(.read) { try input.file.contents() }
        } catch {
            outcome.error = ErrorRecord(path: input.source, error: error)
            return outcome
        }
        let source = outcome.times.time(.hash) { SourceData(bytes: bytes, digest: hash.digest(bytes)) }
        outcome.bytesRead = bytes.count
        do {
            outcome.samples = try samples(for: input, source: source, times: &outcome.times)
            outcome.digest = source.digest
        } catch {
            outcome.error = ErrorRecord(path: input.source, error: error)
        }
        return outcome
    }
}
