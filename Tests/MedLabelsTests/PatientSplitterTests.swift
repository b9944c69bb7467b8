import MedLabels
import Testing

@Suite("Patient-level splits")
struct PatientSplitterTests {
    /// 2,000 patients with 1–3 images each; label 0 common, label 1 rare (every 20th patient).
    static func records(official: (Int) -> Set<SplitName>? = { _ in nil }) -> [LabelRecord] {
        var result: [LabelRecord] = []
        for patient in 0..<2_000 {
            for image in 0..<(1 + patient % 3) {
                let labels: [UInt8] = [patient % 2 == 0 ? 1 : 0, patient % 20 == 0 ? 1 : 0]
                result.append(
                    LabelRecord(
                        key: "\(patient)_\(image).png", patientID: "P\(patient)", labels: labels,
                        officialSplits: official(patient),
                        source: SourceLocation(path: "t.csv", line: result.count + 2)))
            }
        }
        return result
    }

    static func patientsPerSplit(_ records: [LabelRecord], _ splits: [SplitName]) -> [SplitName: Set<String>] {
        var result: [SplitName: Set<String>] = [:]
        for (record, split) in zip(records, splits) { result[split, default: []].insert(record.patientID) }
        return result
    }

    @Test("Per-id splits follow the fractions within sampling error and agree with assign()")
    func perIDSplits() throws {
        let fractions = try SplitFractions(train: 0.8, val: 0.1, test: 0.1)
        var counts: [SplitName: Int] = [:]
        for i in 0..<10_000 {
            counts[PatientSplitter.split(forID: "k\(i)", seed: 42, fractions: fractions), default: 0] += 1
        }
        // Binomial standard deviations: 40 for train, 30 for val; 5 of them.
        #expect(abs((counts[.train] ?? 0) - 8000) < 200)
        #expect(abs((counts[.val] ?? 0) - 1000) < 150)
        let onlyTrain = try SplitFractions(train: 1, val: 0, test: 0)
        #expect((0..<100).allSatisfy { PatientSplitter.split(forID: "x\($0)", seed: 1, fractions: onlyTrain) == .train })
        let records = Self.records()
        let assigned = PatientSplitter.assign(records, labelCount: 2, options: splitOptions(seed: 42))
        for (record, split) in zip(records, assigned.splits).prefix(300) {
            #expect(PatientSplitter.split(forID: record.patientID, seed: 42, fractions: fractions) == split)
        }
    }

    @Test("no patient is in two splits, stratified or not", arguments: [false, true])
    func noLeaks(stratify: Bool) {
        let records = Self.records()
        let assignment = PatientSplitter.assign(records, labelCount: 2, options: splitOptions(stratify: stratify))
        let bySplit = Self.patientsPerSplit(records, assignment.splits)
        #expect(bySplit.values.map(\.count).reduce(0, +) == 2_000)
        #expect(assignment.leakingPatients.isEmpty)
    }

    @Test("the same seed gives the same splits; another seed another", arguments: [false, true])
    func deterministic(stratify: Bool) {
        let records = Self.records()
        let first = PatientSplitter.assign(records, labelCount: 2, options: splitOptions(seed: 11, stratify: stratify))
        let again = PatientSplitter.assign(
            records.reversed(), labelCount: 2,
            options: splitOptions(seed: 11, stratify: stratify))
        #expect(first.splits == Array(again.splits.reversed()))
        let other = PatientSplitter.assign(records, labelCount: 2, options: splitOptions(seed: 12, stratify: stratify))
        #expect(first.splits != other.splits)
    }

    @Test("unstratified fractions are near the target and a patient's split ignores the others")
    func unstratified() {
        let records = Self.records()
        let all = PatientSplitter.assign(records, labelCount: 2, options: splitOptions())
        let counts = Self.patientsPerSplit(records, all.splits).mapValues(\.count)
        // 2,000 patients: binomial standard deviation for 0.1 is about 13.4; allow 5 sigma.
        #expect(abs((counts[.train] ?? 0) - 1_600) < 90)
        #expect(abs((counts[.val] ?? 0) - 200) < 70)
        #expect(abs((counts[.test] ?? 0) - 200) < 70)
        let half = Array(records.prefix(records.count / 2))
        let subset = PatientSplitter.assign(half, labelCount: 2, options: splitOptions())
        #expect(subset.splits == Array(all.splits.prefix(half.count)))
    }

    @Test("stratified splits hit the fractions exactly within each stratum")
    func stratified() {
        let records = Self.records()
        let assignment = PatientSplitter.assign(records, labelCount: 2, options: splitOptions(stratify: true))
        var rare: [SplitName: Set<String>] = [:]
        var all: [SplitName: Set<String>] = [:]
        for (record, split) in zip(records, assignment.splits) {
            all[split, default: []].insert(record.patientID)
            if record.labels[1] == 1 { rare[split, default: []].insert(record.patientID) }
        }
        // 100 rare-label patients → 80/10/10 exactly; 2,000 in all → 1,600/200/200.
        #expect(rare.mapValues(\.count) == [.train: 80, .val: 10, .test: 10])
        #expect(all.mapValues(\.count) == [.train: 1_600, .val: 200, .test: 200])
    }

    @Test("official splits are honoured and pools are split with renormalized fractions", arguments: [false, true])
    func official(stratify: Bool) {
        let records = Self.records { $0 % 4 == 0 ? [.test] : [.train, .val] }
        let assignment = PatientSplitter.assign(records, labelCount: 2, options: splitOptions(stratify: stratify))
        for (record, split) in zip(records, assignment.splits) {
            let patient = Int(record.patientID.dropFirst()) ?? 0
            #expect(patient % 4 == 0 ? split == .test : split != .test)
        }
        #expect(assignment.leakingPatients.isEmpty)
        let ignored = PatientSplitter.assign(
            records, labelCount: 2,
            options: splitOptions(stratify: stratify, official: false))
        #expect(ignored.splits != assignment.splits)
    }

    @Test("an official split that puts one patient in two splits is reported, and each image keeps its own")
    func officialLeak() {
        let records = [
            LabelRecord(
                key: "a.png", patientID: "P1", labels: [1], officialSplits: [.train],
                source: SourceLocation(path: "t", line: 2)),
            LabelRecord(
                key: "b.png", patientID: "P1", labels: [1], officialSplits: [.test],
                source: SourceLocation(path: "t", line: 3)),
        ]
        let assignment = PatientSplitter.assign(records, labelCount: 1, options: splitOptions())
        #expect(assignment.splits == [.train, .test])
        #expect(assignment.leakingPatients == ["P1"])
    }

    @Test(
        "fractions must be three numbers in 0...1 that sum to 1",
        arguments: ["0.8,0.1", "0.8,0.1,0.2", "a,b,c", "-0.1,0.6,0.5"])
    func badFractions(text: String) {
        let error = #expect(throws: LabelError.self) { try SplitFractions(parsing: text) }
        #expect(error?.code == .invalidConfiguration)
    }
}
