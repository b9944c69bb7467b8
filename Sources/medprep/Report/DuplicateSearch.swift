import MedQuality

/// Near-duplicate pairs among the original samples of a report, by perceptual-hash distance.
///
/// Blank samples are left out: every near-constant image has nearly the same hash, and such pairs
/// say nothing about shared pictures. Pairs are kinded `cross-split` (a leak: listed first),
/// `same-patient` (same split, same patient pseudonym) or `within-split`, then sorted by distance
/// and keys, so the output does not depend on folder order beyond the order of `paths`.
struct DuplicateSearch {
    var threshold: Int
    var maximumPairs: Int
    /// Whether pairs carry their source paths (`--show-source-paths`).
    var showsSourcePaths = false

    func run(_ samples: [ReportInput.Sample], folders: [String]) -> ReportData.Duplicates {
        var members: [Int] = []
        var hashes: [UInt64] = []
        var blank = 0
        for (i, sample) in samples.enumerated() {
            guard let quality = sample.profile?.quality else { continue }
            if quality.blank {
                blank += 1
                continue
            }
            members.append(i)
            hashes.append(quality.phash.bits)
        }
        let index = NearDuplicateIndex(hashes: hashes)
        let found = index.pairs(within: threshold)
        var pairs: [ReportData.Pair] = []
        var counts = [ReportData.Pair.Kind: Int]()
        var leaked = Set<Int>()
        pairs.reserveCapacity(min(found.count, maximumPairs))
        func ref(_ s: ReportInput.Sample) -> ReportData.SampleRef {
            ReportData.SampleRef(
                key: s.name, split: s.split, source: showsSourcePaths ? s.source : nil, folder: folders[s.folder], patient: s.profile?.patient,
                phash: s.profile?.quality?.phash.hex ?? "")
        }
        var all: [(ReportData.Pair.Kind, NearDuplicateIndex.Pair)] = []
        for pair in found {
            let a = samples[members[pair.first]], b = samples[members[pair.second]]
            let kind: ReportData.Pair.Kind
            if a.split != b.split {
                kind = .crossSplit
                leaked.insert(members[pair.first])
                leaked.insert(members[pair.second])
            } else if let p = a.profile?.patient, p == b.profile?.patient {
                kind = .samePatient
            } else {
                kind = .withinSplit
            }
            counts[kind, default: 0] += 1
            all.append((kind, pair))
        }
        let rank: [ReportData.Pair.Kind: Int] = [.crossSplit: 0, .withinSplit: 1, .samePatient: 2]
        all.sort { x, y in
            (rank[x.0]!, x.1.distance, x.1.first, x.1.second) < (rank[y.0]!, y.1.distance, y.1.first, y.1.second)
        }
        for (kind, pair) in all.prefix(maximumPairs) {
            pairs.append(
                ReportData.Pair(
                    kind: kind, distance: pair.distance, first: ref(samples[members[pair.first]]),
                    second: ref(samples[members[pair.second]])))
        }
        return ReportData.Duplicates(
            threshold: threshold,
            method:
                "multi-index hashing: 64-bit DCT pHash in 4 blocks of 16 bits, probing radius \(threshold / 4) per block",
            searched: hashes.count, excludedBlank: blank, crossSplit: counts[.crossSplit] ?? 0,
            samePatient: counts[.samePatient] ?? 0, withinSplit: counts[.withinSplit] ?? 0, leakedSamples: leaked.count,
            pairs: pairs, omittedPairs: max(0, found.count - maximumPairs))
    }
}
