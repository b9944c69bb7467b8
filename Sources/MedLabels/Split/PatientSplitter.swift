import MedCore
/// Places every patient in exactly one split, deterministically from (seed, patient id).
///
/// **Official splits first.** Where a record carries ``LabelRecord/officialSplits`` and
/// ``SplitOptions/useOfficialSplit`` is on, the patient may only go to the splits all its records
/// allow: MIMIC's split file and NIH's `test_list.txt` fix one split; NIH's `train_val_list.txt`
/// allows train or val, which are then chosen with the train:val fractions renormalized. If an
/// official split itself puts one patient in two splits, each image keeps its official split and the
/// patient is reported in ``JoinReport/patientsInSeveralSplits``.
///
/// **Unstratified** (default): the patient's split is the bucket of
/// ``StableHash/unitValue(patientID:seed:)`` under the cumulative fractions (train, then val, then
/// test). It is a pure function of seed, patient id, fractions and the allowed splits, so it does
/// not change when other patients are added or removed; the realized fractions are approximate
/// (binomial around the target).
///
/// **Stratified**: each patient gets a stratum, the rarest label (fewest positive patients, ties by
/// vocabulary order) among the labels positive in any of its images, or "no positive label".
/// Within each (stratum, allowed splits) group, patients are sorted by their hash value (then id),
/// and the first ⌊f·n⌉ go to train, the next to val, the rest to test, counts by largest remainder.
/// This matches the target fractions exactly per stratum, but a patient's split depends on the
/// other patients of its stratum.
public enum PatientSplitter {
    /// The split of each record, in the records' order.
    public struct Assignment: Sendable, Hashable {
        /// The split of each record.
        public var splits: [SplitName]
        /// Whether each record's split was fixed by the official split.
        public var isOfficial: [Bool]
        /// Patients the official split puts in several splits, sorted.
        public var leakingPatients: [String]
    }

    /// The split of one id under `seed` and `fractions`, the unstratified rule above with every split allowed.
    ///
    /// `convert` without a label table has no patient ids and splits each image by its sample key.
    public static func split(forID id: String, seed: UInt64, fractions: SplitFractions) -> SplitName {
        bucket(StableHash.unitValue(patientID: id, seed: seed), among: Set(SplitName.allCases), fractions: fractions)
    }

    /// Assigns splits to records.
    ///
    /// - Parameters:
    ///   - records: The records that joined an image.
    ///   - labelCount: The vocabulary size.
    ///   - options: Fractions, seed, stratification and official-split use.
    /// - Returns: One split per record; all records of one patient share it unless the official
    ///   split says otherwise.
    /// - Complexity: O(n log n) in the number of patients when stratified, O(n) otherwise.
    public static func assign(_ records: [LabelRecord], labelCount: Int, options: SplitOptions) -> Assignment {
        assign(of: records, labelCount: labelCount, options: options)
    }

    /// ``assign(_:labelCount:options:)`` over any random-access view of records (the join passes
    /// the matched records by position, without copying them into an array).
    static func assign<Records: RandomAccessCollection>(of records: Records, labelCount: Int, options: SplitOptions)
        -> Assignment where Records.Element == LabelRecord, Records.Index == Int
    {
        // Patients are numbered in order of first appearance; the allowed splits are a bit mask
        // (train 1, val 2, test 4) so that no set is allocated per patient.
        var order: [String] = []
        var number: [String: Int] = [:]
        var patientOfRecord: [Int] = []
        var mask: [UInt8] = []
        patientOfRecord.reserveCapacity(records.count)
        // Indices rather than `for record in records`: copying a record retains all its fields.
        for index in records.indices {
            let id = records[index].patientID
            let patient: Int
            if let known = number[id] {
                patient = known
            } else {
                patient = order.count
                number[id] = patient
                order.append(id)
                mask.append(0b111)
            }
            patientOfRecord.append(patient)
            if options.useOfficialSplit, let official = records[index].officialSplits {
                mask[patient] &= Self.bits(official)
            }
        }
        var allowed: [String: Set<SplitName>] = [:]
        var leaking: [String] = []
        var setOfMask: [UInt8: Set<SplitName>] = [:]
        for (patient, id) in order.enumerated() {
            let bits = mask[patient]
            if bits == 0 {
                leaking.append(id)
                continue
            }
            if setOfMask[bits] == nil { setOfMask[bits] = Set(SplitName.allCases.filter { bits & Self.bit($0) != 0 }) }
            allowed[id] = setOfMask[bits]
        }
        var members: [String: [Int]] = [:]
        if options.stratifyByLabel {
            for (index, patient) in patientOfRecord.enumerated() { members[order[patient], default: []].append(index) }
        }
        let chosen: [String: SplitName]
        if options.stratifyByLabel {
            chosen = stratifiedChoice(
                order: order, allowed: allowed, members: members, records: records,
                labelCount: labelCount, options: options)
        } else {
            var map: [String: SplitName] = [:]
            for patient in order {
                guard let set = allowed[patient] else { continue }
                map[patient] = bucket(
                    StableHash.unitValue(patientID: patient, seed: options.seed), among: set,
                    fractions: options.fractions)
            }
            chosen = map
        }
        var splits: [SplitName] = []
        var isOfficial: [Bool] = []
        splits.reserveCapacity(records.count)
        let chosenByPatient = order.map { chosen[$0] }
        for index in records.indices {
            let official = options.useOfficialSplit ? records[index].officialSplits : nil
            if let split = chosenByPatient[patientOfRecord[index]] {
                splits.append(split)
            } else {
                // The official split contradicts itself for this patient: keep each image's own.
                let set = official ?? Set(SplitName.allCases)
                let unit = StableHash.unitValue(patientID: records[index].patientID, seed: options.seed)
                splits.append(bucket(unit, among: set, fractions: options.fractions))
            }
            isOfficial.append(official?.count == 1)
        }
        return Assignment(splits: splits, isOfficial: isOfficial, leakingPatients: leaking.sorted())
    }

