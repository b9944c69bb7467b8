import MedQuality

/// `convert --dedupe`: checks each input's image against the images written before it, in key
/// order, by perceptual-hash distance.
///
/// The runner consults the gate on its ordered consuming thread, so a decision depends only on the
/// inputs with smaller keys: the same inputs give the same decisions and bytes whatever the thread
/// count, and `--resume` seeds the gate with the samples already listed. Only an input's first
/// sample (not its augmented copies) is hashed; blank images are never matched. Each worker of a
/// scaled-out run sees only its own inputs: `medprep report` over the merged folder finds the rest.
///
/// - `report`: every sample is kept; one within the threshold of an earlier sample of another
///   split gets ``SampleProfile/duplicateOf`` in the manifest.
/// - `dropCrossSplit`: such an input is skipped instead, with a `duplicate` error naming the
///   earlier sample (in `errors.jsonl` and the manifest); near-duplicates within a split are kept.
public final class DuplicateGate: @unchecked Sendable {
    // Touched only by the runner's consuming thread (RunState), one input at a time.

    /// What the gate does with a cross-split near-duplicate.
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case report
        case dropCrossSplit = "drop-cross-split"
    }

    /// The mode.
    public let mode: Mode
    /// Largest Hamming distance of a near-duplicate, 0...``NearDuplicateIndex/maximumThreshold``.
    public let threshold: Int

    private var hashes: [UInt64] = []
    private var keys: [String] = []
    private var splits: [String] = []
    /// Per 16-bit block: block value -> items.
    private var blocks: [[UInt16: [Int32]]] = Array(repeating: [:], count: 4)
    private let probes: [UInt64]

    /// Creates a gate.
    public init(mode: Mode, threshold: Int) {
        precondition((0...NearDuplicateIndex.maximumThreshold).contains(threshold), "threshold out of range")
        self.mode = mode
        self.threshold = threshold
        probes = NearDuplicateIndex.probes(radius: threshold / 4)
    }

    /// The earlier sample nearest to `hash` in another split than `split`, within the threshold
    /// (ties: the earliest).
    func match(_ hash: UInt64, split: String) -> (key: String, split: String, distance: Int)? {
        var best: (Int, Int)?
        for b in 0..<4 {
            let value = NearDuplicateIndex.block(hash, b)
            for mask in probes {
                guard let items = blocks[b][UInt16(value ^ mask)] else { continue }
                for item in items {
                    let i = Int(item)
                    guard splits[i] != split else { continue }
                    let d = (hash ^ hashes[i]).nonzeroBitCount
                    if d <= threshold, best == nil || (d, i) < best! { best = (d, i) }
                }
            }
        }
        return best.map { (keys[$0.1], splits[$0.1], $0.0) }
    }

    /// Adds a kept sample.
    func add(_ hash: UInt64, key: String, split: String) {
        let item = Int32(hashes.count)
        hashes.append(hash)
        keys.append(key)
        splits.append(split)
        for b in 0..<4 { blocks[b][UInt16(NearDuplicateIndex.block(hash, b)), default: []].append(item) }
    }

    /// What happens to one input.
    enum Decision {
        /// Write these samples (with ``SampleProfile/duplicateOf`` set in `report` mode).
        case write([ShardSample])
        /// Skip the input with this record.
        case drop(ErrorRecord)
    }

    /// Decides on one input's samples (in the order they are written).
    func admit(_ samples: [ShardSample], input: ConversionInput) -> Decision {
        guard let first = samples.first, let quality = first.profile?.quality, !quality.blank else {
            return .write(samples)
        }
        let hash = quality.phash.bits
        var samples = samples
        if let found = match(hash, split: input.split) {
            let reason =
                "near-duplicate of \(found.key) in \(found.split) (pHash distance \(found.distance) \u{2264} \(threshold))"
            if mode == .dropCrossSplit {
                return .drop(ErrorRecord(path: input.source, code: "duplicate", reason: reason))
            }
            samples[0].profile?.duplicateOf = found.key
            samples[0].profile?.duplicateDistance = found.distance
        }
        add(hash, key: first.key, split: input.split)
        return .write(samples)
    }

    /// Adds the samples a resumed run keeps (the first sample of each source, in manifest order).
    func seed(_ samples: [Manifest.Sample]) {
        var seen = Set<String>()
        for sample in samples.sorted(by: { $0.key < $1.key }) where seen.insert(sample.source).inserted {
            guard let quality = sample.profile?.quality, !quality.blank else { continue }
            add(quality.phash.bits, key: sample.key, split: sample.split)
        }
    }
}
