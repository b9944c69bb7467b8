import MedLabels
import Testing

@Suite("CSV reading agrees with CSV.swift")
struct CSVDifferentialTests {
    static let tables: [String] = [
        "a,b,c\n1,2,3\n",
        "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"multi\r\nline\",2\r\n",
        "Image Index,Finding Label,Bbox [x,y,w,h],,,\n00013118_008.png,Atelectasis,225.08,547.02,86.78,79.19,,,\n",
        "k,v\n\"\",\"\"\n,\n\"a\"\"\",b\n",
        "k,v\rx,y\r\"p\rq\",z\r",
        "name,note\nä.png,\"naïve, 10\"\" wide\"\n",
    ]

    @Test("records match field for field", arguments: tables)
    func sameRecords(table: String) throws {
        let reference = try #require(csvSwiftRows(table))
        var reader = try CSVReader(text: table, path: "d.csv")
        var ours: [[String]] = [reader.header]
        while let record = try reader.next() { ours.append(record.fields) }
        #expect(ours == reference)
    }
}
