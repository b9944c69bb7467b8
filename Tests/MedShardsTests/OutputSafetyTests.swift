import Foundation
import MedTestSupport
import Testing

@testable import MedShards

/// What resume, overwrite and merge may delete or accept: only their own files, and only runs that
/// really continue or join one another.
@Suite("Output folders: foreign files, refused resumes, merges, changed inputs")
struct OutputSafetyTests {
    private let limits = ShardWriter.Limits(samples: 4, bytes: 6000)

    private func options(
        _ folder: String, mode: OutputFolder.Mode = .fresh, pipeline: ManifestValue = .object(["size": .int(512)]),
        worker: Manifest.Worker? = nil
    ) -> ConversionOptions {
        ConversionOptions(
            folder: folder, mode: mode, limits: limits, jobs: 1, toolVersion: "test", pipeline: pipeline,
            worker: worker)
    }

    private static let foreign = [
        "backup-20240101.tar", "my-archive-123456.tar", "other-000000.tar", ".notes.partial", "train-12.tar",
    ]

    private static func addForeign(to folder: String) {
        for name in foreign { _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("x".utf8)) }
    }

    @Test("Only the split shards, manifest, error log and their temporaries count as the tool's files")
    func ownership() {
        for name in ["train-000000.tar", "val-000012.tar", "test-1234567.tar", "manifest.json", "errors.jsonl",
            ".train-000003.tar.partial", ".manifest.json.partial"]
        {
            #expect(OutputFolder.isOurs(name), "\(name)")
        }
        for name in Self.foreign { #expect(!OutputFolder.isOurs(name), "\(name)") }
    }

    @Test("Overwrite and resume leave files the tool did not write")
    func foreignFilesSurvive() throws {
        let inputRoot = TemporaryFolder.make("in"), out = TemporaryFolder.make("out")
        defer { TemporaryFolder.remove(inputRoot, out) }
        let inputs = FakePipeline.inputs(count: 12, under: inputRoot)
        Self.addForeign(to: out)
        try ConversionRunner(options: options(out, mode: .overwrite)).run(
            inputs: inputs, transform: FakePipeline.transform(copies: 1))
        _ = FileManager.default.createFile(atPath: out + "/.val-000009.tar.partial", contents: Data("x".utf8))
        try ConversionRunner(options: options(out, mode: .resume)).run(
            inputs: inputs, transform: FakePipeline.transform(copies: 1))
        try ConversionRunner(options: options(out, mode: .overwrite)).run(
            inputs: inputs, transform: FakePipeline.transform(copies: 1))
        let names = Set(TemporaryFolder.files(in: out).keys)
        for name in Self.foreign { #expect(names.contains(name), "\(name) was deleted") }
        #expect(!names.contains(".val-000009.tar.partial"), "the tool's own temporary is cleared")
        #expect(names.contains("train-000000.tar") && names.contains("manifest.json"))
    }

    @Test("Overwrite deletes the previous run's files while converting: the bytes of a fresh run, foreign files kept")
    func overwriteInBackground() throws {
        let inputRoot = TemporaryFolder.make("in"), fresh = TemporaryFolder.make("fresh"), out = TemporaryFolder.make("out")
        defer { TemporaryFolder.remove(inputRoot, fresh, out) }
        let inputs = FakePipeline.inputs(count: 30, under: inputRoot)
        try ConversionRunner(options: options(fresh)).run(inputs: inputs, transform: FakePipeline.transform(copies: 1))
        let expected = TemporaryFolder.files(in: fresh)
        // A longer previous run, a stale temporary under the name the new run writes first, foreign files.
        try ConversionRunner(options: options(out)).run(
            inputs: FakePipeline.inputs(count: 50, under: inputRoot), transform: FakePipeline.transform(copies: 2))
        _ = FileManager.default.createFile(atPath: out + "/.train-000000.tar.partial", contents: Data("stale".utf8))
        Self.addForeign(to: out)
        for jobs in [1, 2] {
            var overwrite = options(out, mode: .overwrite)
            overwrite.jobs = jobs
            try ConversionRunner(options: overwrite).run(inputs: inputs, transform: FakePipeline.transform(copies: 1))
            var files = TemporaryFolder.files(in: out)
            for name in Self.foreign { #expect(files.removeValue(forKey: name) != nil, "\(name) was deleted") }
            #expect(files == expected, "jobs \(jobs): \(Set(files.keys).symmetricDifference(expected.keys).sorted())")
        }
        // Nothing to delete: no removal runs.
        let empty = TemporaryFolder.make("empty")
        defer { TemporaryFolder.remove(empty) }
        #expect(try OutputFolder.overwriteInBackground(empty) == nil)
    }

    @Test("A deletion that fails in the background fails the run, naming the file")
    func overwriteFailure() throws {
        let inputRoot = TemporaryFolder.make("in"), out = TemporaryFolder.make("out")
        defer { TemporaryFolder.remove(inputRoot, out) }
        // A folder where the manifest would be: unlink(2) fails with EISDIR.
        try FileManager.default.createDirectory(atPath: out + "/manifest.json/x", withIntermediateDirectories: true)
        let error = #expect(throws: ShardError.self) {
            try ConversionRunner(options: options(out, mode: .overwrite)).run(
                inputs: FakePipeline.inputs(count: 6, under: inputRoot), transform: FakePipeline.transform(copies: 1))
        }
        #expect(error?.code == .io)
        #expect(error?.path.hasSuffix("/manifest.json") == true, "\(String(describing: error))")
        #expect(error?.reason.contains("unlink") == true, "\(String(describing: error))")
        // Nothing was renamed into place before the failure was seen.
        #expect(!FileManager.default.fileExists(atPath: out + "/train-000000.tar"))
    }

    @Test("A resume refused for other parameters deletes nothing")
    func refusedResumeDeletesNothing() throws {
        let inputRoot = TemporaryFolder.make("in"), out = TemporaryFolder.make("out")
        defer { TemporaryFolder.remove(inputRoot, out) }
        let inputs = FakePipeline.inputs(count: 20, under: inputRoot)
        try ConversionRunner(options: options(out)).run(inputs: inputs, transform: FakePipeline.transform(copies: 1))
        // The folder as a kill leaves it: the manifest lists one shard, others and a temporary exist.
        var manifest = try Manifest.read(folder: out)
        manifest.complete = false
        manifest.samples = manifest.samples.filter { $0.shard == manifest.shards[0].name }
        manifest.shards = Array(manifest.shards.prefix(1))
        try manifest.write(folder: out)
        _ = FileManager.default.createFile(atPath: out + "/.train-000001.tar.partial", contents: Data("x".utf8))
        let before = TemporaryFolder.files(in: out)
        let error = #expect(throws: ShardError.self) {
            try ConversionRunner(options: options(out, mode: .resume, pipeline: .object(["size": .int(224)])))
                .run(inputs: inputs, transform: FakePipeline.transform(copies: 1))
        }
        #expect(error?.code == .manifestMismatch)
        #expect(TemporaryFolder.files(in: out) == before)
    }

    @Test("A resume is refused when a file already converted changed size or is gone")
    func changedInputRefused() throws {
        let inputRoot = TemporaryFolder.make("in"), out = TemporaryFolder.make("out")
        defer { TemporaryFolder.remove(inputRoot, out) }
        let inputs = FakePipeline.inputs(count: 20, under: inputRoot)
        try ConversionRunner(options: options(out)).run(inputs: inputs, transform: FakePipeline.transform(copies: 1))
        var manifest = try Manifest.read(folder: out)
        #expect(manifest.samples.allSatisfy { $0.sourceBytes != nil })
        manifest.complete = false
        try manifest.write(folder: out)
        let converted = try #require(inputs.first { $0.source == manifest.samples[0].source })
        _ = FileManager.default.createFile(atPath: converted.file.path, contents: Data("image 0 changed".utf8))
        let error = #expect(throws: ShardError.self) {
            try ConversionRunner(options: options(out, mode: .resume))
                .run(inputs: inputs, transform: FakePipeline.transform(copies: 1))
        }
        #expect(error?.code == .manifestMismatch)
        #expect(error?.path == converted.file.relativePath)
        #expect(error?.reason.contains("bytes, the manifest says") == true)
        try FileManager.default.removeItem(atPath: converted.file.path)
        let gone = #expect(throws: ShardError.self) {
            try ConversionRunner(options: options(out, mode: .resume))
                .run(inputs: inputs, transform: FakePipeline.transform(copies: 1))
        }
        #expect(gone?.reason.contains("the file is gone") == true)
    }

    @Test("Merge refuses an output that is one of its inputs, and workers of different input sets")
    func mergeRefusals() throws {
        let inputRoot = TemporaryFolder.make("in")
        let workers = (0..<2).map { TemporaryFolder.make("w\($0)") }
        defer { TemporaryFolder.remove(inputRoot); workers.forEach { TemporaryFolder.remove($0) } }
        let inputs = FakePipeline.inputs(count: 20, under: inputRoot)
        func convert(worker index: Int, inputs set: [ConversionInput], mode: OutputFolder.Mode = .fresh) throws {
            let partition = try Partition(index: index, count: 2)
            let worker = Manifest.Worker(index: index, count: 2, inputSetDigest: ConversionRunner.inputDigest(set))
            try ConversionRunner(options: options(workers[index], mode: mode, worker: worker)).run(
                inputs: set.filter { partition.contains(key: $0.key) }, transform: FakePipeline.transform(copies: 1))
        }
        try convert(worker: 0, inputs: inputs)
        try convert(worker: 1, inputs: inputs)
        let before = TemporaryFolder.files(in: workers[0])
        let intoInput = #expect(throws: ShardError.self) {
            try ManifestMerger.merge(folders: workers, into: workers[0] + "/", mode: .overwrite)
        }
        #expect(intoInput?.reason.contains("one of the folders being merged") == true)
        #expect(TemporaryFolder.files(in: workers[0]) == before)
        let full = TemporaryFolder.make("full")
        defer { TemporaryFolder.remove(full) }
        _ = FileManager.default.createFile(atPath: full + "/x.txt", contents: Data("x".utf8))
        let nonEmpty = #expect(throws: ShardError.self) { try ManifestMerger.merge(folders: workers, into: full) }
        #expect(nonEmpty?.code == .outputNotEmpty)
        #expect(nonEmpty?.reason.contains("--overwrite") == true && nonEmpty?.reason.contains("--resume") == false)

        // Worker 1 again, on a listing with one input fewer: another set of inputs.
        try convert(worker: 1, inputs: Array(inputs.dropLast()), mode: .overwrite)
        let mixed = #expect(throws: ShardError.self) {
            try ManifestMerger.merge(folders: workers, into: TemporaryFolder.make("merged"))
        }
        #expect(mixed?.code == .incompatibleManifests)
        #expect(mixed?.reason.contains("different set of inputs") == true)
    }

    @Test("Splits other than train, val and test are refused; a worker resumed on another listing is told so")
    func splitsAndWorkerListing() throws {
        let inputRoot = TemporaryFolder.make("in"), out = TemporaryFolder.make("out"), worker = TemporaryFolder.make("worker")
        defer { TemporaryFolder.remove(inputRoot, out, worker) }
        var inputs = FakePipeline.inputs(count: 6, under: inputRoot)
        let odd = inputs.map { input in
            var input = input
            input.split = "holdout"
            return input
        }
        let error = #expect(throws: ShardError.self) {
            try ConversionRunner(options: options(out)).run(inputs: odd, transform: FakePipeline.transform(copies: 1))
        }
        #expect(error?.reason.contains("split 'holdout'") == true)
        #expect(TemporaryFolder.files(in: out).isEmpty)

        let first = Manifest.Worker(index: 0, count: 2, inputSetDigest: ConversionRunner.inputDigest(inputs))
        let partition = try Partition(index: 0, count: 2)
        try ConversionRunner(options: options(worker, worker: first)).run(
            inputs: inputs.filter { partition.contains(key: $0.key) }, transform: FakePipeline.transform(copies: 1))
        inputs.removeLast()
        let other = Manifest.Worker(index: 0, count: 2, inputSetDigest: ConversionRunner.inputDigest(inputs))
        let listing = #expect(throws: ShardError.self) {
            try ConversionRunner(options: options(worker, mode: .resume, worker: other)).run(
                inputs: inputs.filter { partition.contains(key: $0.key) }, transform: FakePipeline.transform(copies: 1))
        }
        #expect(listing?.reason.contains("the whole input listing the workers split") == true, "\(String(describing: listing))")
    }

    @Test("The output folder inside an input root is not walked")
    func outputInsideInput() throws {
        let root = TemporaryFolder.make("root")
        defer { TemporaryFolder.remove(root) }
        TemporaryFolder.write(["a/one.png": [1], "out/manifest.json": [2], "out/train-000000.tar": [3]], under: root)
        let listed = InputCatalog.files(roots: [root], output: root + "/out").files.map(\.relativePath)
        #expect(listed == ["a/one.png"])
        #expect(InputCatalog.files(roots: [root]).files.count == 3)
    }
}
