import Foundation
import MedTestSupport
import Testing
@testable import MedShards

@Suite("Conversion runner: determinism, errors, resume")
struct ConversionRunnerTests {
    private let limits = ShardWriter.Limits(samples: 4, bytes: 6000)

    private func options(
        _ folder: String, jobs: Int, mode: OutputFolder.Mode = .fresh,
        pipeline: ManifestValue = .object(["size": .int(512)])
    ) -> ConversionOptions {
        ConversionOptions(
            folder: folder, mode: mode, limits: limits, jobs: jobs, toolVersion: "test",
            pipeline: pipeline)
    }

    @Test("Output is byte-identical whatever the number of jobs", arguments: [2, 3, 5])
    func jobsDoNotChangeBytes(jobs: Int) throws {
        let inputRoot = TemporaryFolder.make("in"), one = TemporaryFolder.make("one"), many = TemporaryFolder.make("many")
        defer { TemporaryFolder.remove(inputRoot, one, many) }
        let inputs = FakePipeline.inputs(count: 40, under: inputRoot)
        try ConversionRunner(options: options(one, jobs: 1)).run(
            inputs: inputs, transform: FakePipeline.transform(copies: 2))
        try ConversionRunner(options: options(many, jobs: jobs)).run(
            inputs: inputs.shuffled(),
            transform: FakePipeline.transform(copies: 2))
        let a = TemporaryFolder.files(in: one), b = TemporaryFolder.files(in: many)
        #expect(a.keys.sorted() == b.keys.sorted())
        #expect(a == b)
        #expect(a.keys.contains("train-000000.tar"))
    }

    @Test("Bad inputs are logged with path and code, and the batch goes on")
    func errorsAreLogged() throws {
        let inputRoot = TemporaryFolder.make("in"), out = TemporaryFolder.make("out")
        defer { TemporaryFolder.remove(inputRoot, out) }
        let inputs = FakePipeline.inputs(count: 30, under: inputRoot)
        let pre = [ErrorRecord(path: "c/unlisted.png", code: "unlabeled", reason: "no label row")]
        let summary = try ConversionRunner(options: options(out, jobs: 2))
            .run(inputs: inputs, skipped: pre, transform: FakePipeline.transform(copies: 1))
        let bad = (0..<30).filter { $0 % 7 == 3 }.count
        #expect(summary.progress.skipped == bad + 1)
        #expect(summary.progress.samples == 30 - bad)
        #expect(summary.manifest.complete)
        #expect(summary.manifest.samples.count == 30 - bad)
        let log = String(decoding: FileManager.default.contents(atPath: out + "/errors.jsonl") ?? Data(), as: UTF8.self)
        let lines = log.split(separator: "\n")
        #expect(lines.count == bad + 1)
        #expect(lines.first?.contains("\"code\":\"undecodableMember\"") == true)
        #expect(log.contains("\"path\":\"a/img0010.dcm\""))
        #expect(log.contains("\"path\":\"c/unlisted.png\""))
        let manifest = try Manifest.read(folder: out)
        #expect(manifest == summary.manifest)
        #expect(manifest.sourceHash == .blake3)
        #expect(manifest.samples.allSatisfy { $0.sourceBLAKE3?.count == 64 && $0.sourceSHA256 == nil })
    }

