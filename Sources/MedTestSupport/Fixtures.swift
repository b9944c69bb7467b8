import Foundation

/// Locates files kept in the repository for tests: `Tests/Fixtures/` and `samples/`.
///
/// Paths are resolved from this source file's location, so tests work from any working directory
/// and need no SwiftPM resources.
public enum Fixtures {
    /// The repository root (the folder holding `Package.swift`).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // MedTestSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()

    /// A file under `Tests/Fixtures/`, e.g. `fixture("dicom/ct_signed.dcm")`.
    public static func fixture(_ relativePath: String) -> String {
        repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relativePath).path
    }

    /// A file under `samples/`.
    public static func sample(_ relativePath: String) -> String {
        repositoryRoot.appendingPathComponent("samples").appendingPathComponent(relativePath).path
    }

    /// The bytes of a file under `Tests/Fixtures/`.
    public static func fixtureBytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture(relativePath))))
    }

    /// Whether a command-line tool is on the PATH (for tests that compare with DCMTK's tools).
    public static func hasTool(_ name: String) -> Bool {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return paths.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }
}
