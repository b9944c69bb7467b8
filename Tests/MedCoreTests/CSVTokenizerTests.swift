import MedCore
import Testing

/// Expected records are Python's: `list(csv.reader(io.StringIO(text, newline='')))` (its default,
/// non-strict dialect) for the lenient tokenizer, without Python's empty lists for blank lines.
@Suite("CSVTokenizer")
struct CSVTokenizerTests {
    /// All records of `text`, or the failure that stopped the tokenizer.
    private func records(_ text: [UInt8], _ quoting: CSVTokenizer.Quoting) -> Result<[[String]], CSVTokenizer.Failure> {
        var tokenizer = CSVTokenizer(bytes: text, delimiter: UInt8(ascii: ","), quoting: quoting)
        var fields: [String] = []
        var all: [[String]] = []
        do {
            while try tokenizer.next(into: &fields) != nil { all.append(fields) }
            return .success(all)
        } catch {
            return .failure(error)
        }
    }

    @Test("well-formed tables read the same strict and lenient, as Python's csv reads them")
    func wellFormed() throws {
        let text = Array("a,\"b\nc\",d\r\n\r\ne,f\n\"a\"\"b\",c\n".utf8)
        let expected = [["a", "b\nc", "d"], ["e", "f"], ["a\"b", "c"]]
        #expect(try records(text, .strict).get() == expected)
        #expect(try records(text, .lenient).get() == expected)
    }

    @Test("lenient quoting reads broken quotes as Python's csv does; strict names line and field")
    func brokenQuotes() {
        let afterQuote = Array("h\n\"x\"y,z\n".utf8)
        #expect((try? records(afterQuote, .lenient).get()) == [["h"], ["xy", "z"]])
        if case .failure(let failure) = records(afterQuote, .strict) {
            #expect(failure.kind == .malformed && failure.line == 2 && failure.column == 1)
            #expect(failure.reason == "unexpected character 'y' after a closing quote")
        } else {
            Issue.record("strict tokenizer accepted text after a closing quote")
        }
        #expect((try? records(Array("a,\"b\"c\"d\n".utf8), .lenient).get()) == [["a", "bc\"d"]])

        let unclosed = Array("h\na,\"bc\nd".utf8)
        #expect((try? records(unclosed, .lenient).get()) == [["h"], ["a", "bc\nd"]])
        if case .failure(let failure) = records(unclosed, .strict) {
            #expect(failure.kind == .malformed && failure.line == 2 && failure.column == 2)
            #expect(failure.reason == "quoted field is never closed (the quote opens on line 2)")
        } else {
            Issue.record("strict tokenizer accepted an unclosed quote")
        }
    }

    @Test("invalid UTF-8 is a failure carrying the field's bytes when strict, U+FFFD when lenient")
    func invalidUTF8() {
        let text: [UInt8] = Array("a,b\nc,".utf8) + [0x63, 0xE9] + Array("\n".utf8)
        #expect((try? records(text, .lenient).get()) == [["a", "b"], ["c", "c\u{FFFD}"]])
        if case .failure(let failure) = records(text, .strict) {
            #expect(failure.kind == .invalidUTF8 && failure.line == 2 && failure.column == 2)
            #expect(failure.fieldBytes == [0x63, 0xE9])
        } else {
            Issue.record("strict tokenizer accepted invalid UTF-8")
        }
    }
}
