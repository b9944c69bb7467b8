import Foundation
import MedGestures

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

    /// A unique temporary path.
    static func temporary(_ name: String) -> String {
        NSTemporaryDirectory() + "medgestures-\(UUID().uuidString)-" + name
    }
}
