import ArgumentParser
import Foundation
import MedImage
import MedShards

/// `medprep verify DIR`: recomputes hashes and counts and decodes every member against the manifest.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a shard folder against its manifest: hashes, counts, keys, and a decode of every member.")

    @Argument(help: ArgumentHelp("The shard folder (holding manifest.json).", valueName: "dir"))
    var folder: String

    @Option(help: "Threads (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Check structure and hashes only; do not decode images.")
    var noDecode = false

    @Flag(help: "Print the report as JSON on stdout.")
    var json = false

    func run() throws {
        let verifier = ShardVerifier(folder: folder, jobs: max(1, jobs), memberCheck: noDecode ? nil : Self.decode)
        let report: VerificationReport
        do {
            report = try verifier.verify()
        } catch {
            reportFailure(error)
            throw ExitCode.failure
        }
        if json {
            let data = (try? ManifestCoding.line(report)) ?? []
            FileHandle.standardOutput.write(Data(data + [UInt8(ascii: "\n")]))
        } else {
            for problem in report.problems { print("problem: \(problem)") }
            print(
                "\(report.isValid ? "ok" : "FAILED"): \(report.shards) shards, \(report.samples) samples, "
                    + "\(report.members) members, \(report.decoded) images decoded, \(report.problems.count) problems")
        }
        if !report.isValid { throw ExitCode.failure }
    }

    /// Decodes a PNG member (the CRCs of IHDR, IDAT and IEND, the zlib stream and its Adler-32 are
    /// checked; medprep writes no other chunks), or checks an `.npy` member's data length against its header.
    @Sendable static func decode(name: String, contents: [UInt8]) throws {
        if name.hasSuffix(".npy") {
            guard NPYHeader(contents) != nil else {
                throw ShardError(.undecodableMember, path: name, reason: "not a valid .npy array")
            }
            return
        }
        _ = try ImageDecoder.decode(contents, path: name)
    }
}
