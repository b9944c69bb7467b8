import Foundation
import MedShards

/// Prints `error: DESCRIPTION` on stderr, as ArgumentParser does for its own errors: the one way
/// every command reports a failure before exiting with `ExitCode.failure`.
///
/// The description is the error's own, which names the file and where in it (``ImageError``,
/// ``ShardError``, ``LabelError`` descriptions).
func reportFailure(_ error: any Error) {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
}

/// Writes `value` as one JSON line on stdout (the `--json` output of a command).
///
/// - Throws: the encoder's error, which the command reports with ``reportFailure(_:)``; an empty line
///   is never printed in place of a report.
func printJSONLine(_ value: some Encodable) throws {
    FileHandle.standardOutput.write(Data(try ManifestCoding.line(value) + [UInt8(ascii: "\n")]))
}
