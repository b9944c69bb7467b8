import Foundation
import MedShards

/// Prints `error: DESCRIPTION` on stderr, as ArgumentParser does for its own errors: the one way
/// every command reports a failure before exiting with `ExitCode.failure`.
///
/// The description is the error's own, which names the file and where in it (``ImageError``,
/// ``ShardError``, ``LabelError`` descriptions).
func reportFailure(_ error: any Error) {
    printDiagnostic("error: \(error)")
}

/// Writes `line` and a newline on stderr: the one printer of the tool's diagnostics (failures
/// through ``reportFailure(_:)``, per-file errors and warnings of batch commands as they are).
func printDiagnostic(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes `value` as one JSON line on stdout (the `--json` output of a command).
///
/// - Throws: the encoder's error, which the command reports with ``reportFailure(_:)``; an empty line
///   is never printed in place of a report.
func printJSONLine(_ value: some Encodable) throws {
    FileHandle.standardOutput.write(Data(try ManifestCoding.line(value) + [UInt8(ascii: "\n")]))
}
