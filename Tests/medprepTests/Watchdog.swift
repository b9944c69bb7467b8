import Foundation
import MedTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `medprep` with a time limit, so a regression that hangs (a FIFO opened for reading waits
/// for a writer forever) fails its test instead of hanging the suite.
///
/// Output goes to files rather than pipes: a reader blocked on a pipe could not be timed out.
enum Watchdog {
    /// What the run printed and returned, and whether it had to be killed.
    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
        var timedOut: Bool
    }

    /// Runs `medprep arguments`, killing it after `seconds`.
    static func medprep(
        _ arguments: [String], seconds: Double = 60, environment: [String: String] = [:]
    ) throws -> Result {
        try run(CommandRunner.medprepPath, arguments, seconds: seconds, environment: environment)
    }

    /// Runs `/bin/sh -c script` with `arguments` as `$0 $1 ...`: the way to pass file names that are
    /// not UTF-8, which `Process` cannot carry, built by the shell's `printf`.
    static func shell(_ script: String, _ arguments: [String], seconds: Double = 60) throws -> Result {
        try run("/bin/sh", ["-c", script] + arguments, seconds: seconds, environment: [:])
    }

    private static func run(
        _ executable: String, _ arguments: [String], seconds: Double, environment: [String: String]
    ) throws -> Result {
        let folder = TemporaryFolder.make("watchdog")
        defer { TemporaryFolder.remove(folder) }
        for name in ["out", "err"] { _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: nil) }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/err"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try out.close()
        try err.close()
        let text = { (name: String) in
            String(decoding: FileManager.default.contents(atPath: folder + "/" + name) ?? Data(), as: UTF8.self)
        }
        return Result(stdout: text("out"), stderr: text("err"), status: process.terminationStatus, timedOut: timedOut)
    }
}
