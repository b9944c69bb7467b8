import Foundation
import MedImage
import MedPipeline
import MedShards

/// One timed pass of `convert`'s pipeline over a corpus, shaped like `convert`'s runner.
///
/// `jobs` threads each run read → hash → decode → normalize → resize → augment → encode through
/// `convert`'s own `SampleTransform` (which reports each stage's time); the calling thread writes
/// the samples in input order through one `ShardWriter`, with at most `2 × jobs` inputs in flight,
/// on MedShards' `OrderedExecutor`, as `ConversionRunner` does. The manifest and `errors.jsonl` are
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
        let consume: (Int, Outcome) throws -> Void = { index, outcome in
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
            for index in inputs.indices { try consume(index, Self.process(inputs[index], transform, hash: hash)) }
        } else {
            let inputs = self.inputs, transform = self.transform, hash = self.hash
            try OrderedExecutor.run(
                count: inputs.count, jobs: jobs, window: 2 * jobs,
                work: { index in Self.process(inputs[index], transform, hash: hash) }, consume: consume)
        }
        if let last = try writeTimes.time(.write, { try writer.finish() }) { pass.shardBytes += last.shard.bytes }
        pass.stages = workerTimes + writeTimes
        pass.wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return pass
    }

    struct Outcome: Sendable {
        var samples: [ShardSample] = []
        var error: ErrorRecord?
        var digest = SourceDigest(hash: .blake3, hex: "")
        var bytesRead = 0
        var times = StageTimes()
    }

    static func process(_ input: ConversionInput, _ transform: SampleTransform, hash: SourceHash) -> Outcome {
        var times = StageTimes()
        let read: (bytes: [UInt8]?, error: ErrorRecord?) = times.time(.read) {
            do {
                return (try input.file.contents(), nil)
            } catch {
                return (nil, ErrorRecord(path: input.file.relativePath, error: error))
            }
        }
        guard let bytes = read.bytes else { return Outcome(error: read.error, times: times) }
        let source = times.time(.hash) { SourceData(bytes: bytes, digest: hash.digest(bytes)) }
        do {
            let samples = try transform.samples(for: input, source: source, times: &times)
            return Outcome(samples: samples, digest: source.digest, bytesRead: source.bytes.count, times: times)
        } catch {
            return Outcome(
                error: ErrorRecord(path: input.file.relativePath, error: error), bytesRead: source.bytes.count,
                times: times)
        }
    }
}