    @Test("A non-empty folder is refused without resume or overwrite; overwrite keeps foreign files")
    func refusesNonEmpty() throws {
        let inputRoot = TemporaryFolder.make("in"), out = TemporaryFolder.make("out")
        defer { TemporaryFolder.remove(inputRoot, out) }
        let inputs = FakePipeline.inputs(count: 5, under: inputRoot)
        _ = FileManager.default.createFile(atPath: out + "/notes.txt", contents: Data("mine".utf8))
        let error = #expect(throws: ShardError.self) {
            try ConversionRunner(options: options(out, jobs: 1)).run(
                inputs: inputs, transform: FakePipeline.transform(copies: 1))
        }
        #expect(error?.code == .outputNotEmpty)
        #expect(error?.reason.contains("--resume") == true && error?.reason.contains("--overwrite") == true)
        try ConversionRunner(options: options(out, jobs: 1, mode: .overwrite)).run(
            inputs: inputs, transform: FakePipeline.transform(copies: 1))
        try ConversionRunner(options: options(out, jobs: 1, mode: .overwrite)).run(
            inputs: inputs, transform: FakePipeline.transform(copies: 1))
        #expect(FileManager.default.fileExists(atPath: out + "/notes.txt"))
        #expect(FileManager.default.fileExists(atPath: out + "/manifest.json"))
    }

    @Test("Resuming from the folder as it was at any moment gives the uninterrupted bytes")
    func resumeFromEveryMoment() throws {
        let inputRoot = TemporaryFolder.make("in"), full = TemporaryFolder.make("full"), run = TemporaryFolder.make("run")
        defer { TemporaryFolder.remove(inputRoot, full, run) }
        let inputs = FakePipeline.inputs(count: 36, under: inputRoot)
        let transform = FakePipeline.transform(copies: 3)  // copies straddle shard boundaries
        try ConversionRunner(options: options(full, jobs: 1)).run(inputs: inputs, transform: transform)
        let expected = TemporaryFolder.files(in: full)

        // A kill -9 leaves the folder as it is between two steps of the writer: snapshot it after every input.
        var snapshots: [String] = []
        try ConversionRunner(options: options(run, jobs: 2)).run(inputs: inputs, transform: transform) { progress in
            if progress.processed % 5 == 2 { snapshots.append(TemporaryFolder.copy(run)) }
        }
        #expect(snapshots.count >= 5)
        for snapshot in snapshots {
            defer { TemporaryFolder.remove(snapshot) }
            // A shard renamed into place just before the kill but not yet in the manifest must be redone.
            _ = FileManager.default.createFile(atPath: snapshot + "/test-000099.tar", contents: Data([1, 2, 3]))
            let summary = try ConversionRunner(options: options(snapshot, jobs: 2, mode: .resume))
                .run(inputs: inputs, transform: transform)
            #expect(TemporaryFolder.files(in: snapshot) == expected)
            #expect(summary.progress.resumed + summary.progress.processed == inputs.count)
        }
    }

    @Test("Resuming a finished run does nothing; resuming with other parameters is refused")
    func resumeChecks() throws {
        let inputRoot = TemporaryFolder.make("in"), out = TemporaryFolder.make("out")
        defer { TemporaryFolder.remove(inputRoot, out) }
        let inputs = FakePipeline.inputs(count: 10, under: inputRoot)
        try ConversionRunner(options: options(out, jobs: 1)).run(
            inputs: inputs, transform: FakePipeline.transform(copies: 1))
        let before = TemporaryFolder.files(in: out)
        let summary = try ConversionRunner(options: options(out, jobs: 1, mode: .resume))
            .run(inputs: inputs, transform: FakePipeline.transform(copies: 1))
        #expect(summary.progress.processed == 0)
        #expect(TemporaryFolder.files(in: out) == before)
        let error = #expect(throws: ShardError.self) {
            try ConversionRunner(
                options: options(out, jobs: 1, mode: .resume, pipeline: .object(["size": .int(224)]))
            )
            .run(inputs: inputs, transform: FakePipeline.transform(copies: 1))
        }
        #expect(error?.code == .manifestMismatch)
        #expect(error?.reason.contains("pipeline") == true)
    }

    @Test("Workers' folders merge into the single-machine sample set, and the merge verifies")
    func workersMerge() throws {
        let inputRoot = TemporaryFolder.make("in"), single = TemporaryFolder.make("single"), merged = TemporaryFolder.make("merged")
        let workerFolders = (0..<3).map { TemporaryFolder.make("w\($0)") }
        defer { TemporaryFolder.remove(inputRoot, single, merged); workerFolders.forEach { TemporaryFolder.remove($0) } }
        let inputs = FakePipeline.inputs(count: 45, under: inputRoot)
        let transform = FakePipeline.transform(copies: 1)
        try ConversionRunner(options: options(single, jobs: 2)).run(inputs: inputs, transform: transform)
        for (index, folder) in workerFolders.enumerated() {
            let partition = try Partition(index: index, count: 3)
            var opts = options(folder, jobs: 1)
            opts.worker = Manifest.Worker(index: index, count: 3)
            try ConversionRunner(options: opts).run(
                inputs: inputs.filter { partition.contains(key: $0.key) }, transform: transform)
        }
        let manifest = try ManifestMerger.merge(folders: workerFolders.reversed(), into: merged)
        let singleManifest = try Manifest.read(folder: single)
        #expect(Set(manifest.samples.map(\.key)) == Set(singleManifest.samples.map(\.key)))
        #expect(manifest.samples.count == singleManifest.samples.count)
        #expect(Set(manifest.skipped) == Set(singleManifest.skipped))
        let report = try ShardVerifier(folder: merged, jobs: 2).verify()
        #expect(report.problems == [])
        #expect(report.isValid)
        #expect(report.samples == manifest.samples.count)

        let missing = #expect(throws: ShardError.self) {
            try ManifestMerger.merge(folders: Array(workerFolders.prefix(2)), into: TemporaryFolder.make("m2"))
        }
        #expect(missing?.code == .incompatibleManifests)
    }

    @Test("Verify finds a flipped byte, a missing shard and an extra one")
    func verifyFindsDamage() throws {
        let inputRoot = TemporaryFolder.make("in"), out = TemporaryFolder.make("out")
        defer { TemporaryFolder.remove(inputRoot, out) }
        let inputs = FakePipeline.inputs(count: 20, under: inputRoot)
        try ConversionRunner(options: options(out, jobs: 1)).run(
            inputs: inputs, transform: FakePipeline.transform(copies: 1))
        #expect(try ShardVerifier(folder: out).verify().problems == [])
        let manifest = try Manifest.read(folder: out)
        let path = out + "/" + manifest.shards[0].name
        var bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        bytes[700] ^= 1
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        try FileManager.default.removeItem(atPath: out + "/" + manifest.shards[1].name)
        _ = FileManager.default.createFile(atPath: out + "/train-000777.tar", contents: Data())
        let report = try ShardVerifier(folder: out).verify()
        #expect(report.problems.contains { $0.contains(manifest.shards[0].name) && $0.contains("sha256") })
        #expect(report.problems.contains { $0.contains(manifest.shards[1].name) && $0.contains("missing") })
        #expect(report.problems.contains { $0.contains("train-000777.tar") })
        #expect(!report.isValid)
    }

    @Test("Member checks see every member and report the member's name")
    func memberCheck() throws {
        let inputRoot = TemporaryFolder.make("in"), out = TemporaryFolder.make("out")
        defer { TemporaryFolder.remove(inputRoot, out) }
        let inputs = FakePipeline.inputs(count: 8, under: inputRoot)
        try ConversionRunner(options: options(out, jobs: 1)).run(
            inputs: inputs, transform: FakePipeline.transform(copies: 1))
        let report = try ShardVerifier(folder: out) { name, _ in
            if name == "a_img0000.bin" { throw ShardError(.undecodableMember, path: name, reason: "nope") }
            return name.hasSuffix(".bin")
        }.verify()
        #expect(report.problems.count == 1)
        #expect(report.decoded == report.members / 2 - 1)
        #expect(report.problems.allSatisfy { $0.contains("a_img0000.bin") })
    }
}
