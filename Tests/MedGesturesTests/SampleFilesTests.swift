import Foundation
import MedSynthetic
import MedTestSupport
import Testing

/// `samples/gestures` are fixtures many tests read; they must stay what the generator writes, so a
/// change to the hand model or the seeded generator shows up here, not as drift in other tests.
@Suite("samples/gestures")
struct SampleFilesTests {
    @Test("MedSynthetic's GestureSampleFiles writes every generated file of samples/gestures byte for byte")
    func regenerated() throws {
        let folder = TemporaryFolder.make("gesture-samples")
        defer { TemporaryFolder.remove(folder) }
        try GestureSampleFiles.write(to: folder)
        let written = TemporaryFolder.files(in: folder)
        let committed = TemporaryFolder.files(in: Samples.root)
        #expect(written.count >= 20, "\(written.keys.sorted())")
        for (name, bytes) in written.sorted(by: { $0.key < $1.key }) {
            #expect(committed[name] == bytes, "\(name) differs from samples/gestures/\(name)")
        }
    }
}