    private static func bits(_ set: Set<SplitName>) -> UInt8 {
        set.reduce(0) { $0 | bit($1) }
    }

    private static func bit(_ split: SplitName) -> UInt8 {
        switch split {
        case .train: 1
        case .val: 2
        case .test: 4
        }
    }

    /// Patients that appear in more than one split, with their splits.
    ///
    /// This is the check that proves a split leak-free: an empty result means no patient is in two splits.
    ///
    /// - Parameter samples: Joined samples.
    /// - Returns: Patient id → the splits it appears in, only for patients in two or more.
    public static func leaks(in samples: [LabeledSample]) -> [String: Set<SplitName>] {
        var seen: [String: UInt8] = [:]
        seen.reserveCapacity(samples.count / 2)
        for sample in samples { seen[sample.patientID, default: 0] |= bit(sample.split) }
        var result: [String: Set<SplitName>] = [:]
        for (patient, mask) in seen where mask.nonzeroBitCount > 1 {
            result[patient] = Set(SplitName.allCases.filter { mask & bit($0) != 0 })
        }
        return result
    }

    /// The split whose cumulative-fraction interval holds `unit`, among `set`, fractions renormalized.
    static func bucket(_ unit: Double, among set: Set<SplitName>, fractions: SplitFractions) -> SplitName {
        let candidates = SplitName.allCases.filter { set.contains($0) }
        let total = candidates.reduce(0) { $0 + fractions.fraction(of: $1) }
        guard total > 0 else { return candidates.first ?? .train }
        var cumulative = 0.0
        for split in candidates where fractions.fraction(of: split) > 0 {
            cumulative += fractions.fraction(of: split) / total
            if unit < cumulative { return split }
        }
        return candidates.last { fractions.fraction(of: $0) > 0 } ?? .train
    }

    /// Split sizes for `count` patients by largest remainder, in train, val, test order.
    static func apportion(_ count: Int, among candidates: [SplitName], fractions: SplitFractions) -> [Int] {
        let total = candidates.reduce(0) { $0 + fractions.fraction(of: $1) }
        guard total > 0 else { return candidates.indices.map { $0 == 0 ? count : 0 } }
        let exact = candidates.map { fractions.fraction(of: $0) / total * Double(count) }
        var sizes = exact.map { Int($0.rounded(.down)) }
        let byRemainder = candidates.indices.sorted {
            (exact[$0] - Double(sizes[$0]), -$0) > (exact[$1] - Double(sizes[$1]), -$1)
        }
        var left = count - sizes.reduce(0, +)
        for index in byRemainder where left > 0 {
            sizes[index] += 1
            left -= 1
        }
        return sizes
    }

    /// A stratification group: the allowed splits and the stratum.
    private struct GroupKey: Hashable {
        var splits: [SplitName]
        var stratum: Int
    }

    private static func stratifiedChoice<Records: RandomAccessCollection>(
        order: [String], allowed: [String: Set<SplitName>], members: [String: [Int]], records: Records,
        labelCount: Int, options: SplitOptions
    ) -> [String: SplitName] where Records.Element == LabelRecord, Records.Index == Int {
        var positives: [String: Set<Int>] = [:]
        var prevalence = [Int](repeating: 0, count: labelCount)
        for patient in order where allowed[patient] != nil {
            var set = Set<Int>()
            for index in members[patient] ?? [] {
                for (label, value) in records[index].labels.enumerated() where value != 0 { set.insert(label) }
            }
            for label in set where label < labelCount { prevalence[label] += 1 }
            positives[patient] = set
        }
        var groups: [GroupKey: [(unit: Double, patient: String)]] = [:]
        for patient in order {
            guard let set = allowed[patient] else { continue }
            let labels = positives[patient] ?? []
            let stratum = labels.min { (prevalence[$0], $0) < (prevalence[$1], $1) } ?? -1
            let key = GroupKey(splits: SplitName.allCases.filter { set.contains($0) }, stratum: stratum)
            groups[key, default: []].append((StableHash.unitValue(patientID: patient, seed: options.seed), patient))
        }
        var chosen: [String: SplitName] = [:]
        for (key, var patients) in groups {
            patients.sort { ($0.unit, $0.patient) < ($1.unit, $1.patient) }
            let sizes = apportion(patients.count, among: key.splits, fractions: options.fractions)
            var next = 0
            for (split, size) in zip(key.splits, sizes) {
                for entry in patients[next..<(next + size)] { chosen[entry.patient] = split }
                next += size
            }
        }
        return chosen
    }
}
