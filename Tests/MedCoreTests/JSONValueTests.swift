import Foundation
import MedCore
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    /// `json.dumps(value, sort_keys=True, separators=(',', ':'))` in Python 3.
    static let python = #"{"box":[1,null,true],"gamma":0.5,"seed":18446744073709551615,"size":2682,"view":"PA"}"#

    @Test("decodes integers as int, above Int.max as unsigned, reals as double; re-encodes as Python writes it")
    func roundTrip() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(Self.python.utf8))
        #expect(value["seed"] == .unsigned(UInt64.max))
        #expect(value["size"] == .int(2682))
        #expect(value["gamma"] == .double(0.5))
        #expect(value["box"] == .array([.int(1), .null, .bool(true)]))
        #expect(value["missing"] == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: try encoder.encode(value), as: UTF8.self) == Self.python)
    }
}
