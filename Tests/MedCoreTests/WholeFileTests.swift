import Foundation
import MedCore
import MedTestSupport
import Testing

@Suite("WholeFile")
struct WholeFileTests {
    @Test("reads a file's bytes as Foundation does, and refuses a folder with its kind")
    func readsAndRefuses() throws {
        let folder = TemporaryFolder.make("wholefile")
        defer { TemporaryFolder.remove(folder) }
        let bytes = (0..<70_001).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        TemporaryFolder.write(["f.bin": bytes], under: folder)
        let read = try WholeFile.contents(of: folder + "/f.bin")
        #expect(read == [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/f.bin"))))
        #expect(read == bytes)
        let error = #expect(throws: WholeFile.ReadFailure.self) { try WholeFile.contents(of: folder) }
        #expect(error?.message == "not a regular file: a folder")
    }
}
