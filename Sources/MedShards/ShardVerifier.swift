import Foundation

/// What ``ShardVerifier`` found.
public struct VerificationReport: Sendable, Codable {
    /// Shards checked.
    public var shards = 0
    /// Samples found in the shards.
    public var samples = 0
    /// Tar members read.
    public var members = 0
    /// Members decoded by the member check.
    public var decoded = 0
    /// Every problem, as `ShardError` descriptions, in shard order.
    public var problems: [String] = []
    /// The manifest says the run finished.
    public var complete = false

    /// No problem was found and the run had finished.
    public var isValid: Bool { problems.isEmpty && complete }
}

/// Checks a shard folder against its manifest: every shard present with the listed size and
/// SHA-256, a valid tar stream whose samples are the listed keys in the listed order with the listed
/// members, and every member passes the caller's check.
///
/// What a member's contents must be is the caller's knowledge (medprep's member-format table:
/// `.json` parses, `.cls` is an integer, images decode); without a check only structure and hashes
/// are verified.
///
/// Reads each shard once; shards are checked on `jobs` threads.
public struct ShardVerifier: Sendable {
    /// Checks one member (`KEY.png`, `KEY.json`, ...) and throws when it is damaged; returns whether it
    /// decoded an image (counted in ``VerificationReport/decoded``).
    public typealias MemberCheck = @Sendable (_ name: String, _ contents: [UInt8]) throws -> Bool

    /// The folder.
    public let folder: String
    /// The member check, or `nil` for structure and hashes only.
    public let memberCheck: MemberCheck?
    /// Threads.
    public let jobs: Int

    /// Creates a verifier.
    public init(folder: String, jobs: Int = 1, memberCheck: MemberCheck? = nil) {
        self.folder = folder
        self.jobs = max(1, jobs)
        self.memberCheck = memberCheck
    }

    /// Verifies the folder.
    ///
    /// - Throws: ``ShardError`` when the manifest itself or the folder's listing cannot be read;
    ///   everything else is a problem in the report.
    public func verify() throws(ShardError) -> VerificationReport {
        let manifest = try Manifest.read(folder: folder)
        var report = VerificationReport()
        report.complete = manifest.complete
        if !manifest.complete { report.problems.append("\(folder): the manifest says the run did not finish") }
        var samplesByShard: [String: [Manifest.Sample]] = [:]
        for sample in manifest.samples { samplesByShard[sample.shard, default: []].append(sample) }
        let listed = Set(manifest.shards.map(\.name))
        for name in try OutputFolder.list(folder).sorted()
        where OutputFolder.isShardName(name) && !listed.contains(name) {
            report.problems.append("\(folder)/\(name): a shard file the manifest does not list")
        }
        for sample in manifest.samples where !listed.contains(sample.shard) {
            report.problems.append(
                "\(folder): sample \(sample.key) is in shard \(sample.shard), which the manifest does not list")
        }
        let errorLog = FileManager.default.contents(atPath: folder + "/" + OutputFolder.errorLogName).map {
            [UInt8]($0)
        }
        if manifest.complete, errorLog != ErrorRecord.jsonLines(manifest.skipped) {
            report.problems.append("\(folder)/\(OutputFolder.errorLogName): differs from the manifest's skipped inputs")
        }
        let shards = manifest.shards
        let byShard = samplesByShard
        let check = memberCheck
        let folder = self.folder
        do {
            try OrderedExecutor.run(
                count: shards.count, jobs: jobs, window: 2 * jobs,
                work: { index in
                    Self.verify(
                        shard: shards[index], samples: byShard[shards[index].name] ?? [], folder: folder,
                        check: check)
                },
                consume: { _, partial in
                    report.shards += 1
                    report.samples += partial.samples
                    report.members += partial.members
                    report.decoded += partial.decoded
                    report.problems += partial.problems
                })
        } catch {
            // Only `consume` could throw, and it does not; a failure would still be reported, never dropped.
            throw ShardError(.io, path: folder, reason: "verification stopped: \(error)")
        }
        return report
    }

    private static func verify(
        shard: Manifest.Shard, samples: [Manifest.Sample], folder: String,
        check: MemberCheck?
    ) -> VerificationReport {
        var report = VerificationReport()
        let path = folder + "/" + shard.name
        func problem(_ code: ShardError.Code, member: String? = nil, _ reason: String) {
            report.problems.append(
                ShardError(code, path: path, shard: shard.name, member: member, reason: reason).description)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            problem(.missingShard, "listed in the manifest but missing")
            return report
        }
        let bytes = [UInt8](data)
        if bytes.count != shard.bytes {
            problem(.hashMismatch, "has \(bytes.count) bytes, the manifest says \(shard.bytes)")
        }
        let sha = ContentHash.sha256(bytes)
        if sha != shard.sha256 { problem(.hashMismatch, "sha256 \(sha) differs from the manifest's \(shard.sha256)") }
        var reader = TarReader(bytes: bytes, path: path)
        var found: [(key: String, members: [String])] = []
        while let member = reader.next() {
            report.members += 1
            guard let dot = member.name.firstIndex(of: ".") else {
                problem(.countMismatch, member: member.name, "member name has no extension")
                continue
            }
            let key = String(member.name[..<dot]), ext = String(member.name[member.name.index(after: dot)...])
            if found.last?.key == key { found[found.count - 1].members.append(ext) } else { found.append((key, [ext])) }
            do {
                if let check, try check(member.name, member.contents) { report.decoded += 1 }
            } catch let error as ShardError {
                problem(.undecodableMember, member: member.name, error.reason)
            } catch {
                problem(.undecodableMember, member: member.name, "\(error)")
            }
        }
        if let error = reader.error { report.problems.append(error.description) }
        report.samples = found.count
        if found.count != shard.samples {
            problem(.countMismatch, "holds \(found.count) samples, the manifest says \(shard.samples)")
        }
        let expected = samples.map { ($0.key, $0.members) }
        if !found.elementsEqual(expected, by: { $0.key == $1.0 && $0.members == $1.1 }) {
            problem(.countMismatch, "its keys or members differ from the manifest's sample list")
        }
        return report
    }
}
