import Foundation
import Testing

@testable import MedLabels

@Suite("Label tables from files, folders and other encodings")
struct TableFileTests {
    @Test("Windows-1252 and Latin-1 bytes become the characters Foundation's decoders give", arguments: [
        TableEncoding.cp1252, .latin1,
    ])
    func encodings(encoding: TableEncoding) throws {
        let foundation: String.Encoding = encoding == .cp1252 ? .windowsCP1252 : .isoLatin1
        for byte in UInt8(0x20)...UInt8(0xFF) where byte != 0x7F {
            let undefined = encoding == .cp1252 && [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(byte)
            if undefined {
                #expect(throws: LabelError.self) { try encoding.utf8([0x41, byte], path: "t.csv") }
                continue
            }
            let ours = try encoding.utf8([0x41, byte], path: "t.csv")
            let reference = String(data: Data([0x41, byte]), encoding: foundation)
            #expect(String(decoding: ours, as: UTF8.self) == reference, "byte \(byte)")
        }
    }

    @Test("an undefined Windows-1252 byte is refused with its line")
    func undefinedByte() {
        let error = #expect(throws: LabelError.self) {
            try TableEncoding.cp1252.utf8(Array("a,b\nc,\u{1}".utf8) + [0x81], path: "m.csv")
        }
        #expect(error?.line == 2)
        #expect(error?.reason.contains("0x81") == true)
    }

    @Test("a folder given as a table is refused by name, not read")
    func folder() {
        let folder = FixtureFolder()
        let error = #expect(throws: LabelError.self) { try CSVReader(path: folder.root) }
        #expect(error?.code == .unreadable)
        #expect(error?.reason.contains("is a folder") == true)
        let generic = GenericCSVLabels(path: folder.root, keyColumn: "k", matchRule: .fileName, labels: .singleClass(column: "c"))
        #expect(throws: LabelError.self) { try generic.table() }
    }

    @Test("invalid UTF-8 names the likely encoding and the option")
    func hint() {
        let folder = FixtureFolder()
        let path = folder.write("m.csv", bytes: Array("file,finding\na.png,".utf8) + [0x93, 0x78, 0x94, 0x0A])
        let error = #expect(throws: LabelError.self) {
            var reader = try CSVReader(path: path)
            while try reader.next() != nil {}
        }
        #expect(error?.line == 2 && error?.column == 2)
        #expect(error?.reason.contains("--encoding cp1252") == true)
    }
}
