import Foundation
import MedImage
import MedShards

/// One timed pass of the staged pipeline over a corpus, shaped like `convert`'s runner.
///
/// `jobs` threads each run read → decode → normalize → resize → augment → encode on their own
/// ``StagedPipeline``; the calling thread writes the samples in input order through one
/// `ShardWriter`, with at most `2 × jobs` inputs in flight (what `ConversionRunner` does; its
/// `OrderedExecutor` is internal to MedShards, so this file has its own small one). The manifest and
/// `errors.jsonl` are not written, which costs `convert` one small atomic file per shard.
struct BenchRunner {
    /// What one pass measured.
    struct Pass {
        var wallSeconds = 0.0
        var inputs = 0
        var samples = 0
        var skipped: [ErrorRecord] = []
        var bytesRead = 0
        /// Bytes of the image members (PNG / NPY) only.
        var imageBytes = 0
        /// Bytes of the completed tar shards.
        var shardBytes = 0
        var stages = StageTimes()
    }

    let inputs: [ConversionInput]
    let transform: SampleTransform
    let shardLimits: ShardWriter.Limits

    /// Runs one pass into `folder` (created; emptied by the caller between passes).
    ///
    /// - Throws: ``ShardError`` when the shards cannot be written.
    func run(jobs: Int, folder: String) throws -> Pass {
        let started = DispatchTime.now().uptimeNanoseconds
        var pass = Pass()
        pass.inputs = inputs.count
        let writer = ShardWriter(folder: folder, split: "train", limits: shardLimits)
        var writeTimes = StageTimes()
        var workerTimes = StageTimes()
        let consume: (Int, Outcome) throws -> Void = { index, outcome in
            if let record = outcome.error {
                pass.skipped.append(record)
            } else {
                let samples = outcome.samples
                let source = ShardWriter.Source(
                    path: inputs[index].file.relativePath, sha256: outcome.sha256, position: index)
                for sample in samples {
                    pass.samples += 1
                    pass.imageBytes += sample.members.first?.contents.count ?? 0
                    let completed = try writeTimes.time(.write) { try writer.add(sample, source: source) }
                    pass.shardBytes += completed.reduce(0) { $0 + $1.shard.bytes }
                }
            }
            pass.bytesRead += outcome.bytesRead
            workerTimes = workerTimes + outcome.times
        }
        if jobs == 1 || inputs.count <= 1 {
            var pipeline = StagedPipeline(transform: transform)
            for index in inputs.indices { try consume(index, Self.process(inputs[index], &pipeline)) }
        } else {
            let pool = PipelinePool(transform: transform)
            let inputs = self.inputs
            try OrderedExecutor.run(
                count: inputs.count, jobs: jobs, window: 2 * jobs,
                work: { index in
                    pool.withPipeline { Self.process(inputs[index], &$0) }
                }, consume: consume)
        }
        if let last = try writeTimes.time(.write, { try writer.finish() }) { pass.shardBytes += last.shard.bytes }
        pass.stages = workerTimes + writeTimes
        pass.wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return pass
    }

    struct Outcome: Sendable {
        var samples: [ShardSample] = []
        var error: ErrorRecord?
        var sha256 = ""
        var bytesRead = 0
        var times = StageTimes()
    }

    static func process(_ input: ConversionInput, _ pipeline: inout StagedPipeline) -> Outcome {
        var times = StageTimes()
        let read: (source: SourceData?, error: ErrorRecord?) = times.time(.read) {
            do {
                let bytes = try input.file.contents()
                return (SourceData(bytes: bytes, sha256: ContentHash.sha256(bytes)), nil)
            } catch {
                return (nil, ErrorRecord(path: input.file.relativePath, error: error))
            }
        }
        guard let source = read.source else { return Outcome(error: read.error, times: times) }
        do {
            let samples = try pipeline.samples(for: input, source: source, times: &times)
            return Outcome(samples: samples, sha256: source.sha256, bytesRead: source.bytes.count, times: times)
        } catch {
            return Outcome(
                error: ErrorRecord(path: input.file.relativePath, error: error), bytesRead: source.bytes.count,
                times: times)
        }
    }
}

/// Staged pipelines shared by worker threads, so cached plans and tables survive across images.
private final class PipelinePool: @unchecked Sendable {
    // `idle` is only touched with `lock` held.
    private let lock = NSLock()
    private var idle: [StagedPipeline] = []
    private let transform: SampleTransform

    init(transform: SampleTransform) { self.transform = transform }

    func withPipeline<T>(_ body: (inout StagedPipeline) -> T) -> T {
        lock.lock()
        var pipeline = idle.popLast() ?? StagedPipeline(transform: transform)
        lock.unlock()
        let result = body(&pipeline)
        lock.lock()
        idle.append(pipeline)
        lock.unlock()
        return result
    }
}
