import Foundation
import MedQuality
import MedShards

/// Turns the samples of ``ReportInput`` into ``ReportData``: counts, errors, prevalence,
/// demographics with balance tests, quality flags and near-duplicate pairs.
///
/// Only original samples are counted and searched; augmented copies are counted apart (they would
/// weigh their source several times and pair with it). One pass over the samples plus the
/// near-duplicate search; memory is the input plus a few integers per sample.
struct ReportBuilder {
    /// Hamming distance at or under which two hashes make a pair.
    var threshold: Int
    /// Pairs kept in the data (all are counted).
    var maximumPairs: Int
    /// Whether source paths are shown (`--show-source-paths`); ``ReportInput`` has already named the samples.
    var showsSourcePaths = false

    static let splitOrder = ["train", "val", "test"]
    static let ageBins = ["0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+"]

    /// The quality flags: name, rule text, test.
    static let flagRules: [(String, String, @Sendable (QualityMeasures) -> Bool)] = [
        ("blank", "near-constant: 98 % of pixels in one of 256 bins, or dynamic range under 2 %", { $0.blank }),
        ("saturated", "over 5 % of pixels at the top of the scale", { $0.atCeiling > 0.05 }),
        (
            "clipped-dark", "over 30 % of pixels at the bottom of the scale (letterbox padding counts)",
            { $0.atFloor > 0.3 }
        ),
        ("low-contrast", "dynamic range under 25 % of the scale", { $0.dynamicRange < 0.25 }),
        ("low-entropy", "histogram entropy under 3 bits", { $0.entropy < 3 }),
    ]

    func build(_ input: ReportInput) -> ReportData {
        let present = Set(input.samples.map(\.split))
        let splits = Self.splitOrder.filter(present.contains) + present.subtracting(Self.splitOrder).sorted()
        let splitIndex = Dictionary(uniqueKeysWithValues: splits.enumerated().map { ($1, $0) })
        let originals = input.samples.filter(\.isOriginal)

        var counts = splits.map {
            ReportData.SplitCounts(split: $0, samples: 0, augmentedCopies: 0, patients: 0, labelled: 0, unmeasured: 0)
        }
        var patients = Array(repeating: Set<String>(), count: splits.count)
        var labelNames = input.vocabulary ?? []
        var labelIndex = Dictionary(uniqueKeysWithValues: labelNames.enumerated().map { ($1, $0) })
        var positives: [[Int]] = Array(repeating: Array(repeating: 0, count: labelNames.count), count: splits.count)
        var positivePatients: [[Set<String>]] = Array(
            repeating: Array(repeating: [], count: labelNames.count), count: splits.count)
        var ages = Array(repeating: Array(repeating: 0, count: Self.ageBins.count), count: splits.count)
        var ageValues = Array(repeating: [Double](), count: splits.count)
        var ageMissing = Array(repeating: 0, count: splits.count)
        var sexes = CategoryCounter(splits: splits.count), views = CategoryCounter(splits: splits.count)
        var flagCounts = Array(repeating: Array(repeating: 0, count: splits.count), count: Self.flagRules.count)
        var flagExamples = Array(repeating: [String](), count: Self.flagRules.count)
        var entropy = Array(repeating: Array(repeating: 0, count: 16), count: splits.count)

        for sample in input.samples where !sample.isOriginal {
            counts[splitIndex[sample.split]!].augmentedCopies += 1
        }
        for sample in originals {
            let s = splitIndex[sample.split]!
            counts[s].samples += 1
            let profile = sample.profile
            if let patient = profile?.patient { patients[s].insert(patient) }
            if let findings = profile?.findings {
                counts[s].labelled += 1
                for name in findings {
                    let l: Int
                    if let known = labelIndex[name] {
                        l = known
                    } else {
                        l = labelNames.count
                        labelNames.append(name)
                        labelIndex[name] = l
                        for i in positives.indices {
                            positives[i].append(0)
                            positivePatients[i].append([])
                        }
                    }
                    positives[s][l] += 1
                    if let patient = profile?.patient { positivePatients[s][l].insert(patient) }
                }
            }
            if let age = profile?.age, age.isFinite, age >= 0 {
                ages[s][min(Self.ageBins.count - 1, Int(age / 10))] += 1
                ageValues[s].append(age)
            } else {
                ageMissing[s] += 1
            }
            sexes.add(profile?.sex.map(Self.normalizedSex), split: s)
            views.add(profile?.view.map { $0.uppercased() }, split: s)
            guard let quality = profile?.quality else {
                counts[s].unmeasured += 1
                continue
            }
            for (f, rule) in Self.flagRules.enumerated() where rule.2(quality) {
                flagCounts[f][s] += 1
                if flagExamples[f].count < 12 { flagExamples[f].append(sample.name) }
            }
            entropy[s][min(15, max(0, Int(quality.entropy * 2)))] += 1
        }
        for s in splits.indices { counts[s].patients = patients[s].count }

        var prevalence: [ReportData.Prevalence] = []
        var labelTests: [BalanceTest] = []
        for (l, name) in labelNames.enumerated() {
            var table: [[Int]] = []
            for (s, split) in splits.enumerated() {
                let labelled = counts[s].labelled
                prevalence.append(
                    ReportData.Prevalence(
                        label: name, split: split, positives: positives[s][l], labelled: labelled,
                        fraction: labelled == 0 ? 0 : Double(positives[s][l]) / Double(labelled),
                        positivePatients: positivePatients[s][l].count))
                table.append([positives[s][l], labelled - positives[s][l]])
            }
            if let test = BalanceTest(variable: "the prevalence of \(name)", table: table) { labelTests.append(test) }
        }

        let hasAge = ageValues.contains { !$0.isEmpty }
        let age =
            hasAge
            ? ReportData.Distribution(
                variable: "age", categories: Self.ageBins, counts: ages, missing: ageMissing,
                test: BalanceTest(variable: "age (10-year bins)", table: ages)) : nil
        var ageSummary: [String: [Double]] = [:]
        for (s, split) in splits.enumerated() where !ageValues[s].isEmpty {
            let sorted = ageValues[s].sorted()
            let n = sorted.count
            let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            ageSummary[split] = [Double(n), sorted.reduce(0, +) / Double(n), median, sorted[0], sorted[n - 1]]
        }
        let flags = Self.flagRules.enumerated().map { f, rule in
            ReportData.Flag(
                name: rule.0, rule: rule.1, count: flagCounts[f].reduce(0, +), perSplit: flagCounts[f],
                examples: flagExamples[f])
        }
        let search = DuplicateSearch(
            threshold: threshold, maximumPairs: maximumPairs, showsSourcePaths: showsSourcePaths)
        let duplicates = search.run(originals, folders: input.paths)

        var groups: [String: (Int, [ErrorRecord])] = [:]
        for record in input.skipped {
            var group = groups[record.code] ?? (0, [])
            group.0 += 1
            if group.1.count < 3 { group.1.append(record) }
            groups[record.code] = group
        }
        let errors = groups.map { ReportData.ErrorGroup(code: $0.key, count: $0.value.0, examples: $0.value.1) }
            .sorted { ($1.count, $0.code) < ($0.count, $1.code) }

        var data = ReportData(
            tool: "medprep \(MedPrep.version)", generatedFrom: input.folders, splits: splits, counts: counts,
            skipped: input.skipped.count, ignoredFiles: input.ignored, errors: errors, labelNames: labelNames,
            prevalence: prevalence, labelTests: labelTests, age: age, ageSummary: ageSummary,
            sex: sexes.distribution("sex"), view: views.distribution("view position"), flags: flags,
            entropyHistogram: entropy, duplicates: duplicates, verdicts: [],
            sourcePaths: showsSourcePaths ? ReportData.sourcePathsShown : ReportData.sourcePathsHidden)
        data.verdicts = Self.verdicts(data)
        return data
    }

