import Foundation
import MedGestures
import MedTestSupport

/// Locates `samples/gestures` in the repository from this file's path (symlinks resolved).
enum Samples {
    static let root: String = {
        let file = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        return file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/gestures").path
    }()

    static func path(_ name: String) -> String { root + "/" + name }

    static func read(_ name: String, format: LandmarkFormat? = nil, options: LandmarkReadOptions = .init()) throws
        -> LandmarkSequence
    {
        try LandmarkFile.read(path(name), format: format, options: options)
    }

    /// A unique temporary path ending in `name` (so its extension picks the format).
    static func temporary(_ name: String) -> String {
        TemporaryFolder.path("gestures") + "-" + name
    }
}
