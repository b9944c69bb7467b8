import Foundation
import MedGestures
import MedTestSupport

/// The gesture samples in `samples/gestures` (located by ``Fixtures``).
enum Samples {
    static let root: String = Fixtures.sample("gestures")

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
