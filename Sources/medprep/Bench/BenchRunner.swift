import Foundation
import MedImage
import MedPipeline
import MedShards

/// One timed pass of `convert`'s pipeline over a corpus, shaped like `convert`'s runner.
///
/// `jobs` threads each run read → hash → decode → normalize → resize → augment → encode through
/// MedPipeline's `SampleTransform.stagedSamples(for:hash:)`, `convert`'s own stages with each one
/// timed; the calling thread writes the samples in input order through one `ShardWriter`, with at
/// most `2 × jobs` inputs in flight, on MedShards' `OrderedExecutor`, as `ConversionRunner` does. The manifest and `errors.jsonl` are
/// not written, which costs `convert` one small atomic file per shard.
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
    /// The source hash, as `convert --hash`.
    var hash: SourceHash = .blake3

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
        let consume: (Int, SampleTransform.StagedOutcome) throws -> Void = { index, outcome in
            if let record = outcome.error {
                pass.skipped.append(record)
            } else {
                let samples = outcome.samples
                let source = ShardWriter.Source(
                    path: inputs[index].file.relativePath, digest: outcome.digest, position: index)
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
            for index in inputs.indices { try consume(index, transform.stagedSamples(for: inputs[index], hash: hash)) }
        } else {
            let inputs = self.inputs, transform = self.transform, hash = self.hash
            try OrderedExecutor.run(
                count: inputs.count, jobs: jobs, window: 2 * jobs,
                work: { index in transform.stagedSamples(for: inputs[index], hash: hash) }, consume: consume)
        }
        if let last = try writeTimes.time(.write, { try writer.finish() }) { pass.shardBytes += last.shard.bytes }
        pass.stages = workerTimes + writeTimes
        pass.wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return pass
    }
}
