import Foundation
import MedTestSupport
import Testing

@testable import MedShards

#if canImport(Glibc)
    import Glibc
#endif

/// The walker on trees made at test time: special files, links, cycles, names of any bytes.
@Suite("Input listing: special files, links, names as bytes, ignored files")
struct InputListingTests {
    /// (path, code) of every record, in order.
    static func records(_ errors: [ErrorRecord]) -> [String] { errors.map { "\($0.path) \($0.code)" } }

    @Test(
        "Names print as UTF-8, invalid bytes and control characters as \\xHH (Python's backslashreplace)",
        arguments: [
            ([0x61, 0x2E, 0x70, 0x6E, 0x67], "a.png"),
            ([0x63, 0x61, 0x66, 0xC3, 0xA9], "café"),  // valid UTF-8: as is
            ([0x63, 0x61, 0x66, 0xE9, 0x2E, 0x70], "caf\\xe9.p"),  // Windows-1252 é
            ([0x61, 0x0A, 0x62, 0x7F], "a\\x0ab\\x7f"),  // newline, DEL
            ([0xF0, 0x9F, 0x98, 0x41], "\\xf0\\x9f\\x98A"),  // a 4-byte sequence cut short
            ([0xF0, 0x9F, 0x98, 0x80], "\u{1F600}"),
            ([0xED, 0xA0, 0x80], "\\xed\\xa0\\x80"),  // an encoded surrogate is not UTF-8
            ([0xC0, 0x80, 0x5C], "\\xc0\\x80\\"),  // overlong NUL; a backslash stays as is
            ([0xE2, 0x82], "\\xe2\\x82"),
        ] as [([UInt8], String)])
    func printedNames(bytes: [UInt8], printed: String) {
        #expect(PathText.printed(bytes) == printed)
        #expect(
            bytes.withUnsafeBufferPointer { PathText.isPlain($0) }
                == (String(decoding: bytes, as: UTF8.self) == printed))
    }

    @Test("A FIFO, socket, device, dangling link, link loop and cycle met while walking each get one record")
    func specialEntries() throws {
        let root = TemporaryFolder.make("special")
        defer { TemporaryFolder.remove(root) }
        ListingFixtures.folder(root + "/sub")
        ListingFixtures.folder(root + "/.git")
        ListingFixtures.file(Array((root + "/a.png").utf8), ListingFixtures.png)
        ListingFixtures.file(Array((root + "/caf").utf8) + [0xE9] + Array(".png".utf8), ListingFixtures.png)
        ListingFixtures.file(Array((root + "/sub/b.png").utf8), ListingFixtures.png)
        ListingFixtures.file(Array((root + "/.hidden.png").utf8), ListingFixtures.png)
        ListingFixtures.file(Array((root + "/.git/x.png").utf8), ListingFixtures.png)
        ListingFixtures.fifo(root + "/pipe.png")
        ListingFixtures.socket(root + "/sock")
        ListingFixtures.link(root + "/null", to: "/dev/null")
        ListingFixtures.link(root + "/dangling.png", to: "missing.png")
        ListingFixtures.link(root + "/self", to: "self")
        ListingFixtures.link(root + "/loopA", to: "loopB")
        ListingFixtures.link(root + "/loopB", to: "loopA")
        ListingFixtures.link(root + "/sub/up", to: "..")

        let listing = InputCatalog.list(roots: [Array(root.utf8)])
        #expect(listing.files.map(\.relativePath) == ["a.png", "caf\\xe9.png", "sub/b.png"])
        #expect(
            Self.records(listing.errors) == [
                "dangling.png danglingLink", "loopA linkLoop", "loopB linkLoop", "null device", "pipe.png fifo",
                "self linkLoop", "sock socket", "sub/up linkLoop",
            ])
        #expect(listing.hidden == 2)
        let reasons = Dictionary(uniqueKeysWithValues: listing.errors.map { ($0.path, $0.reason) })
        #expect(reasons["pipe.png"] == "a FIFO (named pipe), not a regular file; not read")
        #expect(reasons["null"] == "a symbolic link to a character device, not a regular file; not read")
        #expect(reasons["sub/up"]?.contains("a folder that contains it (a cycle)") == true)
        // The Windows-1252 name is opened by its bytes.
        let cafe = try #require(listing.files.first { $0.relativePath == "caf\\xe9.png" })
        #expect(cafe.pathBytes == Array((root + "/caf").utf8) + [0xE9] + Array(".png".utf8))
        #expect(try cafe.contents() == ListingFixtures.png)
    }

    @Test("Links are followed inside and outside the root; a file reached twice is listed once, under its first path")
    func linksAndDuplicates() throws {
        let root = TemporaryFolder.make("links"), outside = TemporaryFolder.make("outside")
        defer { TemporaryFolder.remove(root, outside) }
        ListingFixtures.folder(outside + "/data")
        for name in ["x.png", "y.png"] {
            ListingFixtures.file(Array((outside + "/data/" + name).utf8), ListingFixtures.png)
        }
        ListingFixtures.file(Array((root + "/real.png").utf8), ListingFixtures.png)
        #expect(link(root + "/real.png", root + "/hard.png") == 0)  // a hard link: another file
        ListingFixtures.link(root + "/alias.png", to: "real.png")
        ListingFixtures.link(root + "/linked", to: outside + "/data")
        ListingFixtures.link(root + "/ext.png", to: outside + "/data/x.png")

        let listing = InputCatalog.list(roots: [Array(root.utf8)])
        #expect(listing.files.map(\.relativePath) == ["alias.png", "ext.png", "hard.png", "linked/y.png"])
        #expect(Self.records(listing.errors) == ["linked/x.png duplicate", "real.png duplicate"])
        #expect(listing.errors.first?.reason.contains("the same file as 'ext.png'") == true)
        #expect(listing.errors.last?.reason.contains("the same file as 'alias.png'") == true)

        let within = InputCatalog.list(roots: [Array(root.utf8)], links: .withinRoot)
        #expect(within.files.map(\.relativePath) == ["alias.png", "hard.png"])
        #expect(
            Self.records(within.errors) == ["ext.png linkOutsideRoot", "linked linkOutsideRoot", "real.png duplicate"])
    }

    @Test("A folder of 24 symlinked PNGs lists 24; a symlinked dataset folder is walked, as a root and inside one")
    func symlinkedFolders() throws {
        let store = TemporaryFolder.make("store"), links = TemporaryFolder.make("pngs"), parent = TemporaryFolder.make("parent")
        defer { TemporaryFolder.remove(store, links, parent) }
        let names = (0..<24).map { String(format: "img%02d.png", $0) }
        for name in names {
            ListingFixtures.file(Array((store + "/" + name).utf8), ListingFixtures.png)
            ListingFixtures.link(links + "/" + name, to: store + "/" + name)
        }
        let listing = InputCatalog.list(roots: [Array(links.utf8)])
        #expect(listing.files.map(\.relativePath) == names)
        #expect(listing.errors.isEmpty)
        #expect(listing.files.allSatisfy { (try? $0.contents()) == ListingFixtures.png })

        ListingFixtures.link(parent + "/dataset", to: store)
        let asRoot = InputCatalog.list(roots: [Array((parent + "/dataset").utf8)])
        #expect(asRoot.files.map(\.relativePath) == names)
        let inside = InputCatalog.list(roots: [Array(parent.utf8)])
        #expect(inside.files.map(\.relativePath) == names.map { "dataset/" + $0 })
        #expect(inside.errors.isEmpty)
    }

    @Test("Relative paths sort by bytes, a folder's name as if it ended with '/'")
    func byteOrder() {
        let root = TemporaryFolder.make("order")
        defer { TemporaryFolder.remove(root) }
        for name in ["a.png", "a-b.png", "a b.png", "a/x.png", "B.png", "\u{E9}.png", "e\u{301}.png"] {
            ListingFixtures.folder(root + "/a")
            ListingFixtures.file(Array((root + "/" + name).utf8), ListingFixtures.png)
        }
        let listing = InputCatalog.list(roots: [Array(root.utf8)])
        // NFC and NFD spellings of é are two files, listed apart (Swift's String equality would merge them).
        #expect(
            listing.files.map { Array($0.relativePath.utf8) }
                == [
                    "B.png", "a b.png", "a-b.png", "a.png", "a/x.png", "e\u{301}.png", "\u{E9}.png",
                ].map { Array($0.utf8) })
    }

    @Test("Paths given by name: a FIFO, a folder, a missing file, a dangling link and a repeat get records")
    func listedPaths() throws {
        let root = TemporaryFolder.make("listed")
        defer { TemporaryFolder.remove(root) }
        ListingFixtures.folder(root + "/dir")
        ListingFixtures.file(Array((root + "/a.png").utf8), ListingFixtures.png)
        ListingFixtures.fifo(root + "/pipe")
        ListingFixtures.link(root + "/gone.png", to: "nowhere.png")
        let list =
            "# inputs\n\(root)/pipe\n\(root)/dir\n\(root)/missing.png\n\(root)/gone.png\n\(root)/a.png\n"
            + "  \(root)/./a.png \r\n"
        ListingFixtures.file(Array((root + "/list.txt").utf8), Array(list.utf8))
        let listing = InputCatalog.list(
            roots: [Array((root + "/pipe").utf8)], listFile: Array((root + "/list.txt").utf8))
        let relative = String(root.dropFirst())
        // Only leading '/' and './' leave a listed path; of two spellings of one file the first in byte order stays.
        #expect(listing.files.map(\.relativePath) == [relative + "/./a.png"])
        #expect(
            Self.records(listing.errors)
                == [
                    root + "/pipe fifo", relative + "/a.png duplicate", relative + "/dir unreadable",
                    relative + "/gone.png danglingLink", relative + "/missing.png unreadable", relative + "/pipe fifo",
                ].sorted())
    }

    @Test("Files that are not images by name and first bytes are ignored; a file claiming an image stays an input")
    func ignoredFiles() throws {
        let root = TemporaryFolder.make("ignored")
        defer { TemporaryFolder.remove(root) }
        let dicom = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + [2, 0, 0, 0]
        let files: [String: [UInt8]] = [
            "README": Array("read me".utf8), "labels.csv": Array("a,b\n".utf8), "meta.json": Array("{}".utf8),
            "empty": [], "notes.dcm": Array("not an image".utf8), "IM000001": dicom, "scan.PNG": Array("text".utf8),
            "x.png.txt": ListingFixtures.png, "1.2.840.10008": dicom,
        ]
        TemporaryFolder.write(files, under: root)
        let selection = InputSelection.split(InputCatalog.list(roots: [Array(root.utf8)]).files)
        #expect(
            selection.images.map(\.relativePath) == ["1.2.840.10008", "IM000001", "notes.dcm", "scan.PNG", "x.png.txt"])
        #expect(selection.ignored.map(\.relativePath) == ["README", "empty", "labels.csv", "meta.json"])
    }

    @Test("A FIFO put in a listed file's place is refused by the reader, which does not block")
    func fifoSwappedIn() throws {
        let root = TemporaryFolder.make("swap")
        defer { TemporaryFolder.remove(root) }
        ListingFixtures.file(Array((root + "/a.png").utf8), ListingFixtures.png)
        let file = try #require(InputCatalog.list(roots: [Array(root.utf8)]).files.first)
        unlink(root + "/a.png")
        ListingFixtures.fifo(root + "/a.png")
        let outcome = Outcome()
        let reader = Thread {
            do {
                _ = try file.contents()
                outcome.set("read")
            } catch let error as ShardError {
                outcome.set(error.reason)
            } catch {
                outcome.set("\(error)")
            }
        }
        reader.start()
        let deadline = Date().addingTimeInterval(20)
        while outcome.value == nil && Date() < deadline { usleep(10_000) }
        if outcome.value == nil {
            // Unblock a reader stuck in open(2) so the suite ends, then fail.
            let writer = open(root + "/a.png", O_RDWR | O_NONBLOCK)
            close(writer)
            Issue.record("reading a FIFO blocked")
        }
        #expect(outcome.value == "not a regular file: a FIFO (named pipe)")
    }
}

/// A value set by another thread.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    func set(_ value: String) { lock.withLock { text = value } }
    var value: String? { lock.withLock { text } }
}