    /// `M`/`Male`/`male` as `M`, `F`/`Female` as `F`, anything else upper-cased as written.
    static func normalizedSex(_ text: String) -> String {
        switch text.trimmingCharacters(in: .whitespaces).uppercased() {
        case "M", "MALE": "M"
        case "F", "FEMALE": "F"
        case let other: other
        }
    }

    static func verdicts(_ data: ReportData) -> [String] {
        var out: [String] = []
        let d = data.duplicates
        if d.crossSplit > 0 {
            out.append(
                "LEAK: \(d.crossSplit) near-duplicate pair(s) cross splits (\(d.leakedSamples) samples): the same picture is in more than one split. Remove or re-split them before evaluating."
            )
        } else {
            out.append(
                "No near-duplicate pair crosses splits (pHash distance \u{2264} \(d.threshold), \(d.searched) samples searched)."
            )
        }
        if d.withinSplit + d.samePatient > 0 {
            out.append(
                "\(d.withinSplit + d.samePatient) near-duplicate pair(s) within a split (\(d.samePatient) of the same patient)."
            )
        }
        for test in [data.sex?.test, data.age?.test, data.view?.test].compactMap({ $0 }) { out.append(test.verdict) }
        let unbalanced = data.labelTests.filter { $0.pValue < 0.05 }
        if !data.labelTests.isEmpty {
            out.append(
                unbalanced.isEmpty
                    ? "Label prevalence: no evidence of a difference between splits for any of \(data.labelTests.count) labels."
                    : "Label prevalence differs between splits (p < 0.05) for: \(unbalanced.map { String($0.variable.dropFirst("the prevalence of ".count)) }.joined(separator: ", "))."
            )
        }
        let blank = data.flags.first { $0.name == "blank" }?.count ?? 0
        if blank > 0 { out.append("\(blank) blank or near-constant image(s): check them before training.") }
        if data.skipped > 0 { out.append("\(data.skipped) input(s) were skipped with errors (see Errors).") }
        return out
    }
}

/// Per-split counts of the values of one categorical field.
struct CategoryCounter {
    var index: [String: Int] = [:]
    var names: [String] = []
    var counts: [[Int]]
    var missing: [Int]

    init(splits: Int) {
        counts = Array(repeating: [], count: splits)
        missing = Array(repeating: 0, count: splits)
    }

    mutating func add(_ value: String?, split: Int) {
        guard let value, !value.isEmpty else {
            missing[split] += 1
            return
        }
        let c: Int
        if let known = index[value] {
            c = known
        } else {
            c = names.count
            names.append(value)
            index[value] = c
            for s in counts.indices { counts[s].append(0) }
        }
        counts[split][c] += 1
    }

    func distribution(_ variable: String) -> ReportData.Distribution? {
        guard !names.isEmpty else { return nil }
        let order = names.indices.sorted { names[$0] < names[$1] }
        let table = counts.map { row in order.map { row[$0] } }
        return ReportData.Distribution(
            variable: variable, categories: order.map { names[$0] }, counts: table, missing: missing,
            test: BalanceTest(variable: variable, table: table))
    }
}
