import ArgumentParser
import Foundation
import MedPipeline
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
        let decode = !noDecode
        let verifier = ShardVerifier(folder: folder, jobs: max(1, jobs)) { name, contents in
            try MemberFormat.verify(name: name, contents: contents, decode: decode)
        }
        let report: VerificationReport
        do {
            report = try verifier.verify()
        } catch {
            reportFailure(error)
            throw ExitCode.failure
        }
        if json {
            do {
                try printJSONLine(report)
            } catch {
                reportFailure(error)
                throw ExitCode.failure
            }
        } else {
            for problem in report.problems { print("problem: \(problem)") }
            print(
                "\(report.isValid ? "ok" : "FAILED"): \(report.shards) shards, \(report.samples) samples, "
                    + "\(report.members) members, \(report.decoded) images decoded, \(report.problems.count) problems")
        }
        if !report.isValid { throw ExitCode.failure }
    }
}
