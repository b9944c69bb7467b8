import Foundation
import MedImage
import MedPipeline
import MedShards

#if canImport(Glibc)
    import Glibc
#endif

extension BenchCommand {
    /// Lists the corpus, warms up, and times every thread count and output format.
    ///
    /// - Throws: ``ShardError`` for the scratch folder, `ValidationError` for an empty corpus or duplicate keys.
    func measure(roots: [String], source: String, shardFolder: String) throws -> BenchReport {
        // The images convert would read (files that are not images are ignored, as convert ignores them).
        let images = InputScan.make(roots: RawArguments.bytes(of: roots), output: nil).images
        let inputs = images.enumerated().map { index, file in
            ConversionInput(
                index: index, key: SampleKey.key(forRelativePath: file.relativePath), file: file, split: "train")
        }
        guard !inputs.isEmpty else {
            throw ShardError(.io, path: roots.joined(separator: " "), reason: "no input files found")
        }
        try SampleKey.ensureUnique(inputs.map { ($0.key, $0.file.relativePath) })
        let limits = ShardWriter.Limits(samples: shardSamples, bytes: 512 << 20)
        let mainTransform = try transform()
        let runner = BenchRunner(inputs: inputs, transform: mainTransform, shardLimits: limits, hash: hash)
        let maxJobs = jobs

        func pass(_ runner: BenchRunner, jobs: Int) throws -> BenchRunner.Pass {
            try? FileManager.default.removeItem(atPath: shardFolder)
            try FileManager.default.createDirectory(atPath: shardFolder, withIntermediateDirectories: true)
            return try runner.run(jobs: jobs, folder: shardFolder)
        }

        // Warm-up (not counted): file cache, plans, tables.
        var firstPass: BenchRunner.Pass?
        for _ in 0..<warmup { firstPass = try pass(runner, jobs: maxJobs) }

        var runs: [BenchReport.JobsRun] = []
        for jobCount in 1...maxJobs {
            var passes: [BenchRunner.Pass] = []
            for _ in 0..<repetitions { passes.append(try pass(runner, jobs: jobCount)) }
            firstPass = firstPass ?? passes.first
            runs.append(Self.summary(passes, jobs: jobCount, baseline: runs.first?.imagesPerSecond.median))
        }

        var formats: [BenchReport.FormatRun] = []
        for variant in try formatVariants() {
            let formatRunner = BenchRunner(
                inputs: inputs, transform: try transform(format: variant.format, level: variant.level),
                shardLimits: limits, hash: hash)
            var passes: [BenchRunner.Pass] = []
            for _ in 0..<repetitions { passes.append(try pass(formatRunner, jobs: 1)) }
            let images = Double(max(inputs.count, 1))
            formats.append(
                BenchReport.FormatRun(
                    format: variant.format.rawValue,
                    pngLevel: variant.format == .png8 || variant.format == .png16 ? variant.level : nil, jobs: 1,
                    imagesPerSecond: BenchReport.Spread(passes.map { Double($0.inputs) / $0.wallSeconds }),
                    encodeMsPerImage: BenchReport.Spread(passes.map { $0.stages[.encode] * 1000 / images }).median,
                    bytesPerImage: Double(passes[0].imageBytes) / Double(max(passes[0].samples, 1)),
                    outputMBPerSecond: BenchReport.Spread(passes.map { Double($0.shardBytes) / 1e6 / $0.wallSeconds })
                        .median))
        }
        try? FileManager.default.removeItem(atPath: shardFolder)

        let skipped = firstPass?.skipped ?? []
        return BenchReport(
            tool: "medprep \(MedPrep.version)", date: ISO8601DateFormatter().string(from: Date()),
            machine: Self.machine(),
            corpus: BenchReport.Corpus(
                source: source, images: inputs.count, bytes: firstPass?.bytesRead ?? 0, skipped: skipped.count,
                firstError: skipped.first.map { "\($0.path): \($0.code): \($0.reason)" }),
            pipeline: pipelineFlags, warmupPasses: warmup, repetitions: repetitions, runs: runs, formats: formats, peakRSSMB: Self.peakResidentMB())
    }

    /// Per-thread-count summary: throughput spreads, scaling against `baseline`, median stage times.
    static func summary(_ passes: [BenchRunner.Pass], jobs: Int, baseline: Double?) -> BenchReport.JobsRun {
        let rates = passes.map { Double($0.inputs) / $0.wallSeconds }
        let median = BenchReport.Spread(rates).median
        var stages: [BenchReport.Stage] = []
        let perImage = PipelineStage.allCases.map { stage in
            BenchReport.Spread(passes.map { $0.stages[stage] * 1000 / Double(max($0.inputs, 1)) }).median
        }
        let total = perImage.reduce(0, +)
        for (stage, ms) in zip(PipelineStage.allCases, perImage) {
            stages.append(BenchReport.Stage(stage: stage.rawValue, msPerImage: ms, share: total > 0 ? ms / total : 0))
        }
        return BenchReport.JobsRun(
            jobs: jobs, imagesPerSecond: BenchReport.Spread(rates),
            inputMBPerSecond: BenchReport.Spread(passes.map { Double($0.bytesRead) / 1e6 / $0.wallSeconds }),
            outputMBPerSecond: BenchReport.Spread(passes.map { Double($0.shardBytes) / 1e6 / $0.wallSeconds }),
            scaling: baseline.map { $0 > 0 ? median / $0 : 0 } ?? 1, peakRSSMB: peakResidentMB(), stages: stages)
    }

    /// The process's peak resident set so far, in MB.
    ///
    /// On Linux this is `VmHWM` from `/proc/self/status`: `getrusage`'s `ru_maxrss` keeps the high-water
    /// mark of the process image before `execve`, so a `medprep` started by a large Python process would
    /// report the parent's memory (seen: 1159 MB for a 44 MB run). Elsewhere, `ru_maxrss`.
    static func peakResidentMB() -> Double {
        #if os(Linux)
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                let kib = line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
                    .flatMap({ Double($0) })
            {
                return kib * 1024 / 1e6
            }
            var usage = rusage()
            guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
            return Double(usage.ru_maxrss) * 1024 / 1e6
        #else
            var usage = rusage()
            guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
            return Double(usage.ru_maxrss) / 1e6  // bytes on Darwin
        #endif
    }

    static func machine() -> BenchReport.Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return BenchReport.Machine(
            cpu: model, cores: ProcessInfo.processInfo.activeProcessorCount,
            os: ProcessInfo.processInfo.operatingSystemVersionString)
    }
}
