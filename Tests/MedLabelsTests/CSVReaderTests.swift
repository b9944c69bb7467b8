import MedLabels
import Testing

@Suite("CSV reading (RFC 4180)")
struct CSVReaderTests {
    @Test("quoted fields keep commas, doubled quotes and line breaks")
    func quotedFields() throws {
        let text = "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,,3\n"
        let (header, rows) = try records(text)
        #expect(header == ["a", "b", "c"])
        #expect(rows.map(\.fields) == [["x, y", "say \"hi\"", "two\nlines"], ["1", "", "3"]])
        #expect(rows.map(\.line) == [2, 4])
    }

    @Test("CRLF, lone CR and a missing final line break all end records", arguments: ["\r\n", "\r", "\n"])
    func lineEndings(ending: String) throws {
        let text = "a,b" + ending + "1,2" + ending + "\"3\(ending)x\",4"
        let (_, rows) = try records(text)
        #expect(rows.map(\.fields) == [["1", "2"], ["3\(ending)x", "4"]])
        #expect(rows.map(\.line) == [2, 3])
    }

    @Test("a UTF-8 byte order mark is skipped and UTF-8 text is kept")
    func byteOrderMark() throws {
        var reader = try CSVReader(
            bytes: [0xEF, 0xBB, 0xBF] + Array("Image Index,Größe\nä.png,1\n".utf8), path: "b.csv")
        #expect(reader.header == ["Image Index", "Größe"])
        #expect(try reader.next()?.fields == ["ä.png", "1"])
    }

    @Test("NIH's header splits bracketed names at commas and ends with an empty column")
    func nihHeader() throws {
        let text = lines([
            "Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View Position,"
                + "OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y],",
            "00000001_000.png,Cardiomegaly,0,1,058Y,M,PA,2682,2749,0.143,0.143,",
        ])
        let (header, rows) = try records(text)
        #expect(header.count == 12)
        #expect(header[7] == "OriginalImage[Width" && header[8] == "Height]" && header[11] == "")
        #expect(rows[0].fields.count == 12 && rows[0][8] == "2749")
    }

    @Test("rows may omit trailing unnamed header columns (BBox_List_2017.csv)")
    func trailingUnnamedColumns() throws {
        let text = lines([
            "Image Index,Finding Label,Bbox [x,y,w,h],,,", "00013118_008.png,Atelectasis,225.08,547.02,86.78,79.19",
            "00014716_007.png,Atelectasis,686.1,131.9,185.5,194.4,,,",
        ])
        let (header, rows) = try records(text)
        #expect(header.count == 9)
        #expect(rows.map { $0.fields.count } == [6, 9])
        #expect(rows[0][7] == "")
    }

    @Test("empty lines between records are skipped but counted")
    func emptyLines() throws {
        let (_, rows) = try records("a,b\n\n1,2\r\n\r\n3,4\n\n")
        #expect(rows.map(\.line) == [3, 5])
    }

    @Test("a short row is reported with its line and first missing column")
    func shortRow() throws {
        let text = "a,b,c\n1,2,3\n\"multi\nline\",2,3\n4,5\n"
        let error = #expect(throws: LabelError.self) { try records(text, path: "short.csv") }
        #expect(error?.code == .raggedRow)
        #expect(error?.path == "short.csv")
        #expect(error?.line == 5)
        #expect(error?.column == 3)
    }

    @Test("a long row is reported at its first extra value")
    func longRow() throws {
        let error = #expect(throws: LabelError.self) { try records("a,b\n1,2\n1,2,x\n") }
        #expect(error?.code == .raggedRow)
        #expect(error?.line == 3)
        #expect(error?.column == 3)
        #expect(error?.description == "t.csv:3:3: record has 3 fields but the header has 2 columns (extra value 'x')")
    }

    @Test("an unterminated quote is reported where it opens")
    func unterminatedQuote() throws {
        let error = #expect(throws: LabelError.self) { try records("a,b\n1,2\n3,\"open\n4,5\n") }
        #expect(error?.code == .malformedCSV)
        #expect(error?.line == 3)
        #expect(error?.column == 2)
    }

    @Test("text after a closing quote is an error with line and column")
    func textAfterQuote() throws {
        let error = #expect(throws: LabelError.self) { try records("a,b\n1,\"x\"y\n") }
        #expect(error?.code == .malformedCSV)
        #expect(error?.line == 2)
        #expect(error?.column == 2)
    }

    @Test("invalid UTF-8 is reported with line and column")
    func invalidUTF8() throws {
        let error = #expect(throws: LabelError.self) {
            var reader = try CSVReader(bytes: Array("a,b\n1,".utf8) + [0xFF, 0x0A], path: "u.csv")
            _ = try reader.next()
        }
        #expect(error?.code == .unreadable)
        #expect(error?.line == 2)
        #expect(error?.column == 2)
    }

    @Test("a missing column names the header")
    func missingColumn() throws {
        let reader = try CSVReader(text: "x,y\n", path: "m.csv")
        let error = #expect(throws: LabelError.self) { try reader.requiredColumn("Patient ID") }
        #expect(error?.code == .missingColumn)
        #expect(error?.line == 1)
    }

    @Test("a quote inside an unquoted field is kept literally")
    func strayQuote() throws {
        let (_, rows) = try records("a,b\n5\" lesion,2\n")
        #expect(rows[0].fields == ["5\" lesion", "2"])
    }

    @Test("a trailing delimiter at the end of the file gives a final empty field")
    func trailingDelimiterAtEOF() throws {
        let (_, rows) = try records("a,b\n1,")
        #expect(rows[0].fields == ["1", ""])
    }
}
